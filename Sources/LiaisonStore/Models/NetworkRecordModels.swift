import FluentKit
import Foundation

/// A record of the ILO network (a local network, an activity, a Board record) as this node
/// holds it: its own or another node's read-only copy. The record is JSON of its kind's
/// `LiaisonCore` type.
public final class NetworkRecordModel: Model, @unchecked Sendable {
    public static let schema = "ilo_records"

    @ID(key: .id) public var id: UUID?
    @Field(key: "kind") public var kind: String
    @Field(key: "origin_node") public var originNode: String
    @OptionalField(key: "parent_id") public var parentID: UUID?
    @Field(key: "record") public var record: Data
    /// The owner's version (milliseconds of the change); a copy is replaced only by a newer one.
    @Field(key: "version") public var version: Int64
    @Field(key: "updated_by") public var updatedBy: String
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public init(id: UUID, kind: String, originNode: String) {
        self.id = id
        self.kind = kind
        self.originNode = originNode
    }
}

/// A Steering Board vote: at the Commission's node, the vote counted for a seat (the latest
/// one from that seat's node); at a member's node, the vote it sent and the envelope that
/// carries it.
public final class BoardVoteModel: Model, @unchecked Sendable {
    public static let schema = "board_votes"

    @ID(key: .id) public var id: UUID?
    @Field(key: "decision_id") public var decisionID: UUID
    @Field(key: "seat") public var seat: String
    @Field(key: "choice") public var choice: String
    @Field(key: "voter") public var voter: String
    /// The node the vote came from (this node for a vote sent from here).
    @Field(key: "origin_node") public var originNode: String
    @Field(key: "envelope_id") public var envelopeID: UUID
    @Field(key: "cast_at") public var castAt: Date

    public init() {}

    public init(decisionID: UUID, seat: String, choice: String, voter: String, originNode: String, envelopeID: UUID, castAt: Date) {
        self.decisionID = decisionID
        self.seat = seat
        self.choice = choice
        self.voter = voter
        self.originNode = originNode
        self.envelopeID = envelopeID
        self.castAt = castAt
    }
}
