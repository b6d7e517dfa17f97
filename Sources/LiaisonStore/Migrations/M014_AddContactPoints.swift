import FluentKit

/// The directory's contact points with their re-confirmation, and the users' clearances for
/// the classified overview.
struct M014_AddContactPoints: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(AuthorityModel.schema).field("contact", .data).update()
        try await database.schema(AuthorityModel.schema).field("confirmed_at", .datetime).update()
        try await database.schema(AuthorityModel.schema).field("reconfirm_by", .datetime).update()
        try await database.schema(UserModel.schema).field("clearances", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(UserModel.schema).deleteField("clearances").update()
        try await database.schema(AuthorityModel.schema).deleteField("reconfirm_by").update()
        try await database.schema(AuthorityModel.schema).deleteField("confirmed_at").update()
        try await database.schema(AuthorityModel.schema).deleteField("contact").update()
    }
}
