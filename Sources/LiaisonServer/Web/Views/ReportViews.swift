import Foundation

// Templates read stored properties only (they are found by reflection): nothing here is computed.

/// One report as a row of the list.
struct ReportRowView {
    let id: String
    let title: String
    let period: String
    let scope: String
    let origin: String
    let own: Bool
    let published: Bool
    let date: String
}

struct ReportListView {
    let rows: [ReportRowView]
    let canWrite: Bool
}

/// A piece of a text; `mark` is what was found in it, when something was.
struct TextPieceView {
    let text: String
    let mark: String?
}

/// A text of the report as the template has it: its label, what was typed, and where the
/// detector found personal data in it.
struct ReportSectionView {
    let field: String
    let label: String
    let text: String
    let pieces: [TextPieceView]
    let findings: [String]
    let blocked: Bool
}

struct ReportEditorView {
    let action: String
    let title: String
    let period: String
    let countries: [Choice]
    let regions: [Choice]
    let risks: [Choice]
    let sections: [ReportSectionView]
    /// The title and period findings, shown above the form.
    let headerFindings: [String]
    let errors: [String: String]
    let failure: String?
    let blocked: Bool
    let findingCount: Int
}

struct ReportDetailView {
    let title: String
    let meta: String
    let risk: String?
    let sections: [ReportSectionView]
    let editor: ReportEditorView?
}
