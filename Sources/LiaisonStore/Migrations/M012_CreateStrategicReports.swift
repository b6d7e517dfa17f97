import FluentKit

/// The ILO network's strategic reports.
struct M012_CreateStrategicReports: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(StrategicReportModel.schema)
            .id()
            .field("origin_node", .string, .required)
            .field("state", .string, .required)
            .field("title", .string, .required)
            .field("host_country", .string)
            .field("region", .string)
            .field("record", .data, .required)
            .field("author", .string, .required)
            .field("published_at", .datetime)
            .field("updated_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(StrategicReportModel.schema).delete()
    }
}
