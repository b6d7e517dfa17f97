import FluentKit

/// Liaison officers' personal data under Art. 10, each item with its purpose and deletion day.
struct M015_CreateOfficerPersonalData: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(OfficerPersonalDataModel.schema)
            .id()
            .field("purpose", .string, .required)
            .field("subject", .string, .required)
            .field("content", .string, .required)
            .field("delete_on", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(OfficerPersonalDataModel.schema).delete()
    }
}
