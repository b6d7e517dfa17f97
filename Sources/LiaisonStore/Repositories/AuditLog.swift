import Crypto
import FluentKit
import Foundation
import LiaisonCore
import SQLKit

/// What a caller wants recorded; the log adds the sequence, time and chain.
public struct AuditEvent: Sendable {
    public var actor: String
    public var action: AuditAction
    public var outcome: AuditRecord.Outcome
    public var targetType: String?
    public var targetID: String?
    public var reason: String?
    public var detail: String?
    public var requestID: String?

    public init(
        actor: String, action: AuditAction, outcome: AuditRecord.Outcome = .success,
        targetType: String? = nil, targetID: String? = nil, reason: String? = nil,
        detail: String? = nil, requestID: String? = nil
    ) {
        self.actor = actor
        self.action = action
        self.outcome = outcome
        self.targetType = targetType
        self.targetID = targetID
        self.reason = reason
        self.detail = detail
        self.requestID = requestID
    }
}

public struct AuditFilter: Sendable {
    public var actor: String?
    public var action: String?
    public var outcome: String?
    public var beforeSequence: Int64?
    public var limit: Int

    public init(actor: String? = nil, action: String? = nil, outcome: String? = nil, beforeSequence: Int64? = nil, limit: Int = 50) {
        self.actor = actor
        self.action = action
        self.outcome = outcome
        self.beforeSequence = beforeSequence
        self.limit = limit
    }
}

/// The append-only, hash-chained audit trail. Each entry's hash covers its canonical form,
/// which includes the previous entry's hash, so changing or removing any entry breaks
/// every hash after it.
public protocol AuditTrail: Sendable {
    @discardableResult
    func append(_ event: AuditEvent, on database: any Database) async throws -> AuditRecord
    /// Appends several entries in order, at once.
    @discardableResult
    func append(_ events: [AuditEvent], on database: any Database) async throws -> [AuditRecord]
    func entries(_ filter: AuditFilter, on database: any Database) async throws -> [AuditEntryModel]
    /// The sequence number of the first entry written at or after `date`; nil when none is.
    func firstSequence(atOrAfter date: Date, on database: any Database) async throws -> Int64?
    func verify(on database: any Database) async throws -> AuditChainVerdict
}

public struct HashChainedAuditTrail: AuditTrail {
    private let clock: @Sendable () -> Date

    public init(clock: @escaping @Sendable () -> Date = Date.init) {
        self.clock = clock
    }

    public static func hash(_ record: AuditRecord) -> String {
        Hex.encode(SHA256.hash(data: Data(record.canonicalForm.utf8)))
    }

    /// Written with plain SQL statements rather than FluentKit models: appends sit on every
    /// hot path (each federation message writes one), and model reflection costs more than
    /// the statements themselves.
    @discardableResult
    public func append(_ event: AuditEvent, on database: any Database) async throws -> AuditRecord {
        guard let record = try await append([event], on: database).first else { throw AuditTrailError.missingHead }
        return record
    }

