import FluentKit
import SQLKit

/// Indexes of M008 that every federation message paid for beyond what reads need: delivery
/// attempts are never looked up by message, and the audit trail is read by time through its
/// sequence, which grows with time (`HashChainedAuditTrail.firstSequence(atOrAfter:)`); the
/// outbox claim needs only the queued rows, so its index holds only those and stays small
/// however long the outbox grows. Measured side by side, the indexes of M008 cost SQLite
/// about 6 % of its message rate, these changes bring that to about 3 % (docs/benchmarks.md).
struct M009_LeanerHotPathIndexes: AsyncMigration {
    static let dropped: [(String, String, String)] = [
        ("delivery_attempts_by_message", "delivery_attempts", "message_id"),
        ("audit_by_time", "audit_entries", "occurred_at_ms"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for (name, _, _) in Self.dropped {
            try await sql.raw("DROP INDEX \(unsafeRaw: name)").run()
        }
        try await sql.raw("DROP INDEX outbox_due").run()
        try await sql.raw("CREATE INDEX outbox_queued ON outbox_messages (next_attempt_at) WHERE state = 'queued'").run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX outbox_queued").run()
        try await sql.raw("CREATE INDEX outbox_due ON outbox_messages (state, next_attempt_at)").run()
        for (name, table, columns) in Self.dropped {
            try await sql.raw("CREATE INDEX \(unsafeRaw: name) ON \(unsafeRaw: table) (\(unsafeRaw: columns))").run()
        }
    }
}
