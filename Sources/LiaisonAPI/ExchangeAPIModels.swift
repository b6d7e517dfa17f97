import Foundation
import LiaisonCore

// Shapes of the exchange API (openapi.yaml, tag "exchange"). Identities and administrative
// situations use the domain's own shapes, so what the API accepts is exactly what may travel.

public struct NotificationRequest: Codable, Sendable {
    public var subject: PersonIdentity
    public var reference: String?
    public var validFrom: Date?
    public var validUntil: Date
    public var handlingCode: HandlingCode
}

public struct WithdrawRequest: Codable, Sendable {
    public var reason: String
}

public struct NotificationResponse: Codable, Sendable {
    public var id: String
    public var reference: String
    public var subject: PersonIdentity
    public var validFrom: Date
    public var validUntil: Date
    public var handlingCode: String
    public var state: String
    public var active: Bool
    public var withdrawalReason: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, reference: String, subject: PersonIdentity, validFrom: Date, validUntil: Date, handlingCode: String, state: String, active: Bool,
        withdrawalReason: String?, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.reference = reference
        self.subject = subject
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.handlingCode = handlingCode
        self.state = state
        self.active = active
        self.withdrawalReason = withdrawalReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

public struct RecordRequest: Codable, Sendable {
    public var reference: String?
    public var subject: PersonIdentity
    public var situation: AdministrativeSituation
}

public struct RecordResponse: Codable, Sendable {
    public var reference: String
    public var subject: PersonIdentity
    public var situation: AdministrativeSituation
    public var version: Int
    public var updatedAt: Date

    public init(reference: String, subject: PersonIdentity, situation: AdministrativeSituation, version: Int, updatedAt: Date) {
        self.reference = reference
        self.subject = subject
        self.situation = situation
        self.version = version
        self.updatedAt = updatedAt
    }
}

public struct CreateRequestsRequest: Codable, Sendable {
    public var notificationId: UUID
    public var targetStates: [String]
    public var purpose: String
    public var legalBasis: String
    public var urgency: Urgency
    public var handlingCode: HandlingCode
    public var marking: Marking
    public var requestedCategories: [RequestedCategory]
    public var remarks: String?
}

public struct SpontaneousRequest: Codable, Sendable {
    public var notificationId: UUID
    public var targetStates: [String]
    public var situation: AdministrativeSituation
    public var purpose: String
    public var legalBasis: String
    public var handlingCode: HandlingCode
    public var marking: Marking
    public var sourceEvaluation: SourceEvaluation?
    public var informationEvaluation: InformationEvaluation?
}

public struct ContactMessageRequest: Codable, Sendable {
    public var targetState: String
    public var title: String
    public var text: String
    public var handlingCode: HandlingCode
    public var marking: Marking
}

public struct FollowUpRequest: Codable, Sendable {
    public var followUp: FollowUpKind
    public var reason: String
    /// The corrected identity (update or correction only).
    public var subject: PersonIdentity?
    /// The corrected administrative situation (update or correction only).
    public var situation: AdministrativeSituation?
    /// Also on the exchanges opened together with this one (default true).
    public var wholeBatch: Bool?
}

public struct RejectRequest: Codable, Sendable {
    public var reason: String
}

public struct AnswerRequest: Codable, Sendable {
    public var outcome: AnswerOutcome
    public var recordReference: String?
    public var reason: String?
    public var lateReason: String?
    public var sourceEvaluation: SourceEvaluation?
    public var informationEvaluation: InformationEvaluation?
    public var handlingCode: HandlingCode?
    public var marking: Marking?
}

public struct DeliveryResponse: Codable, Sendable {
    public var messageId: String
    public var kind: String
    public var state: String
    public var attempts: Int
    public var lastError: String?
    public var deliveredAt: Date?
    /// True once the receiver's signed receipt has been verified.
    public var receipted: Bool

    public init(messageId: String, kind: String, state: String, attempts: Int, lastError: String?, deliveredAt: Date?, receipted: Bool) {
        self.messageId = messageId
        self.kind = kind
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.deliveredAt = deliveredAt
        self.receipted = receipted
    }
}

public struct ExchangeEventResponse: Codable, Sendable {
    public var at: Date
    public var event: String
    public var actor: String?

    public init(at: Date, event: String, actor: String?) {
        self.at = at
        self.event = event
        self.actor = actor
    }
}

public struct ExchangeResponse: Codable, Sendable {
    public var id: String
    public var direction: String
    public var kind: String
    public var batchId: String?
    public var counterpartState: String
    public var counterpartNode: String
    public var notificationId: String?
    public var state: String
    public var urgency: String
    public var deadline: Date?
    public var overdue: Bool
    public var createdAt: Date
    public var rejectionReason: String?
    public var request: RequestBody?
    public var spontaneous: SpontaneousBody?
    public var message: ContactMessageBody?
    public var answer: AnswerBody?
    public var answerState: String?
    public var deliveries: [DeliveryResponse]?
    public var events: [ExchangeEventResponse]?

    public init(
        id: String, direction: String, kind: String, batchId: String?, counterpartState: String, counterpartNode: String, notificationId: String?,
        state: String, urgency: String, deadline: Date?, overdue: Bool, createdAt: Date, rejectionReason: String?
    ) {
        self.id = id
        self.direction = direction
        self.kind = kind
        self.batchId = batchId
        self.counterpartState = counterpartState
        self.counterpartNode = counterpartNode
        self.notificationId = notificationId
        self.state = state
        self.urgency = urgency
        self.deadline = deadline
        self.overdue = overdue
        self.createdAt = createdAt
        self.rejectionReason = rejectionReason
    }
}

public struct ExchangesResponse: Codable, Sendable {
    public var exchanges: [ExchangeResponse]

    public init(exchanges: [ExchangeResponse]) { self.exchanges = exchanges }
}

public struct CandidateResponse: Codable, Sendable {
    public var reference: String
    public var score: Double
    public var match: Bool
    public var explanation: String
    public var subject: PersonIdentity
    public var situation: AdministrativeSituation

    public init(reference: String, score: Double, match: Bool, explanation: String, subject: PersonIdentity, situation: AdministrativeSituation) {
        self.reference = reference
        self.score = score
        self.match = match
        self.explanation = explanation
        self.subject = subject
        self.situation = situation
    }
}

public struct AlertResponse: Codable, Sendable {
    public var id: String
    public var notificationId: String
    public var recordReference: String
    public var change: String
    public var summary: String
    public var createdAt: Date
    public var acknowledgedAt: Date?

    public init(id: String, notificationId: String, recordReference: String, change: String, summary: String, createdAt: Date, acknowledgedAt: Date?) {
        self.id = id
        self.notificationId = notificationId
        self.recordReference = recordReference
        self.change = change
        self.summary = summary
        self.createdAt = createdAt
        self.acknowledgedAt = acknowledgedAt
    }
}

public struct ReturnPriorityResponse: Codable, Sendable {
    public var notificationReference: String
    public var person: PersonIdentity
    public var recordReference: String
    public var rightToStay: String
    public var procedure: Procedure?
    public var entryBan: EntryBan?
    public var score: Double

    public init(notificationReference: String, person: PersonIdentity, recordReference: String, rightToStay: String, procedure: Procedure?, entryBan: EntryBan?, score: Double) {
        self.notificationReference = notificationReference
        self.person = person
        self.recordReference = recordReference
        self.rightToStay = rightToStay
        self.procedure = procedure
        self.entryBan = entryBan
        self.score = score
    }
}
