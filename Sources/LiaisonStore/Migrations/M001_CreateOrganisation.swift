import FluentKit

/// Authorities, users and their recovery codes.
struct M001_CreateOrganisation: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuthorityModel.schema)
            .id()
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("state_code", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "state_code", "name")
            .create()
        try await database.schema(UserModel.schema)
            .id()
            .field("username", .string, .required)
            .field("display_name", .string, .required)
            .field("authority_id", .uuid, .required, .references(AuthorityModel.schema, "id"))
            .field("roles", .string, .required)
            .field("password_hash", .string)
            .field("totp_secret", .string)
            .field("totp_confirmed", .bool, .required)
            .field("totp_last_step", .int64, .required)
            .field("disabled", .bool, .required)
            .field("enrolment_token_hash", .string)
            .field("enrolment_expires_at", .datetime)
            .field("created_at", .datetime)
            .unique(on: "username")
            .create()
        try await database.schema(RecoveryCodeModel.schema)
            .id()
            .field("user_id", .uuid, .required, .references(UserModel.schema, "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(RecoveryCodeModel.schema).delete()
        try await database.schema(UserModel.schema).delete()
        try await database.schema(AuthorityModel.schema).delete()
    }
}
