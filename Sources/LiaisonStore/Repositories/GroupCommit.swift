import FluentKit
import Foundation
import SQLKit

/// Runs units of work that arrive together in one transaction, each inside its own
/// savepoint: one durable commit for many, and a unit that fails is rolled back alone.
/// A caller's `run` returns only after the commit that holds its work, so whatever it
/// answers afterwards (a signed receipt, say) stands on durable data.
public actor GroupCommit {
    public typealias Work = @Sendable (any Database) async throws -> Void

    private struct Pending: Sendable {
        var work: Work
        var continuation: CheckedContinuation<Void, any Error>
    }

    private let database: @Sendable () -> any Database
    private let maximumBatch: Int
    private var queue: [Pending] = []
    private var draining = false

    public init(maximumBatch: Int = 64, database: @escaping @Sendable () -> any Database) {
        self.maximumBatch = maximumBatch
        self.database = database
    }

    public func run(_ work: @escaping Work) async throws {
        try await withCheckedThrowingContinuation { continuation in
            queue.append(Pending(work: work, continuation: continuation))
            if !draining {
                draining = true
                Task { await drain() }
            }
        }
    }

    private func drain() async {
        while !queue.isEmpty {
            let batch = Array(queue.prefix(maximumBatch))
            queue.removeFirst(batch.count)
            do {
                let outcomes = try await database().transaction { tx -> [Result<Void, any Error>] in
                    guard let sql = tx as? any SQLDatabase else { throw GroupCommitError.notSQL }
                    var outcomes: [Result<Void, any Error>] = []
                    for pending in batch {
                        try await sql.raw("SAVEPOINT unit").run()
                        do {
                            try await pending.work(tx)
                            try await sql.raw("RELEASE SAVEPOINT unit").run()
                            outcomes.append(.success(()))
                        } catch {
                            try await sql.raw("ROLLBACK TO SAVEPOINT unit").run()
                            try await sql.raw("RELEASE SAVEPOINT unit").run()
                            outcomes.append(.failure(error))
                        }
                    }
                    return outcomes
                }
                for (pending, outcome) in zip(batch, outcomes) { pending.continuation.resume(with: outcome) }
            } catch {
                for pending in batch { pending.continuation.resume(throwing: error) }
            }
        }
        draining = false
    }
}

public enum GroupCommitError: Error {
    case notSQL
}
