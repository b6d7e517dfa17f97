import FluentKit
import Foundation
import SQLKit

// The federation's hot path writes its rows with plain SQL statements: every message
// passes here, and FluentKit's per-call model reflection costs more than the statements.
// Values are bound exactly as FluentKit binds them, so models read these rows as usual.

extension OutboxMessageModel {
    public func insert(on database: any Database) async throws {
        try await database.sql().raw(
            """
            INSERT INTO outbox_messages (id, to_node, kind, envelope, state, attempts, next_attempt_at, last_error, receipt, created_at, delivered_at)
            VALUES (\(bind: try requireID()), \(bind: toNode), \(bind: kind), \(bind: envelope), \(bind: state), \(bind: attempts),
            \(bind: nextAttemptAt), \(bind: lastError), \(bind: receipt), \(bind: createdAt), \(bind: deliveredAt))
            """
        ).run()
        $id.exists = true
    }

    /// Writes what a delivery attempt changed: state, attempts, next attempt, error, receipt.
    public func updateOutcome(on database: any Database) async throws {
        try await database.sql().raw(
            """
            UPDATE outbox_messages SET state = \(bind: state), attempts = \(bind: attempts), next_attempt_at = \(bind: nextAttemptAt),
            last_error = \(bind: lastError), receipt = \(bind: receipt), delivered_at = \(bind: deliveredAt) WHERE id = \(bind: try requireID())
            """
        ).run()
    }

    /// Marks delivered rows with one statement: their attempts, receipt and delivery time.
    public static func recordDeliveries(_ rows: [OutboxMessageModel], on database: any Database) async throws {
        guard !rows.isEmpty else { return }
        let values: [SQLQueryString] = try rows.map { row in
            guard let receipt = row.receipt, let deliveredAt = row.deliveredAt else { throw StoreError.notDelivered }
            return "(\(bind: try row.requireID()), \(bind: row.attempts), \(bind: receipt), \(bind: deliveredAt))"
        }
        try await database.sql().raw(
            """
            WITH delivered (id, attempts, receipt, delivered_at) AS (VALUES \(values.joined(separator: ", ")))
            UPDATE outbox_messages SET state = \(bind: State.delivered.rawValue), attempts = delivered.attempts, last_error = NULL,
            receipt = delivered.receipt, delivered_at = delivered.delivered_at
            FROM delivered WHERE outbox_messages.id = delivered.id
            """
        ).run()
    }
}

extension DeliveryAttemptModel {
    /// Inserts several attempts with one statement.
    public static func insert(_ attempts: [DeliveryAttemptModel], on database: any Database) async throws {
        guard !attempts.isEmpty else { return }
        let values: [SQLQueryString] = attempts.map { attempt in
            let id = attempt.id ?? UUID()
            attempt.id = id
            attempt.$id.exists = true
            return "(\(bind: id), \(bind: attempt.$message.id), \(bind: attempt.attemptedAt), \(bind: attempt.outcome), \(bind: attempt.detail))"
        }
        try await database.sql().raw(
            "INSERT INTO delivery_attempts (id, message_id, attempted_at, outcome, detail) VALUES \(values.joined(separator: ", "))"
        ).run()
    }
}

extension InboxMessageModel {
    /// Inserts several received messages with one statement.
    public static func insert(_ rows: [InboxMessageModel], on database: any Database) async throws {
        guard !rows.isEmpty else { return }
        let values: [SQLQueryString] = try rows.map { row in
            """
            (\(bind: try row.requireID()), \(bind: row.fromNode), \(bind: row.kind), \(bind: row.envelope), \(bind: row.bodyDigest), \(bind: row.receipt),
            \(bind: row.receivedAt), \(bind: row.appliedAt))
            """
        }
        try await database.sql().raw(
            """
            INSERT INTO inbox_messages (id, from_node, kind, envelope, body_digest, receipt, received_at, applied_at)
            VALUES \(values.joined(separator: ", "))
            """
        ).run()
        for row in rows { row.$id.exists = true }
    }

    /// The digest and receipt of each of these envelopes already stored.
    public static func stored(_ ids: [UUID], on database: any Database) async throws -> [UUID: (bodyDigest: String, receipt: Data)] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await database.sql().raw(
            "SELECT id, body_digest, receipt FROM inbox_messages WHERE id IN (\(ids.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))"
        ).all()
        var stored: [UUID: (bodyDigest: String, receipt: Data)] = [:]
        for row in rows {
            stored[try row.decode(column: "id", as: UUID.self)] = (
                try row.decode(column: "body_digest", as: String.self), try row.decode(column: "receipt", as: Data.self)
            )
        }
        return stored
    }
}

extension Database {
    /// The SQL layer under this database; every store Liaison uses has one.
    func sql() throws -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else { throw StoreError.notSQL }
        return sql
    }
}

public enum StoreError: Error {
    case notSQL
    /// A row recorded as delivered must carry its receipt and delivery time.
    case notDelivered
}
