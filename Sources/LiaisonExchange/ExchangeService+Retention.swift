import FluentKit
import Foundation
import LiaisonCore
import LiaisonFederation
import LiaisonNode
import LiaisonStore

/// Nothing kept forever (PRODUCT.md F): the daily job erases each category of personal data
/// when its time has come, and proves it in the audit trail without the erased data.
extension ExchangeService {
    public struct Erasure: Sendable, Equatable {
        public var notifications = 0
        public var exchanges = 0
        public var reads = 0
        public var envelopes = 0
        public var accessRequests = 0

        public var total: Int { notifications + exchanges + reads + envelopes + accessRequests }
    }

    /// The person an erased notification holds: no one.
    static let erasedPerson = PersonIdentity(familyNames: "—")

    /// Erases what is due under the node's retention settings; safe to run again at any time.
    public func eraseDue() async throws -> Erasure {
        let retention = settings.retention
        var erased = Erasure()
        erased.notifications = try await eraseNotifications(endedBefore: cutoff(retention.notificationsMonths))
        erased.exchanges = try await eraseExchanges(lastStepBefore: cutoff(retention.exchangesMonths))
        erased.reads = try await eraseReads(before: cutoff(retention.readsMonths))
        erased.envelopes = try await eraseEnvelopes(before: cutoff(retention.envelopesMonths))
        erased.accessRequests = try await eraseAccessRequests(answeredBefore: cutoff(retention.readsMonths))
        return erased
    }

    func cutoff(_ months: Int) -> Date {
        Calendar.utc.date(byAdding: .month, value: -months, to: clock()) ?? clock()
    }

    /// Notifications that ended (withdrawn, or past their last day) before `cutoff`: the person
    /// goes, with the matches and alerts about them; the reference and dates stay.
    private func eraseNotifications(endedBefore cutoff: Date) async throws -> Int {
        let due = try await ThreatNotificationModel.query(on: db).filter(\.$erasedAt == nil)
            .group(.or) { either in
                either.filter(\.$validUntil < cutoff)
                either.group(.and) { $0.filter(\.$state == .withdrawn).filter(\.$updatedAt < cutoff) }
            }
            .limit(1_000).all()
        for notification in due {
            let id = try notification.requireID()
            try await db.transaction { tx in
                notification.subject = try Self.encode(Self.erasedPerson)
                notification.erasedAt = clock()
                try await notification.save(on: tx)
                try await MatchDecisionModel.query(on: tx).filter(\.$notificationID == id).delete()
                try await AlertModel.query(on: tx).filter(\.$notificationID == id).delete()
                try await audit.append(
                    AuditEvent(
                        actor: "system", action: .dataErased, targetType: "notification", targetID: notification.reference,
                        detail: "category=notifications; ended=\(DisplayDay.string(min(notification.validUntil, notification.updatedAt)))"), on: tx)
            }
        }
        return due.count
    }

    /// Exchanges whose last step came before `cutoff`, unless a supervisor still has to decide
    /// on them (a request never answered is over by then too): the message, the answer and the
    /// follow-ups go; kind, states, dates and counterpart stay for the evaluation.
    private func eraseExchanges(lastStepBefore cutoff: Date) async throws -> Int {
        let candidates = try await ExchangeModel.query(on: db).filter(\.$erasedAt == nil).filter(\.$state != .awaitingApproval).filter(\.$createdAt < cutoff)
            .limit(1_000).all()
        var count = 0
        for exchange in candidates {
            let id = try exchange.requireID()
            let events = try await ExchangeEventModel.query(on: db).filter(\.$exchangeID == id).all()
            let lastStep = ([exchange.createdAt, exchange.decidedAt, exchange.answeredAt].compactMap { $0 } + events.map(\.at)).max() ?? exchange.createdAt
            guard lastStep < cutoff, exchange.answerState != .awaitingApproval else { continue }
            try await db.transaction { tx in
                try await erase(exchange, events: events, detail: "category=exchanges; lastStep=\(DisplayDay.string(lastStep))", on: tx)
                try await tellOtherSide(exchange, ground: .retention, on: tx)
            }
            count += 1
        }
        return count
    }

    /// Blanks the personal data of one exchange (message, answer, follow-ups), keeping what the
    /// evaluation counts, and writes the proof.
    func erase(
        _ exchange: ExchangeModel, events: [ExchangeEventModel], detail: String, by actor: Actor? = nil, reason: String? = nil, on tx: any Database
    ) async throws {
        exchange.body = Data("{}".utf8)
        exchange.answer = nil
        exchange.erasedAt = clock()
        try await exchange.save(on: tx)
        for event in events where event.body != nil {
            event.body = nil
            try await event.save(on: tx)
        }
        try await audit.append(
            AuditEvent(
                actor: actor?.username ?? "system", action: .dataErased, targetType: "exchange", targetID: try exchange.requireID().uuidString.lowercased(),
                reason: reason, detail: detail, requestID: actor?.requestID),
            on: tx)
    }

