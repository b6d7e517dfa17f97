import Foundation

/// A message between contact points of two states, with its body decoded.
public enum ExchangeMessage: Sendable, Equatable {
    case request(RequestBody)
    case answer(AnswerBody)
    case spontaneous(SpontaneousBody)
    case followUp(FollowUpBody)
    case contactMessage(ContactMessageBody)

    public var kind: ExchangeKind {
        switch self {
        case .request: .request
        case .answer: .answer
        case .spontaneous: .spontaneous
        case .followUp: .followUp
        case .contactMessage: .contactMessage
        }
    }

    /// Whether this message carries a person's identity or administrative situation:
    /// requests and spontaneous information always; answers and follow-ups when they hold
    /// a subject or a situation; contact-point messages never (they are screened instead).
    public var carriesPersonalData: Bool {
        switch self {
        case .request, .spontaneous: true
        case .answer(let b): b.subject != nil || b.situation != nil
        case .followUp(let b): b.subject != nil || b.situation != nil
        case .contactMessage: false
        }
    }

    /// Whether free text about the person of an exchange goes with this message: remarks,
    /// the reason of a refusal, an update or a withdrawal, the reason an answer is late.
    /// What such text says no schema can bound, so a supervisor reads it (R8).
    public var carriesFreeText: Bool {
        func written(_ text: String?) -> Bool { !(text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        return switch self {
        case .request(let b): written(b.remarks)
        case .spontaneous(let b): written(b.situation.remarks)
        case .answer(let b): written(b.reason) || written(b.lateReason) || written(b.situation?.remarks)
        case .followUp(let b): (written(b.reason) && !b.isNotificationWithdrawal) || written(b.situation?.remarks)
        case .contactMessage: false
        }
    }

    /// Whether a supervisor reads this message before it leaves, where the node requires it (R8).
    public var needsReview: Bool { carriesPersonalData || carriesFreeText }

    public var marking: Marking {
        switch self {
        case .request(let b): b.marking
        case .answer(let b): b.marking
        case .spontaneous(let b): b.marking
        case .followUp(let b): b.marking
        case .contactMessage(let b): b.marking
        }
    }

    /// Decodes a body of `kind`, refusing any field outside the schema (R4).
    public static func decode(kind: ExchangeKind, body: Data) throws(PolicyError) -> ExchangeMessage {
        switch kind {
        case .request: .request(try AdministrativeContent.decode(RequestBody.self, from: body))
        case .answer: .answer(try AdministrativeContent.decode(AnswerBody.self, from: body))
        case .spontaneous: .spontaneous(try AdministrativeContent.decode(SpontaneousBody.self, from: body))
        case .followUp: .followUp(try AdministrativeContent.decode(FollowUpBody.self, from: body))
        case .contactMessage: .contactMessage(try AdministrativeContent.decode(ContactMessageBody.self, from: body))
        }
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        switch self {
        case .request(let b): return try encoder.encode(b)
        case .answer(let b): return try encoder.encode(b)
        case .spontaneous(let b): return try encoder.encode(b)
        case .followUp(let b): return try encoder.encode(b)
        case .contactMessage(let b): return try encoder.encode(b)
        }
    }
}

extension ExchangeRules {
    /// Every rule that can be judged from the message itself and the two contact points. The
    /// sender runs it before a message is queued and the receiver again before it is stored:
    /// the same function on both sides of the wire.
    /// `now` dates the screen of contact-point messages (a date older than ten years there is
    /// read as a date of birth).
    public static func checkMessage(
        _ message: ExchangeMessage, from: ContactPoint, to: ContactPoint, ceiling: MarkingCeiling, now: Date
    ) throws(PolicyError) {
        try checkSameKindAbroad(from: from, to: to)
        if message.kind.isAdministrative, from.kind != .immigrationAsylum || to.kind != .immigrationAsylum {
            throw PolicyError(
                .r4NotAdministrative,
                detail: "R4: administrative information is exchanged between immigration contact points only; information of counter-terrorism authorities is not transferred this way.")
        }
        try checkMarking(message.marking, ceiling: ceiling)
        switch message {
        case .request(let body):
            try checkCarriesNotificationReference(body.notificationReference)
            try checkAdministrativeOnly(subject: body.subject, situation: nil, remarks: body.remarks)
            try checkForeigner(body.subject)
            try checkBilateral(recipientState: body.recipientState, receiverState: to.stateCode)
            try checkPurpose(purpose: body.purpose, legalBasis: body.legalBasis)
            guard !body.requestedCategories.isEmpty else {
                throw PolicyError(.invalidContent, detail: "Say which categories of administrative information are requested.")
            }
            try body.validateFormat()
        case .spontaneous(let body):
            try checkCarriesNotificationReference(body.notificationReference)
            try checkAdministrativeOnly(subject: body.subject, situation: body.situation, remarks: nil)
            try checkForeigner(body.subject)
            try checkBilateral(recipientState: body.recipientState, receiverState: to.stateCode)
            try checkPurpose(purpose: body.purpose, legalBasis: body.legalBasis)
            try body.validateFormat()
        case .answer(let body):
            try checkAdministrativeOnly(subject: body.subject, situation: body.situation, remarks: nil)
            if let subject = body.subject { try checkForeigner(subject) }
            if body.outcome == .found, body.situation == nil {
                throw PolicyError(.invalidContent, detail: "A “found” answer gives the administrative situation.")
            }
            if body.outcome == .refused || body.outcome == .needsMoreIdentifiers, (body.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                throw PolicyError(.invalidContent, detail: "A refusal, or a request for more identifiers, gives its reason.")
            }
            try body.validateFormat()
        case .followUp(let body):
            try checkAdministrativeOnly(subject: body.subject, situation: body.situation, remarks: nil)
            if let subject = body.subject { try checkForeigner(subject) }
            if body.followUp == .withdrawal, body.subject != nil || body.situation != nil {
                throw PolicyError(.invalidContent, detail: "A withdrawal carries a reason only.")
            }
            guard !body.reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw PolicyError(.invalidContent, detail: "An update, correction or withdrawal gives its reason.")
            }
            try body.validateFormat()
        case .contactMessage(let body):
            try body.validateFormat()
            try checkNoPersonalData(body, screen: PersonalDataScreen(now: now))
        }
    }

    /// R8 for contact-point messages: they carry no personal data at all. A person is written
    /// about in a request or spontaneous information, which need an active notification (R3)
    /// and a supervisor's approval (R8); a message must not be a way around both. The sender
    /// screens against the persons it holds and runs the personal-data detector, allowing only
    /// the officials and function mailboxes and phones the network's directory lists; the
    /// receiver, which cannot know the sender's officials, looks for identifiers only.
    public static func checkNoPersonalData(
        _ body: ContactMessageBody, screen: PersonalDataScreen, detector: PersonalDataDetector = PersonalDataDetector(), listed: ListedContacts? = nil
    ) throws(PolicyError) {
        let text = body.title + "\n" + body.text
        let findings = screen.findings(in: text).map(\.rawValue)
        let scalars = Array(text.unicodeScalars)
        let detected = detector.spans(in: text).filter { span in
            let found = String(String.UnicodeScalarView(scalars[span.start..<span.end]))
            guard let listed else { return ListedContacts.identifierKinds.contains(span.kind) }
            return !listed.admits(found, as: span.kind)
        }
        let phrases = Set(detected.map(\.kind)).sorted().map(\.phrase).filter { !findings.contains($0) }
        let kinds = findings + phrases
        guard kinds.isEmpty else {
            throw PolicyError(
                .r8PersonalDataInMessage,
                detail:
                    "R8: a contact-point message carries no personal data, and this one holds \(kinds.joined(separator: ", ")). Information about a person goes in a request or spontaneous information, under an active notification and with a supervisor's approval."
            )
        }
    }
}

/// The officials, function mailboxes and telephone numbers of the network's directory and
/// deployments: what a contact-point message may name without carrying personal data.
public struct ListedContacts: Sendable {
    let names: Set<String>
    let mailboxes: Set<String>
    let phones: Set<String>

