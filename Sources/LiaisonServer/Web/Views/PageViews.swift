// What the pages show, as typed values: the templates' names are these properties. Texts
// are already in the reader's language; an absent optional hides its part of the page.

/// A refused form, on the same page: the readable detail and the stable code.
struct PageFailure {
    let detail: String
    let code: String
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
