import FluentKit
import SQLKit

/// Secondary indexes for every query on a hot path, each named for what it serves. The
/// statements are the same on SQLite and PostgreSQL.
struct M008_CreateIndexes: AsyncMigration {
    /// (name, table, columns)
    static let indexes: [(String, String, String)] = [
        // The delivery worker claims due rows (and, after a peer recovers, narrows the same
        // range to that peer's rows, which needs no index of its own).
        ("outbox_due", "outbox_messages", "state, next_attempt_at"),
        ("delivery_attempts_by_message", "delivery_attempts", "message_id"),
        // Inboxes, sent lists, approvals and the dashboard: a contact point's exchanges by state.
        ("exchanges_by_authority", "exchanges", "local_authority_id, direction, state"),
        ("exchanges_awaiting_answer_approval", "exchanges", "local_authority_id, answer_state"),
        ("exchanges_by_notification", "exchanges", "notification_id"),
        ("exchanges_by_batch", "exchanges", "batch_id"),
        ("exchange_events_by_exchange", "exchange_events", "exchange_id, at"),
        ("exchange_events_by_event", "exchange_events", "event"),
        ("notifications_by_imm_authority", "threat_notifications", "imm_authority_id, state"),
        ("notifications_by_ct_authority", "threat_notifications", "ct_authority_id, state"),
        ("alerts_by_authority", "alerts", "ct_authority_id, created_at"),
        // The audit trail read by actor, newest first, and by time. Every message writes audit
        // entries, so each index here costs on the federation's hot path: no more than these.
        ("audit_by_actor", "audit_entries", "actor, seq"),
        ("audit_by_time", "audit_entries", "occurred_at_ms"),
        ("sessions_by_user", "sessions", "user_id"),
        ("api_tokens_by_user", "api_tokens", "user_id"),
    ]

    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for (name, table, columns) in Self.indexes {
            try await sql.raw("CREATE INDEX \(unsafeRaw: name) ON \(unsafeRaw: table) (\(unsafeRaw: columns))").run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for (name, _, _) in Self.indexes.reversed() {
            try await sql.raw("DROP INDEX \(unsafeRaw: name)").run()
        }
    }
}
