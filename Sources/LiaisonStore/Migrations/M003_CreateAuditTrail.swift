import FluentKit
import LiaisonCore

/// The hash-chained audit trail and its head row.
struct M003_CreateAuditTrail: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuditEntryModel.schema)
            .field("seq", .int64, .identifier(auto: false))
            .field("occurred_at_ms", .int64, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("outcome", .string, .required)
            .field("target_type", .string)
            .field("target_id", .string)
            .field("reason", .string)
            .field("detail", .string)
            .field("request_id", .string)
            .field("previous_hash", .string, .required)
            .field("hash", .string, .required)
            .create()
        try await database.schema(AuditHeadModel.schema)
            .field("id", .int, .identifier(auto: false))
            .field("last_seq", .int64, .required)
            .field("last_hash", .string, .required)
            .create()
        try await AuditHeadModel(lastSequence: 0, lastHash: AuditRecord.genesisHash).create(on: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AuditHeadModel.schema).delete()
        try await database.schema(AuditEntryModel.schema).delete()
    }
}