    /// Queues the notice that tells the other side of `exchange` to erase its copy. A node that
    /// runs alone, or whose counterpart left the network, has no one to tell.
    func tellOtherSide(_ exchange: ExchangeModel, ground: ErasureNotice.Ground, on tx: any Database) async throws {
        guard let node = federation, await node.manifest.current.node(exchange.counterpartNode) != nil,
            let local = try await AuthorityModel.find(exchange.localAuthorityID, on: tx), let kind = AuthorityKind(rawValue: local.kind)
        else { return }
        let from = try await ownManifestAuthority(kind)
        let notice = ErasureNotice(exchangeID: try exchange.requireID(), erasedOn: DisplayDay.string(clock()), ground: ground)
        let row = try await node.enqueue(
            to: exchange.counterpartNode, toAuthority: exchange.counterpartAuthority, fromAuthority: from.authority, kind: ErasureNotice.kind,
            body: try Self.encode(notice), on: tx)
        exchange.erasureOutboxID = row.id
        try await exchange.save(on: tx)
    }

    /// An erasure notice from the other side of an exchange: this node erases its copy, in the
    /// inbox transaction, so the receipt the sender gets means it is done.
    func applyErasure(_ envelope: Envelope, on tx: any Database) async throws {
        let notice: ErasureNotice
        do { notice = try JSONDecoder().decode(ErasureNotice.self, from: envelope.body) } catch {
            throw FederationRefusal(.malformed, "The erasure notice could not be read.")
        }
        // R6: only the other side of the exchange may ask.
        guard let exchange = try await ExchangeModel.find(notice.exchangeID, on: tx), exchange.counterpartNode == envelope.fromNode else {
            throw FederationRefusal(.init(rawValue: PolicyError.Code.r6NotBilateral.rawValue), "R6: no exchange between our nodes has that id.")
        }
        guard exchange.erasedAt == nil else { return }
        let events = try await ExchangeEventModel.query(on: tx).filter(\.$exchangeID == notice.exchangeID).all()
        try await erase(exchange, events: events, detail: "category=exchanges; \(notice.ground.rawValue) at node:\(envelope.fromNode) on \(notice.erasedOn)", on: tx)
    }

    /// Answered access requests, as long after their answer as the reads they account for are
    /// kept: the identity the person gave goes; reference, days and what was found stay.
    private func eraseAccessRequests(answeredBefore cutoff: Date) async throws -> Int {
        let due = try await AccessRequestModel.query(on: db).filter(\.$erasedAt == nil).filter(\.$answeredAt < cutoff).limit(1_000).all()
        for request in due {
            request.identity = try Self.encode(Self.erasedPerson)
            request.erasedAt = clock()
            let asks = try await rectificationAsks(of: request.reference)
            try await db.transaction { tx in
                try await request.save(on: tx)
                for ask in asks {
                    ask.note = "—"
                    try await ask.save(on: tx)
                }
                try await audit.append(
                    AuditEvent(actor: "system", action: .dataErased, targetType: "access-request", targetID: request.reference, detail: "category=access-requests"),
                    on: tx)
            }
        }
        return due.count
    }

    private func eraseReads(before cutoff: Date) async throws -> Int {
        let count = try await PersonReadModel.query(on: db).filter(\.$occurredAt < cutoff).count()
        guard count > 0 else { return 0 }
        try await db.transaction { tx in
            try await PersonReadModel.query(on: tx).filter(\.$occurredAt < cutoff).delete()
            try await audit.append(
                AuditEvent(actor: "system", action: .dataErased, targetType: "person-reads", targetID: "before \(DisplayDay.string(cutoff))", detail: "category=reads; rows=\(count)"),
                on: tx)
        }
        return count
    }

    /// Envelopes received, and envelopes delivered, before `cutoff`: their bytes go; their
    /// ids, digests and receipts stay as the proof of what was exchanged.
    private func eraseEnvelopes(before cutoff: Date) async throws -> Int {
        let received = try await InboxMessageModel.query(on: db).filter(\.$receivedAt < cutoff).filter(\.$envelope != Data()).limit(5_000).all()
        let delivered = try await OutboxMessageModel.query(on: db).filter(\.$state == .delivered).filter(\.$createdAt < cutoff)
            .filter(\.$envelope != Data()).limit(5_000).all()
        guard !received.isEmpty || !delivered.isEmpty else { return 0 }
        try await db.transaction { tx in
            for row in received {
                row.envelope = Data()
                try await row.save(on: tx)
            }
            for row in delivered {
                row.envelope = Data()
                try await row.save(on: tx)
            }
            try await audit.append(
                AuditEvent(
                    actor: "system", action: .dataErased, targetType: "envelopes", targetID: "before \(DisplayDay.string(cutoff))",
                    detail: "category=envelopes; received=\(received.count); delivered=\(delivered.count)"), on: tx)
        }
        return received.count + delivered.count
    }
}

/// A day as the audit trail writes it: YYYY-MM-DD in UTC.
enum DisplayDay {
    static func string(_ date: Date) -> String {
        let parts = Calendar.utc.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
