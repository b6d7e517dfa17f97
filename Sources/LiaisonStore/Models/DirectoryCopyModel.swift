import FluentKit
import Foundation

/// Another node's directory entries as it last published them. Read-only here: each node is
/// authoritative for its own entries, and only a newer publication replaces this copy.
public final class DirectoryCopyModel: Model, @unchecked Sendable {
    public static let schema = "directory_copies"

    @ID(key: .id) public var id: UUID?
    @Field(key: "node_id") public var nodeID: String
    @Field(key: "state_code") public var stateCode: String
    /// The publisher's version (milliseconds of publication); higher wins.
    @Field(key: "version") public var version: Int64
    /// The publication's authorities, as JSON.
    @Field(key: "entries") public var entries: Data
    @Field(key: "received_at") public var receivedAt: Date

    public init() {}

    public init(nodeID: String, stateCode: String, version: Int64, entries: Data, receivedAt: Date) {
        self.nodeID = nodeID
        self.stateCode = stateCode
        self.version = version
        self.entries = entries
        self.receivedAt = receivedAt
    }
}
