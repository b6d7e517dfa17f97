// What the pages show, as typed values: the templates' names are these properties. Texts
// are already in the reader's language; an absent optional hides its part of the page.

/// A refused form, on the same page: the readable detail and the stable code.
/// A refused form as the page shows it (an error summary at the top, GOV.UK style): what
/// is wrong in the reader's language, and each field at fault, linked to it. The stable code
/// stays out of sight, in an attribute, for support and tests.
struct PageFailure {
    struct FieldProblem {
        /// The id of the form control, which is also the field's name.
        let id: String
        let message: String
    }

    let detail: String
    let code: String
    let fields: [FieldProblem]
    // Stored, not computed: templates find properties by reflection.
    let hasFields: Bool

    init(detail: String, code: String, fields: [FieldProblem] = []) {
        self.detail = detail
        self.code = code
        self.fields = fields
        self.hasFields = !fields.isEmpty
    }

    /// `error` in `strings`' language, its fields in the order `order` gives (the form's),
    /// the others after them.
    init(_ error: AppError, strings: Strings, order: [String] = []) {
        let messages = strings.fields(of: error)
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: min)
        let ids = messages.keys.sorted { (rank[$0] ?? .max, $0) < (rank[$1] ?? .max, $1) }
        self.init(detail: strings.detail(of: error), code: error.code, fields: ids.map { FieldProblem(id: $0, message: messages[$0] ?? "") })
    }
}

/// One option of a select, radio group or checkbox list.
struct Choice {
    let value: String
    var title: String? = nil
    var selected = false
}

/// A person as the pages show them: the name in its own script, in Latin letters beside it
/// when the script is another.
struct PersonView {
    let name: String
    let latin: String?
    let sex: String?
    let birthDate: String?
    let placeOfBirth: String?
    let nationalities: String
    let aliases: String?
    let documents: String?
}

struct SituationView {
    struct ProcedureView {
        let type: String
        let status: String
        let authority: String
        let file: String
        let dates: String
    }

    let rightToStay: String
    let entryBan: String?
    let hasEntryBan: Bool
    let remarks: String?
    let procedures: [ProcedureView]
}