    /// Appends several entries, in order, with one read and one update of the chain's head.
    @discardableResult
    public func append(_ events: [AuditEvent], on database: any Database) async throws -> [AuditRecord] {
        guard !events.isEmpty else { return [] }
        return try await database.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { throw AuditTrailError.missingHead }
            let lock = sql.dialect.name == "postgresql" ? " FOR UPDATE" : ""
            guard let head = try await sql.raw("SELECT last_seq, last_hash FROM audit_head WHERE id = 1\(unsafeRaw: lock)").first() else {
                throw AuditTrailError.missingHead
            }
            var sequence = try head.decode(column: "last_seq", as: Int64.self)
            var previousHash = try head.decode(column: "last_hash", as: String.self)
            let now = clock()
            var rows: [SQLQueryString] = []
            var records: [AuditRecord] = []
            for event in events {
                sequence += 1
                let record = AuditRecord(
                    sequence: sequence, occurredAt: now, actor: event.actor, action: event.action, outcome: event.outcome,
                    targetType: event.targetType, targetID: event.targetID, reason: event.reason, detail: event.detail,
                    requestID: event.requestID, previousHash: previousHash)
                previousHash = Self.hash(record)
                rows.append(
                    """
                    (\(bind: record.sequence), \(bind: record.occurredAtMilliseconds), \(bind: record.actor), \(bind: record.action.rawValue),
                    \(bind: record.outcome.rawValue), \(bind: record.targetType), \(bind: record.targetID), \(bind: record.reason), \(bind: record.detail),
                    \(bind: record.requestID), \(bind: record.previousHash), \(bind: previousHash))
                    """)
                records.append(record)
            }
            try await sql.raw(
                """
                INSERT INTO audit_entries (seq, occurred_at_ms, actor, action, outcome, target_type, target_id, reason, detail, request_id, previous_hash, hash)
                VALUES \(rows.joined(separator: ", "))
                """
            ).run()
            try await sql.raw("UPDATE audit_head SET last_seq = \(bind: sequence), last_hash = \(bind: previousHash) WHERE id = 1").run()
            return records
        }
    }

    public func entries(_ filter: AuditFilter, on database: any Database) async throws -> [AuditEntryModel] {
        var query = AuditEntryModel.query(on: database)
        if let actor = filter.actor, !actor.isEmpty { query = query.filter(\.$actor == actor) }
        if let action = filter.action, !action.isEmpty { query = query.filter(\.$action == action) }
        if let outcome = filter.outcome, !outcome.isEmpty { query = query.filter(\.$outcome == outcome) }
        if let before = filter.beforeSequence { query = query.filter(\.$id < before) }
        return try await query.sort(\.$id, .descending).limit(max(1, min(filter.limit, 500))).all()
    }

    /// Entries are numbered in the order they are written and take their time when they are
    /// numbered, so time grows with the sequence: a binary search over the sequence finds a
    /// time without an index on time, which every append would pay for.
    public func firstSequence(atOrAfter date: Date, on database: any Database) async throws -> Int64? {
        let time = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        guard let sql = database as? any SQLDatabase,
            let bounds = try await sql.raw("SELECT MIN(seq) AS first, MAX(seq) AS last FROM audit_entries").first(),
            var low = try bounds.decodeNil(column: "first") ? nil : bounds.decode(column: "first", as: Int64.self),
            var high = try bounds.decodeNil(column: "last") ? nil : bounds.decode(column: "last", as: Int64.self)
        else { return nil }
        // The first entry numbered `sequence` or later, with its time.
        func timeOfEntry(from sequence: Int64) async throws -> (sequence: Int64, time: Int64)? {
            guard let row = try await sql.raw("SELECT seq, occurred_at_ms FROM audit_entries WHERE seq >= \(bind: sequence) ORDER BY seq LIMIT 1").first()
            else { return nil }
            return (try row.decode(column: "seq", as: Int64.self), try row.decode(column: "occurred_at_ms", as: Int64.self))
        }
        guard let last = try await timeOfEntry(from: high), last.time >= time else { return nil }
        // The smallest sequence from which the next entry is at or after `time`. Each step
        // narrows the range, even where entries are missing from the middle.
        while low < high {
            let middle = low + (high - low) / 2
            if let entry = try await timeOfEntry(from: middle), entry.time >= time { high = middle } else { low = middle + 1 }
        }
        return try await timeOfEntry(from: low)?.sequence
    }

    public func verify(on database: any Database) async throws -> AuditChainVerdict {
        var expectedPrevious = AuditRecord.genesisHash
        var expectedSequence: Int64 = 1
        let pageSize = 1000
        while true {
            let page = try await AuditEntryModel.query(on: database)
                .filter(\.$id >= expectedSequence).sort(\.$id, .ascending).limit(pageSize).all()
            for entry in page {
                guard let sequence = entry.id, sequence == expectedSequence else {
                    return .broken(sequence: expectedSequence, problem: "entry \(expectedSequence) is missing")
                }
                guard let record = entry.record else {
                    return .broken(sequence: sequence, problem: "entry \(sequence) has an unknown action or outcome")
                }
                guard record.previousHash == expectedPrevious else {
                    return .broken(sequence: sequence, problem: "entry \(sequence) does not follow the previous entry")
                }
                guard Self.hash(record) == entry.hash else {
                    return .broken(sequence: sequence, problem: "entry \(sequence) was changed after it was written")
                }
                expectedPrevious = entry.hash
                expectedSequence += 1
            }
            if page.count < pageSize { break }
        }
        guard let head = try await AuditHeadModel.find(1, on: database) else {
            return .broken(sequence: 0, problem: "the chain head is missing")
        }
        let count = expectedSequence - 1
        guard head.lastSequence == count, head.lastHash == expectedPrevious else {
            return .broken(sequence: count + 1, problem: "entries after \(count) were removed")
        }
        return .intact(entries: count, headHash: expectedPrevious)
    }
}

public enum AuditTrailError: Error, CustomStringConvertible {
    case missingHead
    public var description: String { "The audit trail has no head row; run `liaison migrate`." }
}
