import Foundation

/// What each exchange kind carries between nodes. Decoded with `AdministrativeContent`, so a
/// body with a field outside these shapes is refused (R4).

/// An administrative-situation request: one bilateral exchange (R6).
public struct RequestBody: Sendable, Codable, Hashable {
    public var exchangeID: UUID
    /// The requesting state's threat notification (R3); the receiver never sees its content.
    public var notificationReference: String
    /// The one state this exchange is with (R6).
    public var recipientState: String
    public var subject: PersonIdentity
    public var purpose: String
    public var legalBasis: String
    public var urgency: Urgency
    public var handlingCode: HandlingCode
    public var marking: Marking
    public var requestedCategories: [RequestedCategory]
    public var remarks: String?

    public init(
        exchangeID: UUID, notificationReference: String, recipientState: String, subject: PersonIdentity, purpose: String,
        legalBasis: String, urgency: Urgency, handlingCode: HandlingCode, marking: Marking, requestedCategories: [RequestedCategory],
        remarks: String? = nil
    ) {
        self.exchangeID = exchangeID
        self.notificationReference = notificationReference
        self.recipientState = recipientState
        self.subject = subject
        self.purpose = purpose
        self.legalBasis = legalBasis
        self.urgency = urgency
        self.handlingCode = handlingCode
        self.marking = marking
        self.requestedCategories = requestedCategories
        self.remarks = remarks
    }
}

/// The answer to a request, sent back on the same bilateral exchange.
public struct AnswerBody: Sendable, Codable, Hashable {
    public var exchangeID: UUID
    public var outcome: AnswerOutcome
    /// The identity as the answering state holds it (when found).
    public var subject: PersonIdentity?
    public var situation: AdministrativeSituation?
    public var sourceEvaluation: SourceEvaluation?
    public var informationEvaluation: InformationEvaluation?
    /// Why the request is refused, or which identifiers are missing.
    public var reason: String?
    /// Required when the answer is sent after the deadline.
    public var lateReason: String?
    public var handlingCode: HandlingCode
    public var marking: Marking

    public init(
        exchangeID: UUID, outcome: AnswerOutcome, subject: PersonIdentity? = nil, situation: AdministrativeSituation? = nil,
        sourceEvaluation: SourceEvaluation? = nil, informationEvaluation: InformationEvaluation? = nil, reason: String? = nil,
        lateReason: String? = nil, handlingCode: HandlingCode, marking: Marking
    ) {
        self.exchangeID = exchangeID
        self.outcome = outcome
        self.subject = subject
        self.situation = situation
        self.sourceEvaluation = sourceEvaluation
        self.informationEvaluation = informationEvaluation
        self.reason = reason
        self.lateReason = lateReason
        self.handlingCode = handlingCode
        self.marking = marking
    }
}

/// Administrative information sent without a request (R3 applies as to a request).
public struct SpontaneousBody: Sendable, Codable, Hashable {
    public var exchangeID: UUID
    public var notificationReference: String
    public var recipientState: String
    public var subject: PersonIdentity
    public var situation: AdministrativeSituation
    public var purpose: String
    public var legalBasis: String
    public var handlingCode: HandlingCode
    public var marking: Marking
    public var sourceEvaluation: SourceEvaluation?
    public var informationEvaluation: InformationEvaluation?

    public init(
        exchangeID: UUID, notificationReference: String, recipientState: String, subject: PersonIdentity, situation: AdministrativeSituation,
        purpose: String, legalBasis: String, handlingCode: HandlingCode, marking: Marking,
        sourceEvaluation: SourceEvaluation? = nil, informationEvaluation: InformationEvaluation? = nil
    ) {
        self.exchangeID = exchangeID
        self.notificationReference = notificationReference
        self.recipientState = recipientState
        self.subject = subject
        self.situation = situation
        self.purpose = purpose
        self.legalBasis = legalBasis
        self.handlingCode = handlingCode
        self.marking = marking
        self.sourceEvaluation = sourceEvaluation
        self.informationEvaluation = informationEvaluation
    }
}

/// An update, correction or withdrawal of what was sent on an exchange; it reaches every
/// node that received the original, because each of them has its own exchange.
public struct FollowUpBody: Sendable, Codable, Hashable {
    /// The reason a node gives, in its own words, when the notification an exchange stood on
    /// is withdrawn and it withdraws the exchange with it. Every node shows it in the
    /// reader's language.
    public static let notificationWithdrawnReason = "The threat notification this exchange was based on has been withdrawn."

    public var exchangeID: UUID
    public var followUp: FollowUpKind
    public var reason: String
    public var subject: PersonIdentity?
    public var situation: AdministrativeSituation?
    public var handlingCode: HandlingCode
    public var marking: Marking

    public init(
        exchangeID: UUID, followUp: FollowUpKind, reason: String, subject: PersonIdentity? = nil, situation: AdministrativeSituation? = nil,
        handlingCode: HandlingCode, marking: Marking
    ) {
        self.exchangeID = exchangeID
        self.followUp = followUp
        self.reason = reason
        self.subject = subject
        self.situation = situation
        self.handlingCode = handlingCode
        self.marking = marking
    }
}

/// A message between contact points of the same kind: text, no structured personal data.
public struct ContactMessageBody: Sendable, Codable, Hashable {
    public var messageID: UUID
    public var title: String
    public var text: String
    public var handlingCode: HandlingCode
    public var marking: Marking
    /// The message this one answers, when it is a reply: both nodes know it by that id.
    public var inReplyTo: UUID?

    public static let textLimit = 4000

    public init(messageID: UUID, title: String, text: String, handlingCode: HandlingCode, marking: Marking, inReplyTo: UUID? = nil) {
        self.messageID = messageID
        self.title = title
        self.text = text
        self.handlingCode = handlingCode
        self.marking = marking
        self.inReplyTo = inReplyTo
    }
}
