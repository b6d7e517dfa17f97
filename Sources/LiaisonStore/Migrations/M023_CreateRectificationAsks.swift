import FluentKit

/// Asks for rectification, from access requests to the officers who hold the data.
struct M023_CreateRectificationAsks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(RectificationAskModel.schema)
            .id()
            .field("access_request", .string, .required)
            .field("person", .string, .required)
            .field("authority_id", .uuid, .required)
            .field("note", .string, .required)
            .field("asked_by", .string, .required)
            .field("asked_at", .datetime, .required)
            .field("done_by", .string)
            .field("done_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RectificationAskModel.schema).delete()
    }
}
