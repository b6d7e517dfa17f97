import FluentKit

/// Dual control of access to personal data: the changes waiting for a second administrator,
/// and on each user the half of an enrolment that the approving administrator hands over, and
/// who alone handed over the user's current credentials (that administrator takes no part in
/// giving the user personal data).
struct M010_CreateAccessChanges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AccessChangeModel.schema)
            .id()
            .field("kind", .string, .required)
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("roles", .string, .required)
            .field("requested_by", .uuid, .required)
            .field("requested_at", .datetime, .required)
            .field("state", .string, .required)
            .field("decided_by", .uuid)
            .field("decided_at", .datetime)
            .field("link_hash", .string)
            .create()
        try await database.schema(UserModel.schema).field("enrolment_code_hash", .string).update()
        try await database.schema(UserModel.schema).field("credentials_issued_by", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserModel.schema).deleteField("credentials_issued_by").update()
        try await database.schema(UserModel.schema).deleteField("enrolment_code_hash").update()
        try await database.schema(AccessChangeModel.schema).delete()
    }
}
