import FluentKit
import Foundation
import LiaisonFederation
import LiaisonStore

/// An authenticated envelope on its way into the inbox, with the receipt it will get if new.
struct Arrival: Sendable {
    let envelope: Envelope
    let data: Data
    let receipt: Receipt
    let requestID: String

    /// When it arrived, as its receipt says.
    var receivedAt: Date { Date(timeIntervalSince1970: Double(receipt.receivedMilliseconds) / 1000) }
}

extension FederationNode {
    /// Stores a batch of arrivals in one transaction: each is looked up, admitted or
    /// recognised as a duplicate, applied, stored and audited. The receipts are sent only
    /// after the commit, so a receipt always stands for a message that is durably here.
    ///
    /// An envelope whose application fails (a rule refuses it) is taken out and the others
    /// written again without it: its partial writes must not reach the commit.
    func store(_ batch: [Arrival]) async -> [Result<Receipt, any Error>] {
        var failed: [Int: any Error] = [:]
        while true {
            do {
                let excluded = Set(failed.keys)
                let written = try await db.transaction { tx in try await self.store(batch, except: excluded, on: tx) }
                return batch.indices.map { failed[$0].map { .failure($0) } ?? written[$0] ?? .failure(GroupCommitError.resultCountMismatch) }
            } catch let failure as ApplicationFailure {
                failed[failure.index] = failure.error
            } catch {
                return await storeAlone(batch, after: error)
            }
        }
    }

    private struct ApplicationFailure: Error {
        let index: Int
        let error: any Error
    }

    private func store(_ batch: [Arrival], except excluded: Set<Int>, on tx: any Database) async throws -> [Int: Result<Receipt, any Error>] {
        let live = batch.indices.filter { !excluded.contains($0) }
        var held: [UUID: EnvelopeAdmission.Previous] = [:]
        for (id, stored) in try await InboxMessageModel.stored(live.map { batch[$0].envelope.id }, on: tx) {
            held[id] = .init(bodyDigest: stored.bodyDigest, receipt: try JSONDecoder().decode(Receipt.self, from: stored.receipt))
        }
        let now = clock()
        var results: [Int: Result<Receipt, any Error>] = [:]
        var rows: [InboxMessageModel] = []
        var events: [AuditEvent] = []
        for index in live {
            let arrival = batch[index]
            let envelope = arrival.envelope
            let verdict: EnvelopeAdmission.Verdict
            do {
                verdict = try admission.decide(envelope, previous: held[envelope.id], now: now)
            } catch {
                results[index] = .failure(error)
                continue
            }
            switch verdict {
            case .duplicate(let receipt):
                results[index] = .success(receipt)
            case .admit:
                do {
                    try await kinds.handler(for: envelope.kind)(envelope, tx)
                } catch {
                    throw ApplicationFailure(index: index, error: error)
                }
                let row = InboxMessageModel(
                    id: envelope.id, fromNode: envelope.fromNode, kind: envelope.kind, envelope: arrival.data, bodyDigest: envelope.bodyDigest,
                    receipt: try JSONEncoder().encode(arrival.receipt), receivedAt: arrival.receivedAt)
                row.appliedAt = now
                rows.append(row)
                events.append(
                    AuditEvent(
                        actor: "node:\(envelope.fromNode)", action: .envelopeReceived, targetType: "envelope",
                        targetID: envelope.id.uuidString, detail: "kind=\(envelope.kind)", requestID: arrival.requestID))
                // The same envelope twice in one batch: the second is its duplicate.
                held[envelope.id] = .init(bodyDigest: envelope.bodyDigest, receipt: arrival.receipt)
                results[index] = .success(arrival.receipt)
            }
        }
        try await InboxMessageModel.insert(rows, on: tx)
        try await audit.append(events, on: tx)
        return results
    }

    /// After a batch failed for a reason of the store (not of one envelope), each arrival is
    /// written on its own. Alone, a failure is usually a race: another instance stored the
    /// same envelope first, and its receipt is the answer.
    private func storeAlone(_ batch: [Arrival], after error: any Error) async -> [Result<Receipt, any Error>] {
        guard batch.count == 1, let arrival = batch.first else {
            var results: [Result<Receipt, any Error>] = []
            for arrival in batch { results.append(contentsOf: await store([arrival])) }
            return results
        }
        let envelope = arrival.envelope
        if let winner = try? await InboxMessageModel.stored([envelope.id], on: db)[envelope.id], winner.bodyDigest == envelope.bodyDigest,
            let receipt = try? JSONDecoder().decode(Receipt.self, from: winner.receipt)
        {
            return [.success(receipt)]
        }
        return [.failure(error)]
    }
}
