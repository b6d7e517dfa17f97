import FluentKit

/// What last arrived on an exchange from the other state, and when each user last opened
/// it: the unread state of inboxes, lists and the dashboard.
struct M024_AddArrivals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // SQLite adds one column per statement.
        try await database.schema(ExchangeModel.schema).field("arrived_at", .datetime).update()
        try await database.schema(ExchangeModel.schema).field("arrival", .string).update()
        try await database.schema(ExchangeSeenModel.schema)
            .id()
            .field("user_id", .uuid, .required)
            .field("exchange_id", .uuid, .required)
            .field("seen_at", .datetime, .required)
            .unique(on: "user_id", "exchange_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(ExchangeSeenModel.schema).delete()
        try await database.schema(ExchangeModel.schema).deleteField("arrival").update()
        try await database.schema(ExchangeModel.schema).deleteField("arrived_at").update()
    }
}
