import FluentKit

/// The user id of whoever wrote an exchange event: four eyes (R8) compares the author and
/// the approver of a follow-up by id, as it does for openings and answers, never by name.
struct M007_AddEventAuthor: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ExchangeEventModel.schema).field("actor_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ExchangeEventModel.schema).deleteField("actor_id").update()
    }
}
