import FluentKit

/// A record's processing may be restricted: kept, and seen by the data protection officer only.
struct M020_AddRestriction: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds one at a time.
        try await database.schema(AdministrativeRecordModel.schema).field("restricted_at", .datetime).update()
        try await database.schema(AdministrativeRecordModel.schema).field("restriction_reason", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AdministrativeRecordModel.schema).deleteField("restriction_reason").update()
        try await database.schema(AdministrativeRecordModel.schema).deleteField("restricted_at").update()
    }
}
