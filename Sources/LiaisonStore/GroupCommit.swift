import Synchronization

/// Lets concurrent writers share one commit. A writer that finds no commit running writes
/// its own item at once; writers that arrive while a commit runs wait, and the first of
/// them then writes everything that gathered in one batch. Under load a batch costs a
/// handful of statements and one commit, where each item alone would cost the same again;
/// an idle system pays nothing extra, as the first writer never waits.
///
/// Each writer leads at most one batch (the one that holds its item), so no writer's wait
/// grows with the load behind it.
public final class GroupCommit<Item: Sendable, Output: Sendable>: Sendable {
    /// Writes a batch, typically in one transaction, and returns one result per item, in order.
    public typealias Write = @Sendable ([Item]) async -> [Result<Output, any Error>]

    private enum Signal: Sendable {
        case done(Result<Output, any Error>)
        case lead
    }

    private struct Waiter: Sendable {
        let item: Item
        let continuation: CheckedContinuation<Signal, Never>
    }

    private struct State: Sendable {
        var committing = false
        var waiting: [Waiter] = []
    }

    private let state = Mutex(State())
    private let maximumBatch: Int

    public init(maximumBatch: Int = 64) {
        precondition(maximumBatch > 0)
        self.maximumBatch = maximumBatch
    }

    /// Writes `item`, alone or with others, and returns its result once committed. Every
    /// writer passes the same `write`; whichever leads a batch writes it.
    public func submit(_ item: Item, write: Write) async throws -> Output {
        let signal = await withCheckedContinuation { (continuation: CheckedContinuation<Signal, Never>) in
            let leads = state.withLock { state in
                if state.committing {
                    state.waiting.append(Waiter(item: item, continuation: continuation))
                    return false
                }
                state.committing = true
                return true
            }
            if leads { continuation.resume(returning: .lead) }
        }
        switch signal {
        case .done(let result):
            return try result.get()
        case .lead:
            return try await lead(with: item, write: write).get()
        }
    }

    private func lead(with item: Item, write: Write) async -> Result<Output, any Error> {
        let others = state.withLock { state in
            let batch = Array(state.waiting.prefix(maximumBatch - 1))
            state.waiting.removeFirst(batch.count)
            return batch
        }
        var results = await write([item] + others.map(\.item))
        if results.count != others.count + 1 {
            results = Array(repeating: .failure(GroupCommitError.resultCountMismatch), count: others.count + 1)
        }
        for (waiter, result) in zip(others, results.dropFirst()) { waiter.continuation.resume(returning: .done(result)) }
        // Hand the next batch to the first writer still waiting: it leads with its own item.
        let next = state.withLock { state -> Waiter? in
            guard !state.waiting.isEmpty else {
                state.committing = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.continuation.resume(returning: .lead)
        return results[0]
    }
}

public enum GroupCommitError: Error {
    /// A batch writer returned a different number of results than it was given items.
    case resultCountMismatch
}
