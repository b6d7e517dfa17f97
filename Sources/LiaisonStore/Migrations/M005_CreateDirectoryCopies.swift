import FluentKit

/// Replicated directory entries of the other nodes.
struct M005_CreateDirectoryCopies: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DirectoryCopyModel.schema)
            .id()
            .field("node_id", .string, .required)
            .field("state_code", .string, .required)
            .field("version", .int64, .required)
            .field("entries", .data, .required)
            .field("received_at", .datetime, .required)
            .unique(on: "node_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DirectoryCopyModel.schema).delete()
    }
}
