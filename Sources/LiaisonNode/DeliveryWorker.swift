import AsyncHTTPClient
import FluentKit
import Foundation
import LiaisonCore
import LiaisonFederation
import LiaisonStore
import Logging
import NIOCore
import NIOPosix
import SQLKit
import ServiceLifecycle
import Synchronization

/// Sends what the outbox holds, with retries and exponential backoff, until the receiver
/// returns a receipt that verifies. Several instances of a node can run this at once:
/// rows are claimed with `FOR UPDATE SKIP LOCKED` and leased for a while.
public struct DeliveryWorker: Service {
    let node: FederationNode
    let logger: Logger
    let peersInBackoff = PeersInBackoff()
    /// Attempts that end together are recorded in one commit.
    let outcomes = GroupCommit<Attempt, Void>()
    static let batch = 32
    static let lease: TimeInterval = 10

    public init(node: FederationNode, logger: Logger) {
        self.node = node
        self.logger = logger
    }

    public func run() async throws {
        let client = try node.makeHTTPClient()
        do {
            try await cancelWhenGracefulShutdown { try await deliverContinuously(client: client) }
        } catch is CancellationError {}
        try await client.shutdown()
    }

    /// Delivers for as long as the node runs, in one lane per receiving node. A lane takes
    /// what is due for its node, delivers it and ends; while it runs, the node's other
    /// messages wait for it. A node that accepts connections and never answers therefore
    /// delays its own messages only, never those for the rest of the network.
    func deliverContinuously(client: HTTPClient) async throws {
        let (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let busy = BusyPeers()
        try await withThrowingDiscardingTaskGroup { group in
            // New messages are noticed within the poll interval; a lane that ends wakes the loop at once.
            group.addTask {
                while !Task.isCancelled {
                    try await Task.sleep(for: .seconds(node.settings.pollInterval))
                    wake.yield()
                }
            }
            var lastManifestCheck = ContinuousClock.now - .seconds(3600)
            var wakeup = wakeups.makeAsyncIterator()
            while !Task.isCancelled {
                if ContinuousClock.now - lastManifestCheck > .seconds(30) {
                    await node.refreshManifest(client: client, logger: logger)
                    lastManifestCheck = .now
                }
                let due = await claimDueLogged(excluding: busy.peers)
                for (peer, rows) in Dictionary(grouping: due, by: \.toNode) {
                    busy.insert(peer)
                    group.addTask {
                        await deliverEach(rows, client: client)
                        busy.remove(peer)
                        wake.yield()
                    }
                }
                if due.isEmpty { _ = await wakeup.next() }
            }
            group.cancelAll()
        }
    }

    /// Delivers every message that is due now and waits for the outcomes; returns how many
    /// were attempted.
    @discardableResult
    public func deliverDue(client: HTTPClient) async -> Int {
        let due = await claimDueLogged(excluding: [])
        await deliverEach(due, client: client)
        return due.count
    }

    func deliverEach(_ rows: [OutboxMessageModel], client: HTTPClient) async {
        await withTaskGroup(of: Void.self) { group in
            for row in rows { group.addTask { await deliver(row, client: client) } }
        }
    }

    func claimDueLogged(excluding busy: Set<String>) async -> [OutboxMessageModel] {
        do {
            return try await claimDue(excluding: busy)
        } catch {
            logger.error("outbox claim failed", metadata: ["error_type": .string(String(reflecting: type(of: error)))])
            return []
        }
    }

    /// Claims up to `batch` due messages, none for the nodes in `busy`, and leases them.
    func claimDue(excluding busy: Set<String> = []) async throws -> [OutboxMessageModel] {
        let now = node.clock()
        return try await node.db.transaction { tx in
            guard let sql = tx as? any SQLDatabase else { return [] }
            // The state is written as a literal: the partial index `outbox_queued` serves a
            // query only when its condition appears as written. PostgreSQL skips the rows
            // another instance has claimed; SQLite has one writer at a time.
            let notBusy: SQLQueryString =
                busy.isEmpty ? "" : " AND to_node NOT IN (\(busy.sorted().map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ")))"
            let lock = sql.dialect.name == "postgresql" ? " FOR UPDATE SKIP LOCKED" : ""
            let ids = try await sql.raw(
                """
                SELECT id FROM outbox_messages WHERE state = 'queued' AND next_attempt_at <= \(bind: now)\(notBusy)
                ORDER BY next_attempt_at LIMIT \(unsafeRaw: String(Self.batch))\(unsafeRaw: lock)
                """
            ).all().map { try $0.decode(column: "id", as: UUID.self) }
            let rows = ids.isEmpty ? [] : try await OutboxMessageModel.query(on: tx).filter(\.$id ~~ ids).sort(\.$nextAttemptAt).all()
            let leasedUntil = now.addingTimeInterval(Self.lease)
            try await OutboxMessageModel.query(on: tx).filter(\.$id ~~ rows.compactMap(\.id)).set(\.$nextAttemptAt, to: leasedUntil).update()
            for row in rows { row.nextAttemptAt = leasedUntil }
            return rows
        }
    }

    enum Outcome {
        case delivered(Receipt)
        case retry(String)
        case refused(String)

        /// How the attempt is recorded.
        var label: String {
            switch self {
            case .delivered: "delivered"
            case .retry: "retry"
            case .refused: "refused"
            }
        }

        var detail: String? {
            switch self {
            case .delivered: nil
            case .retry(let reason), .refused(let reason): reason
            }
        }
    }

    /// Delivers one message now, outside the polling loop (used by `liaison bench`); true when
    /// the receipt verified.
    public func deliverNow(_ row: OutboxMessageModel, client: HTTPClient) async throws -> Bool {
        let outcome = await attempt(row, client: client)
        try await record(outcome, for: row)
        if case .delivered = outcome { return true }
        return false
    }

    func deliver(_ row: OutboxMessageModel, client: HTTPClient) async {
        let outcome = await attempt(row, client: client)
        do {
            try await record(outcome, for: row)
        } catch {
            logger.error("outbox update failed", metadata: ["error_type": .string(String(reflecting: type(of: error)))])
        }
    }

    func attempt(_ row: OutboxMessageModel, client: HTTPClient) async -> Outcome {
        guard let envelope = try? JSONDecoder().decode(Envelope.self, from: row.envelope) else { return .refused("unreadable envelope") }
        guard let target = await node.manifest.current.node(row.toNode), let key = target.publicKey else {
            return .retry("node \(row.toNode) is not in the manifest")
        }
        var request = HTTPClientRequest(url: target.federationEndpoint + "/federation/v1/envelopes")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: row.envelope))
        do {
            let response = try await client.execute(request, timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 64 * 1024)
            switch response.status.code {
            case 200:
                guard let receipt = try? JSONDecoder().decode(Receipt.self, from: Data(buffer: body)),
                    receipt.confirms(envelope, receiverKey: key)
                else { return .retry("the receipt did not verify") }
                return .delivered(receipt)
            case 400..<500:
                struct Problem: Decodable { let code: String }
                let code = (try? JSONDecoder().decode(Problem.self, from: Data(buffer: body)))?.code ?? "http.\(response.status.code)"
                // A receiver that does not know us yet may only hold an older manifest.
                return code == FederationRefusal.Code.unknownNode.rawValue ? .retry(code) : .refused(code)
            default:
                return .retry("http \(response.status.code)")
            }
        } catch {
            return .retry("connection: \(String(describing: type(of: error)))")
        }
    }

    func record(_ outcome: Outcome, for row: OutboxMessageModel) async throws {
        let now = node.clock()
        row.attempts += 1
        switch outcome {
        case .delivered(let receipt):
            row.state = .delivered
            row.receipt = try JSONEncoder().encode(receipt)
            row.deliveredAt = now
            row.lastError = nil
        case .refused(let reason):
            row.state = .failed
            row.lastError = reason
        case .retry(let reason):
            let backoff = min(0.25 * pow(2, Double(min(row.attempts, 20) - 1)), node.settings.maximumBackoff)
            row.nextAttemptAt = now.addingTimeInterval(backoff)
            row.lastError = reason
        }
        try await outcomes.submit(Attempt(row: row, outcome: outcome, at: now)) { batch in await write(batch) }
        switch outcome {
        case .delivered:
            // The peer is reachable again: what waits for it in backoff goes now. Rows leased
            // to a delivery in flight (due within the lease) are left alone. Skipped while
            // this worker has seen no failure towards the peer since the last such reset.
            guard peersInBackoff.clear(row.toNode) else { return }
            try await OutboxMessageModel.query(on: node.db)
                .filter(\.$toNode == row.toNode).filter(\.$state == .queued)
                .filter(\.$nextAttemptAt > now.addingTimeInterval(Self.lease))
                .set(\.$nextAttemptAt, to: now).update()
        case .retry:
            peersInBackoff.mark(row.toNode)
        case .refused:
            break
        }
    }

    /// One delivery attempt to record: the outbox row as it now stands, and what happened.
    struct Attempt: Sendable {
        let row: OutboxMessageModel
        let outcome: Outcome
        let at: Date
    }

    /// Records attempts that ended together in one commit: each row's new state, the attempt
    /// itself and, for a delivery or a refusal, the audit entry. Should the shared commit
    /// fail, each attempt is recorded on its own, so one bad row holds up no other.
    func write(_ batch: [Attempt]) async -> [Result<Void, any Error>] {
        do {
            try await node.db.transaction { tx in
                var delivered: [OutboxMessageModel] = []
                var attempts: [DeliveryAttemptModel] = []
                var events: [AuditEvent] = []
                for attempt in batch {
                    let id = try attempt.row.requireID()
                    attempts.append(DeliveryAttemptModel(messageID: id, attemptedAt: attempt.at, outcome: attempt.outcome.label, detail: attempt.outcome.detail))
                    switch attempt.outcome {
                    case .delivered:
                        delivered.append(attempt.row)
                        events.append(
                            AuditEvent(actor: "system", action: .envelopeDelivered, targetType: "envelope", targetID: id.uuidString, detail: "to=\(attempt.row.toNode)"))
                    case .refused(let reason):
                        try await attempt.row.updateOutcome(on: tx)
                        events.append(
                            AuditEvent(actor: "system", action: .envelopeFailed, outcome: .failure, targetType: "envelope", targetID: id.uuidString, detail: reason))
                    case .retry:
                        try await attempt.row.updateOutcome(on: tx)
                    }
                }
                try await OutboxMessageModel.recordDeliveries(delivered, on: tx)
                try await DeliveryAttemptModel.insert(attempts, on: tx)
                try await node.audit.append(events, on: tx)
            }
            return batch.map { _ in .success(()) }
        } catch {
            guard batch.count > 1 else { return [.failure(error)] }
            var results: [Result<Void, any Error>] = []
            for attempt in batch { results.append(contentsOf: await write([attempt])) }
            return results
        }
    }
}

/// The nodes a lane is delivering to right now.
final class BusyPeers: Sendable {
    private let busy = Mutex<Set<String>>([])

    var peers: Set<String> { busy.withLock { $0 } }
    func insert(_ peer: String) { _ = busy.withLock { $0.insert(peer) } }
    func remove(_ peer: String) { _ = busy.withLock { $0.remove(peer) } }
}

/// Which peers may have messages waiting in backoff, as far as this worker knows. Every peer
/// counts as such until a first delivery to it has reset the backoff of what waits (other
/// instances, or this one before a restart, may have left some).
final class PeersInBackoff: Sendable {
    private let clearPeers = Mutex<Set<String>>([])

    func mark(_ peer: String) { _ = clearPeers.withLock { $0.remove(peer) } }

    /// Records that `peer` is clear; true when it may not have been, so the caller resets.
    func clear(_ peer: String) -> Bool { clearPeers.withLock { $0.insert(peer).inserted } }
}
