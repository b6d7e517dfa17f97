import FluentKit
import Foundation
import LiaisonCore

/// A threat notification from the national CT authority to the immigration contact point.
/// It never leaves the node (R2); its reference travels with requests (R3).
public final class ThreatNotificationModel: Model, @unchecked Sendable {
    public static let schema = "threat_notifications"

    public enum State: String, Sendable, Codable { case active, withdrawn }

    @ID(key: .id) public var id: UUID?
    @Field(key: "reference") public var reference: String
    @Field(key: "ct_authority_id") public var ctAuthorityID: UUID
    @Field(key: "imm_authority_id") public var immAuthorityID: UUID
    /// The person, as `PersonIdentity` JSON.
    @Field(key: "subject") public var subject: Data
    @Field(key: "valid_from") public var validFrom: Date
    @Field(key: "valid_until") public var validUntil: Date
    @Field(key: "handling_code") public var handlingCode: HandlingCode
    @Field(key: "state") public var state: State
    @OptionalField(key: "withdrawal_reason") public var withdrawalReason: String?
    @Field(key: "created_by") public var createdBy: UUID
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date
    /// When the retention job erased the person (the subject then holds no one).
    @OptionalField(key: "erased_at") public var erasedAt: Date?

    public init() {}

    public init(
        reference: String, ctAuthorityID: UUID, immAuthorityID: UUID, subject: Data, validFrom: Date, validUntil: Date,
        handlingCode: HandlingCode, createdBy: UUID, now: Date
    ) {
        self.reference = reference
        self.ctAuthorityID = ctAuthorityID
        self.immAuthorityID = immAuthorityID
        self.subject = subject
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.handlingCode = handlingCode
        self.state = .active
        self.createdBy = createdBy
        self.createdAt = now
        self.updatedAt = now
    }
}

/// One line of the immigration authority's administrative records, in the built-in table.
public final class AdministrativeRecordModel: Model, @unchecked Sendable {
    public static let schema = "administrative_records"

    @ID(key: .id) public var id: UUID?
    /// The authority's own file reference; unique on the node.
    @Field(key: "reference") public var reference: String
    /// `PersonIdentity` JSON.
    @Field(key: "subject") public var subject: Data
    /// `AdministrativeSituation` JSON.
    @Field(key: "situation") public var situation: Data
    @Field(key: "right_to_stay") public var rightToStay: String
    @Field(key: "version") public var version: Int
    @Field(key: "updated_at") public var updatedAt: Date
    /// Restriction of processing (GDPR Art. 18; Directive (EU) 2016/680, Art. 16(3)): the record
    /// is kept, but only the data protection officer sees it; no match, answer or list uses it.
    @OptionalField(key: "restricted_at") public var restrictedAt: Date?
    @OptionalField(key: "restriction_reason") public var restrictionReason: String?

    public init() {}

    public init(reference: String, subject: Data, situation: Data, rightToStay: String, now: Date) {
        self.reference = reference
        self.subject = subject
        self.situation = situation
        self.rightToStay = rightToStay
        self.version = 1
        self.updatedAt = now
    }
}

/// One bilateral exchange (R6) as this node sees it: sent from here or received here.
/// Requests, spontaneous information and contact-point messages each open one.
public final class ExchangeModel: Model, @unchecked Sendable {
    public static let schema = "exchanges"

    public enum Direction: String, Sendable, Codable { case outgoing, incoming }

    /// awaiting-approval → sent → answered (outgoing); received → answered (incoming);
    /// rejected (by the supervisor), withdrawn (by the sender) on either side.
    public enum State: String, Sendable, Codable, CaseIterable {
        case awaitingApproval = "awaiting-approval"
        case rejected, sent, received, answered, withdrawn
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "direction") public var direction: Direction
    /// Request, spontaneous information or contact message.
    @Field(key: "kind") public var kind: ExchangeKind
    /// Exchanges created together by one request to several states.
    @OptionalField(key: "batch_id") public var batchID: UUID?
    @Field(key: "local_authority_id") public var localAuthorityID: UUID
    @Field(key: "counterpart_node") public var counterpartNode: String
    @Field(key: "counterpart_state") public var counterpartState: String
    @Field(key: "counterpart_authority") public var counterpartAuthority: String
    @OptionalField(key: "notification_id") public var notificationID: UUID?
    /// The request, spontaneous or message body as sent or received (JSON).
    @Field(key: "body") public var body: Data
    @Field(key: "urgency") public var urgency: Urgency
    @Field(key: "state") public var state: State
    @OptionalField(key: "created_by") public var createdBy: UUID?
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "approved_by") public var approvedBy: UUID?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @OptionalField(key: "rejection_reason") public var rejectionReason: String?
    @OptionalField(key: "outbox_message_id") public var outboxMessageID: UUID?
    @OptionalField(key: "deadline") public var deadline: Date?
    /// The answer (`AnswerBody` JSON), given here or received.
    @OptionalField(key: "answer") public var answer: Data?
    @OptionalField(key: "answered_at") public var answeredAt: Date?
    @OptionalField(key: "answered_by") public var answeredBy: UUID?
    /// An answer written here that waits for a supervisor (R8).
    @OptionalField(key: "answer_state") public var answerState: State?
    @OptionalField(key: "answer_outbox_id") public var answerOutboxID: UUID?
    /// When the retention job erased the personal data of the exchange; what remains (kinds,
    /// states, dates, counterparts) is what the evaluation of the cooperation counts.
    @OptionalField(key: "erased_at") public var erasedAt: Date?
    /// The notice that told the other side to erase its copy; delivered means receipted.
    @OptionalField(key: "erasure_outbox_id") public var erasureOutboxID: UUID?
    /// When the other state last sent something on the exchange, and what (`Arrival`).
    @OptionalField(key: "arrived_at") public var arrivedAt: Date?
    @OptionalField(key: "arrival") public var arrival: String?

    public init() {}

    public init(
        id: UUID, direction: Direction, kind: ExchangeKind, localAuthorityID: UUID, counterpartNode: String, counterpartState: String,
        counterpartAuthority: String, body: Data, urgency: Urgency, state: State, now: Date
    ) {
        self.id = id
        self.direction = direction
        self.kind = kind
        self.localAuthorityID = localAuthorityID
        self.counterpartNode = counterpartNode
        self.counterpartState = counterpartState
        self.counterpartAuthority = counterpartAuthority
        self.body = body
        self.urgency = urgency
        self.state = state
        self.createdAt = now
    }
}

