import FluentKit

/// A follow-up sent names its outbox row, so the exchange shows each recipient's receipt of a
/// correction as it shows that of the request.
struct M022_AddFollowUpDelivery: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ExchangeEventModel.schema).field("outbox_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ExchangeEventModel.schema).deleteField("outbox_id").update()
    }
}
