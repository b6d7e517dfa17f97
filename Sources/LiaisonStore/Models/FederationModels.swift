import FluentKit
import Foundation

/// An envelope waiting to leave, or gone. Written in the same transaction as the business
/// change that causes it, so a message exists exactly when its cause does.
public final class OutboxMessageModel: Model, @unchecked Sendable {
    public static let schema = "outbox_messages"

    public enum State: String, Sendable, Codable, CaseIterable {
        case queued, delivered, failed
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "to_node") public var toNode: String
    @Field(key: "kind") public var kind: String
    /// The signed envelope, as JSON.
    @Field(key: "envelope") public var envelope: Data
    @Field(key: "state") public var state: State
    @Field(key: "attempts") public var attempts: Int
    @Field(key: "next_attempt_at") public var nextAttemptAt: Date
    @OptionalField(key: "last_error") public var lastError: String?
    /// The receiver's signed receipt, as JSON, once delivered.
    @OptionalField(key: "receipt") public var receipt: Data?
    @Field(key: "created_at") public var createdAt: Date
    @OptionalField(key: "delivered_at") public var deliveredAt: Date?

    public init() {}

    public init(id: UUID, toNode: String, kind: String, envelope: Data, now: Date) {
        self.id = id
        self.toNode = toNode
        self.kind = kind
        self.envelope = envelope
        self.state = .queued
        self.attempts = 0
        self.nextAttemptAt = now
        self.createdAt = now
    }
}

/// An envelope received and admitted, with the receipt that was returned for it. The
/// envelope id is unique: a second delivery finds the row and gets the same receipt.
public final class InboxMessageModel: Model, @unchecked Sendable {
    public static let schema = "inbox_messages"

    @ID(key: .id) public var id: UUID?
    @Field(key: "from_node") public var fromNode: String
    @Field(key: "kind") public var kind: String
    @Field(key: "envelope") public var envelope: Data
    @Field(key: "body_digest") public var bodyDigest: String
    @Field(key: "receipt") public var receipt: Data
    @Field(key: "received_at") public var receivedAt: Date
    @OptionalField(key: "applied_at") public var appliedAt: Date?

    public init() {}

    public init(id: UUID, fromNode: String, kind: String, envelope: Data, bodyDigest: String, receipt: Data, receivedAt: Date) {
        self.id = id
        self.fromNode = fromNode
        self.kind = kind
        self.envelope = envelope
        self.bodyDigest = bodyDigest
        self.receipt = receipt
        self.receivedAt = receivedAt
    }
}

/// Each attempt to deliver an outbox message, kept for the sender's view and for audits.
public final class DeliveryAttemptModel: Model, @unchecked Sendable {
    public static let schema = "delivery_attempts"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "message_id") public var message: OutboxMessageModel
    @Field(key: "attempted_at") public var attemptedAt: Date
    @Field(key: "outcome") public var outcome: String
    @OptionalField(key: "detail") public var detail: String?

    public init() {}

    public init(messageID: UUID, attemptedAt: Date, outcome: String, detail: String?) {
        self.$message.id = messageID
        self.attemptedAt = attemptedAt
        self.outcome = outcome
        self.detail = detail
    }
}
