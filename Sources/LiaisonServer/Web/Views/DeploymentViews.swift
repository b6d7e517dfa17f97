import Foundation

// Templates read stored properties only (they are found by reflection): nothing here is computed.

/// One deployment as a row of the network-wide list.
struct DeploymentRowView {
    let id: String
    let officer: String
    let deployingBody: String
    let country: String
    let city: String?
    let region: String
    let posting: String
    let period: String
    let tasks: String
    let origin: String
    let own: Bool
    /// "planned" or "ended" in the reader's language; absent while the officer is posted.
    let status: String?
}

/// One bar of the coverage chart: officers per region, and the regions where nobody is posted.
struct CoverageBarView {
    let region: String
    let officers: Int
    let bodies: String
    let countries: String
    let gap: Bool
    /// The bar's geometry in the SVG (attributes only: the Content-Security-Policy allows no styles).
    let y: Int
    let textY: Int
    let width: Int
}

/// The network-wide list of deployments with its filters and the coverage chart.
struct DeploymentListView {
    let rows: [DeploymentRowView]
    let countries: [Choice]
    let regions: [Choice]
    let bodies: [Choice]
    let tasks: [Choice]
    let includeEnded: Bool
    let filtered: Bool
    let canRecord: Bool
    let bars: [CoverageBarView]
    let chartHeight: Int
    let officers: Int
    let gaps: Int
    let day: String
}

/// The form that records or changes a deployment; `action` is where it posts.
struct DeploymentFormView {
    let action: String
    let heading: String
    let officerName: String
    let mailbox: String
    let phone: String
    let hostCity: String
    let startsOn: String
    let endsOn: String
    let sharedTasks: String
    let partTimeShare: String
    let bodies: [Choice]
    let postings: [Choice]
    let countries: [Choice]
    let regions: [Choice]
    let tasks: [Choice]
    let states: [Choice]
    let errors: [String: String]
    let failure: String?
}

/// One deployment, its history, and (at its own node, for a liaison officer) the form to change it.
struct DeploymentDetailView {
    struct Version {
        let when: String
        let change: String
        let by: String
        let summary: String
    }

    let row: DeploymentRowView
    let mailbox: String?
    let phone: String?
    let represented: String?
    let sharedTasks: String?
    let partTime: String?
    let taskList: [String]
    let history: [Version]
    let readOnlyNote: String?
    let form: DeploymentFormView?
}
