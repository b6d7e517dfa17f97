import FluentKit
import SQLKit

/// Matches between notified persons and records wait for an officer's decision.
struct M017_CreateMatchDecisions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MatchDecisionModel.schema)
            .id()
            .field("notification_id", .uuid, .required)
            .field("imm_authority_id", .uuid, .required)
            .field("record_reference", .string, .required)
            .field("state", .string, .required)
            .field("score", .double, .required)
            .field("explanation", .string, .required)
            .field("identity_digest", .string, .required)
            .field("held_changes", .string, .required)
            .field("automatic", .bool, .required)
            .field("decided_by", .string)
            .field("decided_by_id", .uuid)
            .field("reason", .string)
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "notification_id", "record_reference")
            .create()
        // The officers' list and the dashboard count: an authority's pairs by state.
        try await (database as! any SQLDatabase).raw("CREATE INDEX match_decisions_by_authority ON match_decisions (imm_authority_id, state)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(MatchDecisionModel.schema).delete()
    }
}