extension ExchangeModel {
    /// Whether an answer to this request is still awaited: at the receiving contact point
    /// until it answers, at the requesting one until the answer arrives.
    public var awaitsAnswer: Bool {
        guard kind == .request else { return false }
        return state == .received || (direction == .outgoing && state == .sent && answer == nil)
    }

    /// Whether the deadline of an awaited answer has passed.
    public func isOverdue(at now: Date) -> Bool {
        awaitsAnswer && (deadline.map { $0 < now } ?? false)
    }
}

/// What happened on an exchange after it opened: follow-ups, answers, decisions.
public final class ExchangeEventModel: Model, @unchecked Sendable {
    public static let schema = "exchange_events"

    @ID(key: .id) public var id: UUID?
    @Field(key: "exchange_id") public var exchangeID: UUID
    @Field(key: "at") public var at: Date
    /// approved, rejected, answered, update, correction, withdrawal, …
    @Field(key: "event") public var event: String
    /// Who wrote it, as shown: a user name, or `node:<id>` for what another node sent.
    @OptionalField(key: "actor") public var actor: String?
    /// The id of the user who wrote it; four eyes compares this one.
    @OptionalField(key: "actor_id") public var actorID: UUID?
    @OptionalField(key: "body") public var body: Data?
    /// The outbox row of a follow-up this node sent: its delivery and the receiver's receipt.
    @OptionalField(key: "outbox_id") public var outboxID: UUID?

    public init() {}

    public init(exchangeID: UUID, at: Date, event: String, actor: String?, actorID: UUID? = nil, body: Data? = nil) {
        self.exchangeID = exchangeID
        self.at = at
        self.event = event
        self.actor = actor
        self.actorID = actorID
        self.body = body
    }
}

/// A change to the administrative record of a person under an active notification, for the
/// national CT authority: the "timing and state of progress" of Council conclusions 9997/22.
public final class AlertModel: Model, @unchecked Sendable {
    public static let schema = "alerts"

    /// What kind of step the record took.
    public enum Change: String, Sendable, Codable, CaseIterable {
        case newApplication = "new-application"
        case decision, appeal
        case returnStep = "return-step"
        case absconding
        case procedureStep = "procedure-step"
        case rightToStay = "right-to-stay"
        case recordChanged = "record-changed"
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "notification_id") public var notificationID: UUID
    @Field(key: "ct_authority_id") public var ctAuthorityID: UUID
    @Field(key: "record_reference") public var recordReference: String
    @Field(key: "change") public var change: Change
    /// What changed, in administrative terms only.
    @Field(key: "summary") public var summary: String
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "acknowledged_at") public var acknowledgedAt: Date?

    public init() {}

    public init(notificationID: UUID, ctAuthorityID: UUID, recordReference: String, change: Change, summary: String, now: Date) {
        self.notificationID = notificationID
        self.ctAuthorityID = ctAuthorityID
        self.recordReference = recordReference
        self.change = change
        self.summary = summary
        self.createdAt = now
    }
}

// Written into text as the stored value, never as the Swift case name.
extension ThreatNotificationModel.State: CustomStringConvertible { public var description: String { rawValue } }
extension ExchangeModel.Direction: CustomStringConvertible { public var description: String { rawValue } }
extension ExchangeModel.State: CustomStringConvertible { public var description: String { rawValue } }

// Subjects and situations are decoded here, where they are stored, never in a route.
extension ThreatNotificationModel {
    /// What R3 needs to know of this notification.
    public var standing: NotificationStanding {
        NotificationStanding(validFrom: validFrom, validUntil: validUntil, withdrawn: state == .withdrawn)
    }

    public func person() throws -> PersonIdentity { try JSONDecoder().decode(PersonIdentity.self, from: subject) }
}

extension AdministrativeRecordModel {
    public func person() throws -> PersonIdentity { try JSONDecoder().decode(PersonIdentity.self, from: subject) }
    public func administrativeSituation() throws -> AdministrativeSituation { try JSONDecoder().decode(AdministrativeSituation.self, from: situation) }
}
