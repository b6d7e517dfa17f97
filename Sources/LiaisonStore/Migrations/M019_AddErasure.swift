import FluentKit

/// Notifications and exchanges remember when their personal data were erased, and exchanges
/// the notice that told the other side.
struct M019_AddErasure: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ThreatNotificationModel.schema).field("erased_at", .datetime).update()
        // One column per statement: SQLite adds one at a time.
        try await database.schema(ExchangeModel.schema).field("erased_at", .datetime).update()
        try await database.schema(ExchangeModel.schema).field("erasure_outbox_id", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ThreatNotificationModel.schema).deleteField("erased_at").update()
        try await database.schema(ExchangeModel.schema).deleteField("erasure_outbox_id").update()
        try await database.schema(ExchangeModel.schema).deleteField("erased_at").update()
    }
}
