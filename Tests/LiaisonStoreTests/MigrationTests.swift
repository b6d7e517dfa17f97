import FluentKit
import Foundation
import LiaisonCore
import LiaisonStore
import LiaisonTestSupport
import SQLKit
import Testing

/// Runs on SQLite, and on PostgreSQL when `LIAISON_TEST_DATABASE_URL` is set.
@Suite("Migrations: every one reverts for real")
struct MigrationTests {
    @Test("migrate up, revert every migration, migrate up again: the schema is whole each time up and gone when down")
    func upDownUp() async throws {
        let database = try await TestDatabase.open()
        do {
            let all = LiaisonMigrations.all.count
            #expect(try await database.pendingMigrations().count == all)
            try await database.migrate()
            #expect(try await database.pendingMigrations().isEmpty)
            try await usable(database.database())
            let indexes = try await indexNames(database.database())
            #expect(indexes.isSuperset(of: ["outbox_queued", "exchanges_by_authority", "audit_by_actor", "exchange_events_by_exchange"]))
            #expect(indexes.isDisjoint(with: ["outbox_due", "audit_by_time", "delivery_attempts_by_message"]), "M009 replaced or dropped these")

            try await database.revertLastBatch()
            #expect(try await database.pendingMigrations().count == all)
            let sql = database.database() as! any SQLDatabase
            for table in ["users", "exchanges", "exchange_events", "outbox_messages", "audit_entries"] {
                await #expect(throws: (any Error).self, "\(table) is gone") { _ = try await sql.raw("SELECT 1 FROM \(ident: table)").all() }
            }

            try await database.migrate()
            #expect(try await database.pendingMigrations().isEmpty)
            try await usable(database.database())
            #expect(try await indexNames(database.database()).contains("outbox_queued"))
        } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
    }

    /// The secondary indexes the schema has, on either store.
    func indexNames(_ db: any Database) async throws -> Set<String> {
        let sql = db as! any SQLDatabase
        let query: SQLQueryString =
            sql.dialect.name == "sqlite"
            ? "SELECT name FROM sqlite_master WHERE type = 'index'" : "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema()"
        return Set(try await sql.raw(query).all().map { try $0.decode(column: "name", as: String.self) })
    }

    /// Writes and reads a row through the newest columns, so a revert that left a column
    /// behind, or a migration that did not add it again, fails here.
    func usable(_ db: any Database) async throws {
        let exchange = ExchangeModel(
            id: UUID(), direction: .outgoing, kind: .request, localAuthorityID: UUID(), counterpartNode: "de-1", counterpartState: "DE",
            counterpartAuthority: "de-imm", body: Data("{}".utf8), urgency: .normal, state: .awaitingApproval, now: Date())
        try await exchange.create(on: db)
        let event = ExchangeEventModel(exchangeID: try exchange.requireID(), at: Date(), event: "approved", actor: "someone", actorID: UUID())
        try await event.create(on: db)
        let read = try #require(try await ExchangeEventModel.find(event.id, on: db))
        #expect(read.actorID == event.actorID)
    }
}
