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
}

extension DeliveryAttemptModel {
    public func insert(on database: any Database) async throws {
        let id = self.id ?? UUID()
        try await database.sql().raw(
            """
            INSERT INTO delivery_attempts (id, message_id, attempted_at, outcome, detail)
            VALUES (\(bind: id), \(bind: $message.id), \(bind: attemptedAt), \(bind: outcome), \(bind: detail))
            """
        ).run()
        self.id = id
        $id.exists = true
    }
}

extension InboxMessageModel {
    public func insert(on database: any Database) async throws {
        try await database.sql().raw(
            """
            INSERT INTO inbox_messages (id, from_node, kind, envelope, body_digest, receipt, received_at, applied_at)
            VALUES (\(bind: try requireID()), \(bind: fromNode), \(bind: kind), \(bind: envelope), \(bind: bodyDigest), \(bind: receipt),
            \(bind: receivedAt), \(bind: appliedAt))
            """
        ).run()
        $id.exists = true
    }

    /// The digest and receipt of an envelope already stored, if any.
    public static func stored(_ id: UUID, on database: any Database) async throws -> (bodyDigest: String, receipt: Data)? {
        guard let row = try await database.sql().raw("SELECT body_digest, receipt FROM inbox_messages WHERE id = \(bind: id)").first() else {
            return nil
        }
        return (try row.decode(column: "body_digest", as: String.self), try row.decode(column: "receipt", as: Data.self))
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
}
