import FluentKit
import Foundation
import LiaisonCore

/// One pair of a notified person and an administrative record that the matcher put forward,
/// and what an officer decided about it. The record's changes found while the pair waits are
/// held here, and reach the CT authority as alerts only once the pair is confirmed.
public final class MatchDecisionModel: Model, @unchecked Sendable {
    public static let schema = "match_decisions"

    /// A change of the record, held until the pair is confirmed.
    public struct HeldChange: Codable, Sendable, Equatable {
        public var change: AlertModel.Change
        public var summary: String
        public var at: Date

        public init(change: AlertModel.Change, summary: String, at: Date) {
            self.change = change
            self.summary = summary
            self.at = at
        }
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "notification_id") public var notificationID: UUID
    /// The immigration authority whose officers decide.
    @Field(key: "imm_authority_id") public var immAuthorityID: UUID
    @Field(key: "record_reference") public var recordReference: String
    @Field(key: "state") public var state: MatchDecision
    @Field(key: "score") public var score: Double
    /// The matcher's explanation, shown to the officer who decides.
    @Field(key: "explanation") public var explanation: String
    /// A digest of the record's identity when the pair was last put forward or decided: a
    /// rejected pair comes back only when the record's identity changes.
    @Field(key: "identity_digest") public var identityDigest: String
    /// The record's changes held until confirmation (JSON array of `HeldChange`).
    @Field(key: "held_changes") public var heldChanges: String
    @Field(key: "automatic") public var automatic: Bool
    @OptionalField(key: "decided_by") public var decidedBy: String?
    @OptionalField(key: "decided_by_id") public var decidedByID: UUID?
    @OptionalField(key: "reason") public var reason: String?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public init(notificationID: UUID, immAuthorityID: UUID, recordReference: String, score: Double, explanation: String, identityDigest: String, now: Date) {
        self.notificationID = notificationID
        self.immAuthorityID = immAuthorityID
        self.recordReference = recordReference
        self.state = .suggested
        self.score = score
        self.explanation = explanation
        self.identityDigest = identityDigest
        self.heldChanges = "[]"
        self.automatic = false
        self.createdAt = now
        self.updatedAt = now
    }

    public func held() throws -> [HeldChange] { try JSONDecoder().decode([HeldChange].self, from: Data(heldChanges.utf8)) }

    public func setHeld(_ changes: [HeldChange]) throws { heldChanges = String(decoding: try JSONEncoder().encode(changes), as: UTF8.self) }
}
