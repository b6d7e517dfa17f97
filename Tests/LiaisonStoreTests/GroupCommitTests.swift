import LiaisonStore
import Synchronization
import Testing

@Suite("Group commit: concurrent writers share batches")
struct GroupCommitTests {
    struct Refused: Error, Equatable {
        let item: Int
    }

    /// Batches as the writer saw them.
    final class Log: Sendable {
        let batches = Mutex<[[Int]]>([])
    }

    func doubling(_ log: Log, failing: Set<Int> = []) -> GroupCommit<Int, Int>.Write {
        { batch in
            log.batches.withLock { $0.append(batch) }
            // Long enough for the other writers to arrive and wait.
            try? await Task.sleep(for: .milliseconds(5))
            return batch.map { failing.contains($0) ? .failure(Refused(item: $0)) : .success($0 * 2) }
        }
    }

    @Test("each writer gets its own result; writers that arrive during a commit share the next one, up to the batch limit")
    func batches() async throws {
        let commit = GroupCommit<Int, Int>(maximumBatch: 8)
        let log = Log()
        let write = doubling(log)
        let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for item in 0..<60 { group.addTask { (item, try await commit.submit(item, write: write)) } }
            return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        #expect(results == Dictionary(uniqueKeysWithValues: (0..<60).map { ($0, $0 * 2) }))
        let batches = log.batches.withLock { $0 }
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<60), "every item written exactly once")
        #expect(batches.allSatisfy { $0.count <= 8 })
        #expect(batches.count < 60, "some writers shared a commit")
    }

    @Test("a writer alone writes at once, in a batch of one")
    func alone() async throws {
        let commit = GroupCommit<Int, Int>()
        let log = Log()
        #expect(try await commit.submit(21, write: doubling(log)) == 42)
        #expect(try await commit.submit(4, write: doubling(log)) == 8)
        #expect(log.batches.withLock { $0 } == [[21], [4]])
    }

    @Test("a failed item fails only its own writer")
    func failures() async throws {
        let commit = GroupCommit<Int, Int>()
        let write = doubling(Log(), failing: [3, 7])
        let outcomes = await withTaskGroup(of: (Int, Result<Int, Refused>).self) { group in
            for item in 0..<10 {
                group.addTask {
                    do { return (item, .success(try await commit.submit(item, write: write))) } catch let refused as Refused { return (item, .failure(refused)) } catch {
                        return (item, .failure(Refused(item: -1)))
                    }
                }
            }
            return await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
        }
        for item in 0..<10 {
            #expect(outcomes[item] == ([3, 7].contains(item) ? .failure(Refused(item: item)) : .success(item * 2)))
        }
    }

    @Test("a writer that returns the wrong number of results fails the batch rather than mixing results up")
    func wrongCount() async throws {
        let commit = GroupCommit<Int, Int>()
        await #expect(throws: GroupCommitError.self) { try await commit.submit(1) { _ in [] } }
        #expect(try await commit.submit(2) { batch in batch.map { .success($0) } } == 2, "the next batch is led as usual")
    }
}
