import FluentKit

/// The ILO network's local networks, their activities and the Steering Board's records, and
/// the Board's votes.
struct M013_CreateNetworkRecords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(NetworkRecordModel.schema)
            .id()
            .field("kind", .string, .required)
            .field("origin_node", .string, .required)
            .field("parent_id", .uuid)
            .field("record", .data, .required)
            .field("version", .int64, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(BoardVoteModel.schema)
            .id()
            .field("decision_id", .uuid, .required)
            .field("seat", .string, .required)
            .field("choice", .string, .required)
            .field("voter", .string, .required)
            .field("origin_node", .string, .required)
            .field("envelope_id", .uuid, .required)
            .field("cast_at", .datetime, .required)
            .unique(on: "decision_id", "seat")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(BoardVoteModel.schema).delete()
        try await database.schema(NetworkRecordModel.schema).delete()
    }
}
