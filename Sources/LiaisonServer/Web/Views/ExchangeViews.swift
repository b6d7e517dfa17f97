import Foundation

// Templates read stored properties only (they are found by reflection): nothing here is computed.

/// One exchange as a row of the lists, and as the header of its own page.
struct ExchangeRowView {
    let id: String
    let shortID: String
    let kind: String
    let state: String
    let stateTitle: String
    let stateClass: String
    let counterpart: String
    let created: String
    let urgent: Bool
    let deadline: String?
    /// "due in 5 h 12 min" or "2 h 3 min overdue", while an answer is awaited.
    let dueIn: String?
    let overdue: Bool
    let subject: String?
    let outcome: String?
    let answerPending: Bool
    /// Something arrived that the reader has not opened: what it was ("Answer", "Correction").
    var unread = false
    var arrival: String? = nil
}

/// The inbox, the list of exchanges followed, and the approvals.
struct ExchangeListView {
    let heading: String
    let intro: String
    let empty: String
    let rows: [ExchangeRowView]
    let listID: String
    let canMessage: Bool
}

/// One exchange: what travelled, its answer, delivery and history, and what the reader may do.
struct ExchangeDetailView {
    struct RequestFacts {
        let reference: String
        let purpose: String
        let legalBasis: String
        var urgency: String? = nil
        let handlingCode: String
        let marking: String
        var categories: String? = nil
        var remarks: String? = nil
    }

    struct ContactMessage {
        let title: String
        let text: String
        let handlingCode: String
        let marking: String
        /// The message this one answers, and the reply form's address when the reader may answer.
        var inReplyTo: String? = nil
        var replyHref: String? = nil
    }

    /// Named apart from the request's person and situation, so that an answer without them
    /// never shows the request's in their place.
    struct Answer {
        let outcome: String
        let reason: String?
        let lateReason: String?
        let evaluation: String?
        let marking: String
        let handlingCode: String
        let answerPerson: PersonView?
        let answerSituation: SituationView?
        let at: String?
        let pending: Bool
    }

    struct Delivery {
        let kind: String
        let stateTitle: String
        let stateClass: String
        let attempts: Int
        let lastError: String?
        let receipt: Bool
        let delivered: String?
    }

    struct Event {
        let at: String
        let event: String
        let actor: String?
        /// What a follow-up said: its reason, and the identity or situation it corrected. Named
        /// apart from the page's own person and situation, which a template would find instead.
        var followUpReason: String? = nil
        var correctedPerson: PersonView? = nil
        var correctedSituation: String? = nil
        /// The exchange a reply event points to.
        var link: String? = nil
    }

    /// What waits for the supervisor, when the reader may approve it.
    var approval: ApprovalContext? = nil

    struct PendingFollowUp {
        let kind: String
        let reason: String
        let author: String
        let followUpSituation: SituationView?
    }

    struct Candidate {
        let reference: String
        let person: PersonView
        let score: String
        let match: Bool
        let explanation: String
        let checked: Bool
        let situation: SituationView
    }

    let id: String
    let summary: ExchangeRowView
    let incoming: Bool
    let counterpartNode: String
    var person: PersonView? = nil
    var request: RequestFacts? = nil
    var sentSituation: SituationView? = nil
    var contactMessage: ContactMessage? = nil
    var answer: Answer? = nil
    var deliveries: [Delivery] = []
    var events: [Event] = []
    var rejectionReason: String? = nil
    /// The day the retention job erased the exchange's personal data, if it did.
    var erasedOn: String? = nil
    var pendingFollowUp: PendingFollowUp? = nil
    var canApprove = false
    var canWithdraw = false
    var canFollowUp = false
    var answerRecord: String? = nil
    var canAnswer = false
    var candidates: [Candidate] = []
    var late = false
    var outcomes: [Choice] = []
    var failure: PageFailure? = nil
}

/// The fields of a notification's form, new or edited: what was typed, kept on a refusal.
struct NotificationFieldsView {
    struct Values {
        let familyNames: String?
        let givenNames: String?
        let birthDate: String?
        let nationality: String?
        let documentNumber: String?
        let mrz: String?
        let validUntil: String?
    }

    let sexes: [Choice]
    let handlingCodes: [Choice]
    let form: Values?
    let defaultUntil: String
}

extension NotificationFieldsView {
    init(_ form: ExchangeRoutes.NotificationForm?, strings: Strings, now: Date) {
        let text = ExchangePresentation.text
        self.init(
            sexes: ["F", "M", "X"].map { Choice(value: $0, selected: form?.sex == $0) },
            handlingCodes: ExchangePresentation(strings: strings, now: now).handlingCodes(selected: form?.handlingCode),
            form: form.map {
                .init(
                    familyNames: text($0.familyNames), givenNames: text($0.givenNames), birthDate: text($0.birthDate), nationality: text($0.nationality),
                    documentNumber: text($0.documentNumber), mrz: text($0.mrz), validUntil: text($0.validUntil))
            },
            defaultUntil: DisplayFormat.day(now.addingTimeInterval(180 * 86400)))
    }
}

/// The notifications of the reader's authority, and the form for a new one.
struct NotificationsView {
    struct Row {
        let id: String
        let reference: String
        let person: PersonView?
        let validity: String
        let handlingCode: String
        let active: Bool
        let status: String
        let canRequest: Bool
        let canWithdraw: Bool
    }

    let notifications: [Row]
    let canCreate: Bool
    let fields: NotificationFieldsView
    var failure: PageFailure? = nil
}

struct NotificationEditView {
    let id: String
    let reference: String
    let fields: NotificationFieldsView
    var failure: PageFailure? = nil
}
