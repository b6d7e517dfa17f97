import FluentKit
import Foundation
import LiaisonCore
import LiaisonStore
import LiaisonTestSupport
import Testing

/// Runs on SQLite, and on PostgreSQL when `LIAISON_TEST_DATABASE_URL` is set.
@Suite("Group commit: many units, one transaction, each rolled back alone")
struct GroupCommitTests {
    struct Refused: Error {}

    @Test("concurrent units all land; a failing unit leaves nothing and does not take the others with it")
    func unitsAreIsolated() async throws {
        let database = try await TestDatabase.open()
        try await database.migrate()
        do {
            let commits = GroupCommit(maximumBatch: 8) { database.database() }
            let trail = HashChainedAuditTrail()
            let outcomes = await withTaskGroup(of: (Int, Bool).self) { group in
                for index in 0..<40 {
                    group.addTask {
                        do {
                            try await commits.run { tx in
                                try await trail.append(AuditEvent(actor: "unit\(index)", action: .signIn), on: tx)
                                if index % 5 == 0 { throw Refused() }
                            }
                            return (index, true)
                        } catch {
                            return (index, false)
                        }
                    }
                }
                var outcomes: [Int: Bool] = [:]
                for await (index, ok) in group { outcomes[index] = ok }
                return outcomes
            }
            #expect(outcomes.filter { !$0.value }.keys.sorted() == [0, 5, 10, 15, 20, 25, 30, 35])
            let entries = try await trail.entries(AuditFilter(limit: 100), on: database.database())
            #expect(entries.count == 32)
            #expect(Set(entries.map(\.actor)) == Set((0..<40).filter { $0 % 5 != 0 }.map { "unit\($0)" }))
            // The rolled-back units left no gap: the chain is whole.
            #expect(try await trail.verify(on: database.database()) == .intact(entries: 32, headHash: entries.max { $0.id! < $1.id! }!.hash))
        } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
    }
}