    /// What a receiver looks for in a message: identifiers, never names, mailboxes or phones.
    static let identifierKinds: Set<PersonalDataKind> = [.birthDate, .documentNumber, .mrz, .iban, .plate]

    public init(names: [String], mailboxes: [String], phones: [String]) {
        self.names = Set(names.map(Self.name))
        self.mailboxes = Set(mailboxes.map { $0.lowercased() })
        self.phones = Set(phones.map(Self.digits).filter { $0.count >= 6 })
    }

    func admits(_ text: String, as kind: PersonalDataKind) -> Bool {
        switch kind {
        case .name: names.contains(Self.name(text))
        case .email: mailboxes.contains(text.lowercased())
        case .phone: phones.contains(Self.digits(text))
        default: false
        }
    }

    static func name(_ text: String) -> String { text.lowercased().split(whereSeparator: { !$0.isLetter }).joined(separator: " ") }
    static func digits(_ text: String) -> String { String(text.filter(\.isNumber)) }
}

extension FollowUpBody {
    /// A withdrawal the node writes itself because the notification behind the exchange was
    /// withdrawn: its reason is the node's fixed sentence, not an official's words about a
    /// person, so no supervisor needs to read it before it leaves.
    public var isNotificationWithdrawal: Bool {
        followUp == .withdrawal && reason == Self.notificationWithdrawnReason && subject == nil && situation == nil
    }
}
