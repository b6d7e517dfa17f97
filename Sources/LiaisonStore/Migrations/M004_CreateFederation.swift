import FluentKit

/// Outbox, inbox and delivery attempts of the federation.
struct M004_CreateFederation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OutboxMessageModel.schema)
            .id()
            .field("to_node", .string, .required)
            .field("kind", .string, .required)
            .field("envelope", .data, .required)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("last_error", .string)
            .field("receipt", .data)
            .field("created_at", .datetime, .required)
            .field("delivered_at", .datetime)
            .create()
        try await database.schema(InboxMessageModel.schema)
            .id()
            .field("from_node", .string, .required)
            .field("kind", .string, .required)
            .field("envelope", .data, .required)
            .field("body_digest", .string, .required)
            .field("receipt", .data, .required)
            .field("received_at", .datetime, .required)
            .field("applied_at", .datetime)
            .create()
        try await database.schema(DeliveryAttemptModel.schema)
            .id()
            .field("message_id", .uuid, .required, .references(OutboxMessageModel.schema, "id", onDelete: .cascade))
            .field("attempted_at", .datetime, .required)
            .field("outcome", .string, .required)
            .field("detail", .string)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DeliveryAttemptModel.schema).delete()
        try await database.schema(InboxMessageModel.schema).delete()
        try await database.schema(OutboxMessageModel.schema).delete()
    }
}
