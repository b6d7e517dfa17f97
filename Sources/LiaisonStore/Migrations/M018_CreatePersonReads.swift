import FluentKit
import SQLKit

/// Reads of personal data, one row per person shown, for the data protection officer.
struct M018_CreatePersonReads: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(PersonReadModel.schema)
            .id()
            .field("audit_seq", .int64, .required)
            .field("occurred_at", .datetime, .required)
            .field("actor", .string, .required)
            .field("person", .string, .required)
            .field("purpose", .string, .required)
            .create()
        // By person, by user, and by period: the three ways the officer asks.
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX person_reads_by_person ON person_reads (person, occurred_at)").run()
        try await sql.raw("CREATE INDEX person_reads_by_actor ON person_reads (actor, occurred_at)").run()
        try await sql.raw("CREATE INDEX person_reads_by_time ON person_reads (occurred_at)").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(PersonReadModel.schema).delete()
    }
}
