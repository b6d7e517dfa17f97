import FluentKit

/// Data subjects' requests for access, kept with their deadline and what was found.
struct M021_CreateAccessRequests: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccessRequestModel.schema)
            .id()
            .field("reference", .string, .required)
            .field("identity", .data, .required)
            .field("received_on", .string, .required)
            .field("due_on", .string, .required)
            .field("state", .string, .required)
            .field("confirmed", .data, .required)
            .field("opened_by", .string, .required)
            .field("opened_at", .datetime, .required)
            .field("answered_at", .datetime)
            .field("erased_at", .datetime)
            .unique(on: "reference")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(AccessRequestModel.schema).delete()
    }
}
