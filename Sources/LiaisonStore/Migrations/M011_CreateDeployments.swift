import FluentKit

/// The ILO network's deployments, own and copied, and the history of each.
struct M011_CreateDeployments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DeploymentModel.schema)
            .id()
            .field("origin_node", .string, .required)
            .field("deploying_body", .string, .required)
            .field("host_country", .string, .required)
            .field("region", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string)
            .field("record", .data, .required)
            .field("version", .int64, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema(DeploymentHistoryModel.schema)
            .id()
            .field("deployment_id", .uuid, .required, .references(DeploymentModel.schema, "id", onDelete: .cascade))
            .field("version", .int64, .required)
            .field("change", .string, .required)
            .field("record", .data, .required)
            .field("changed_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            .unique(on: "deployment_id", "version")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DeploymentHistoryModel.schema).delete()
        try await database.schema(DeploymentModel.schema).delete()
    }
}
