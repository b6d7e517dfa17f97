import FluentKit
import Foundation
import LiaisonCore
import LiaisonStore
import LiaisonTestSupport
import SQLKit
import Testing

/// Runs on SQLite, and on PostgreSQL when `LIAISON_TEST_DATABASE_URL` is set.
@Suite("Audit trail: append-only, hash-chained")
struct AuditTrailTests {
    func withTrail(_ body: (any Database, HashChainedAuditTrail) async throws -> Void) async throws {
        let database = try await TestDatabase.open()
        try await database.migrate()
        do {
            try await body(database.database(), HashChainedAuditTrail())
        } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
    }

    func appendSome(_ trail: HashChainedAuditTrail, _ db: any Database, count: Int) async throws {
        for index in 1...count {
            try await trail.append(AuditEvent(actor: "user\(index)", action: .signIn, detail: "n=\(index)"), on: db)
        }
    }

    @Test("entries chain: each carries the previous hash, and the chain verifies")
    func chainVerifies() async throws {
        try await withTrail { db, trail in
            try await appendSome(trail, db, count: 5)
            let entries = try await trail.entries(AuditFilter(limit: 10), on: db).sorted { $0.id! < $1.id! }
            #expect(entries.map(\.id) == [1, 2, 3, 4, 5])
            #expect(entries[0].previousHash == AuditRecord.genesisHash)
            for (earlier, later) in zip(entries, entries.dropFirst()) { #expect(later.previousHash == earlier.hash) }
            #expect(try await trail.verify(on: db) == .intact(entries: 5, headHash: entries[4].hash))
        }
    }

    @Test("entries appended together chain in order after the ones before them")
    func appendedTogether() async throws {
        try await withTrail { db, trail in
            try await appendSome(trail, db, count: 2)
            let records = try await trail.append(
                (3...6).map { AuditEvent(actor: "node:be-1", action: .envelopeReceived, targetID: "e\($0)") }, on: db)
            #expect(records.map(\.sequence) == [3, 4, 5, 6])
            #expect(records.map(\.targetID) == ["e3", "e4", "e5", "e6"])
            let entries = try await trail.entries(AuditFilter(limit: 10), on: db).sorted { $0.id! < $1.id! }
            for (earlier, later) in zip(entries, entries.dropFirst()) { #expect(later.previousHash == earlier.hash) }
            #expect(try await trail.verify(on: db) == .intact(entries: 6, headHash: entries[5].hash))
            #expect(try await trail.append([], on: db).isEmpty)
        }
    }

    @Test("a changed row is reported as the first broken entry")
    func tamperedRow() async throws {
        try await withTrail { db, trail in
            try await appendSome(trail, db, count: 6)
            try await (db as! any SQLDatabase).raw("UPDATE audit_entries SET actor = 'mallory' WHERE seq = 3").run()
            guard case .broken(let sequence, let problem) = try await trail.verify(on: db) else {
                Issue.record("tampering was not detected")
                return
            }
            #expect(sequence == 3)
            #expect(problem.contains("changed"))
        }
    }

    @Test("a rewritten row with a recomputed hash breaks the next entry")
    func rewrittenRow() async throws {
        try await withTrail { db, trail in
            try await appendSome(trail, db, count: 4)
            let row = try #require(try await AuditEntryModel.find(2, on: db))
            var record = try #require(row.record)
            record.actor = "mallory"
            let forged = HashChainedAuditTrail.hash(record)
            try await (db as! any SQLDatabase).raw("UPDATE audit_entries SET actor = 'mallory', hash = \(bind: forged) WHERE seq = 2").run()
            #expect(try await trail.verify(on: db) == .broken(sequence: 3, problem: "entry 3 does not follow the previous entry"))
        }
    }

    @Test("removed entries are detected, in the middle and at the end")
    func removedRows() async throws {
        try await withTrail { db, trail in
            try await appendSome(trail, db, count: 5)
            try await (db as! any SQLDatabase).raw("DELETE FROM audit_entries WHERE seq = 5").run()
            #expect(try await trail.verify(on: db) == .broken(sequence: 5, problem: "entries after 4 were removed"))
            try await (db as! any SQLDatabase).raw("DELETE FROM audit_entries WHERE seq = 2").run()
            #expect(try await trail.verify(on: db) == .broken(sequence: 2, problem: "entry 2 is missing"))
        }
    }

    @Test("concurrent appends keep one unbroken chain")
    func concurrentAppends() async throws {
        try await withTrail { db, trail in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<4 {
                    group.addTask {
                        for index in 0..<10 {
                            try await trail.append(AuditEvent(actor: "w\(worker)", action: .tokenUsed, detail: "\(index)"), on: db)
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await trail.verify(on: db).isIntact(entries: 40))
        }
    }

    @Test("the first entry at or after a time is found by its sequence, without an index on time")
    func firstSequenceAtOrAfter() async throws {
        let database = try await TestDatabase.open()
        try await database.migrate()
        let db = database.database()
        let clock = TestClock()
        let trail = HashChainedAuditTrail(clock: clock.function)
        let start = clock.date
        #expect(try await trail.firstSequence(atOrAfter: start, on: db) == nil, "an empty trail has none")
        // 37 entries, one a minute; several per minute would do as well.
        for index in 1...37 {
            try await trail.append(AuditEvent(actor: "user\(index)", action: .signIn), on: db)
            clock.advance(60)
        }
        #expect(try await trail.firstSequence(atOrAfter: start.addingTimeInterval(-3600), on: db) == 1)
        #expect(try await trail.firstSequence(atOrAfter: start, on: db) == 1)
        for minute in [1, 2, 17, 18, 35, 36] {
            #expect(try await trail.firstSequence(atOrAfter: start.addingTimeInterval(Double(minute) * 60), on: db) == Int64(minute + 1))
            #expect(try await trail.firstSequence(atOrAfter: start.addingTimeInterval(Double(minute) * 60 - 30), on: db) == Int64(minute + 1))
        }
        #expect(try await trail.firstSequence(atOrAfter: start.addingTimeInterval(37 * 60), on: db) == nil, "nothing written since")
        // With entries missing (a tampered trail), the search still ends, on the next entry there is.
        let sql = db as! any SQLDatabase
        try await sql.raw("DELETE FROM audit_entries WHERE seq BETWEEN 10 AND 20").run()
        #expect(try await trail.firstSequence(atOrAfter: start.addingTimeInterval(12 * 60), on: db) == 21)
        #expect(try await trail.firstSequence(atOrAfter: start.addingTimeInterval(5 * 60), on: db) == 6)
        await database.shutdown()
    }

    @Test("filters select by actor, action and outcome, newest first")
    func filters() async throws {
        try await withTrail { db, trail in
            try await trail.append(AuditEvent(actor: "anne", action: .signIn), on: db)
            try await trail.append(AuditEvent(actor: "bob", action: .signInFailed, outcome: .failure), on: db)
            try await trail.append(AuditEvent(actor: "anne", action: .signOut), on: db)
            #expect(try await trail.entries(AuditFilter(actor: "anne"), on: db).map(\.action) == ["auth.signOut", "auth.signIn"])
            #expect(try await trail.entries(AuditFilter(outcome: "failure"), on: db).map(\.actor) == ["bob"])
            #expect(try await trail.entries(AuditFilter(beforeSequence: 2), on: db).count == 1)
        }
    }
}

extension AuditChainVerdict {
    func isIntact(entries expected: Int64) -> Bool {
        if case .intact(let entries, _) = self { return entries == expected }
        return false
    }
}
