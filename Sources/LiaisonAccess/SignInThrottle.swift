import FluentKit
import Foundation
import LiaisonNode
import LiaisonStore
import SQLKit

/// Slows down guessing: after a few failures a user name (or a client address) is locked
/// for a period that doubles with each further failure, up to a ceiling. Counts live in
/// the database so that every instance of a node shares them.
struct SignInThrottle: Sendable {
    struct Rule: Sendable {
        var freeFailures: Int
        var firstLock: TimeInterval
        var maximumLock: TimeInterval
        /// Failures older than this are forgotten.
        var memory: TimeInterval
    }

    static let perUser = Rule(freeFailures: 5, firstLock: 30, maximumLock: 15 * 60, memory: 15 * 60)
    static let perAddress = Rule(freeFailures: 20, firstLock: 30, maximumLock: 15 * 60, memory: 15 * 60)

    /// The moment the key is free again, if it is locked now.
    func lockedUntil(_ key: String, now: Date, on db: any Database) async throws -> Date? {
        guard let row = try await SignInThrottleModel.query(on: db).filter(\.$key == key).first(),
            let until = row.lockedUntil, until > now
        else { return nil }
        return until
    }

    /// Records a failure; returns the new lock end if this failure locks the key. Parallel
    /// failures for one key are each counted: the row is created if missing without a
    /// conflict (`ON CONFLICT DO NOTHING`), then read and written in one transaction that
    /// holds it (`FOR UPDATE` on PostgreSQL; SQLite has one writer at a time).
    @discardableResult
    func recordFailure(_ key: String, rule: Rule, now: Date, on db: any Database) async throws -> Date? {
        guard let sql = db as? any SQLDatabase else { return nil }
        try await sql.raw(
            """
            INSERT INTO sign_in_throttle (id, key, failures, last_failure_at) VALUES (\(bind: UUID()), \(bind: key), 0, \(bind: now))
            ON CONFLICT (key) DO NOTHING
            """
        ).run()
        return try await db.transaction { tx in
            let lock = sql.dialect.name == "postgresql" ? " FOR UPDATE" : ""
            guard let tsql = tx as? any SQLDatabase,
                let id = try await tsql.raw("SELECT id FROM sign_in_throttle WHERE key = \(bind: key)\(unsafeRaw: lock)").first()?
                    .decode(column: "id", as: UUID.self),
                let row = try await SignInThrottleModel.find(id, on: tx)
            else { return nil }
            if row.failures > 0, now.timeIntervalSince(row.lastFailureAt) > rule.memory { row.failures = 0 }
            row.failures += 1
            row.lastFailureAt = now
            if row.failures > rule.freeFailures {
                let exponent = Double(min(row.failures - rule.freeFailures - 1, 16))
                row.lockedUntil = now.addingTimeInterval(min(rule.firstLock * pow(2, exponent), rule.maximumLock))
            }
            try await row.save(on: tx)
            return row.lockedUntil.flatMap { $0 > now ? $0 : nil }
        }
    }

    func reset(_ key: String, on db: any Database) async throws {
        try await SignInThrottleModel.query(on: db).filter(\.$key == key).delete()
    }
}
