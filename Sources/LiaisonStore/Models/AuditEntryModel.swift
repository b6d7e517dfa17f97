import FluentKit
import Foundation
import LiaisonCore

public final class AuditEntryModel: Model, @unchecked Sendable {
    public static let schema = "audit_entries"

    @ID(custom: "seq", generatedBy: .user) public var id: Int64?
    @Field(key: "occurred_at_ms") public var occurredAtMilliseconds: Int64
    @Field(key: "actor") public var actor: String
    @Field(key: "action") public var action: String
    @Field(key: "outcome") public var outcome: String
    @OptionalField(key: "target_type") public var targetType: String?
    @OptionalField(key: "target_id") public var targetID: String?
    @OptionalField(key: "reason") public var reason: String?
    @OptionalField(key: "detail") public var detail: String?
    @OptionalField(key: "request_id") public var requestID: String?
    @Field(key: "previous_hash") public var previousHash: String
    @Field(key: "hash") public var hash: String

    public init() {}

    init(record: AuditRecord, hash: String) {
        self.id = record.sequence
        self.occurredAtMilliseconds = record.occurredAtMilliseconds
        self.actor = record.actor
        self.action = record.action.rawValue
        self.outcome = record.outcome.rawValue
        self.targetType = record.targetType
        self.targetID = record.targetID
        self.reason = record.reason
        self.detail = record.detail
        self.requestID = record.requestID
        self.previousHash = record.previousHash
        self.hash = hash
    }

    /// The record as stored, or nil when the row names an unknown action or outcome (a
    /// tampered row): the stored text stays visible in `action` and `outcome`, and
    /// verification reports the row as broken.
    public var record: AuditRecord? {
        guard let id, let action = AuditAction(rawValue: action),
            let outcome = AuditRecord.Outcome(rawValue: outcome)
        else { return nil }
        var record = AuditRecord(
            sequence: id, occurredAt: Date(), actor: actor, action: action, outcome: outcome,
            targetType: targetType, targetID: targetID, reason: reason, detail: detail,
            requestID: requestID, previousHash: previousHash)
        record.occurredAtMilliseconds = occurredAtMilliseconds
        return record
    }
}

/// The single row that holds the chain's head. Appenders lock it, which serialises
/// appends across every instance of a node sharing one PostgreSQL.
public final class AuditHeadModel: Model, @unchecked Sendable {
    public static let schema = "audit_head"

    @ID(custom: "id", generatedBy: .user) public var id: Int?
    @Field(key: "last_seq") public var lastSequence: Int64
    @Field(key: "last_hash") public var lastHash: String

    public init() {}

    init(lastSequence: Int64, lastHash: String) {
        self.id = 1
        self.lastSequence = lastSequence
        self.lastHash = lastHash
    }
}
