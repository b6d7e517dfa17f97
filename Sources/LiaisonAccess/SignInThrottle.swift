import FluentKit
import Foundation
import LiaisonNode
import LiaisonStore

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

    /// Records a failure; returns the new lock end if this failure locks the key.
    @discardableResult
    func recordFailure(_ key: String, rule: Rule, now: Date, on db: any Database) async throws -> Date? {
        let row =
            try await SignInThrottleModel.query(on: db).filter(\.$key == key).first()
            ?? SignInThrottleModel(key: key, now: now)
        if now.timeIntervalSince(row.lastFailureAt) > rule.memory { row.failures = 0 }
        row.failures += 1
        row.lastFailureAt = now
        if row.failures > rule.freeFailures {
            let exponent = Double(min(row.failures - rule.freeFailures - 1, 16))
            row.lockedUntil = now.addingTimeInterval(min(rule.firstLock * pow(2, exponent), rule.maximumLock))
        }
        try await row.save(on: db)
        return row.lockedUntil.flatMap { $0 > now ? $0 : nil }
    }

    func reset(_ key: String, on db: any Database) async throws {
        try await SignInThrottleModel.query(on: db).filter(\.$key == key).delete()
    }
}
