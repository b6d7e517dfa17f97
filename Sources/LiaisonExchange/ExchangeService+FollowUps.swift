import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

/// Updates, corrections and withdrawals of what was sent. Each bilateral exchange gets its
/// own follow-up, so a withdrawal reaches every state that received the original.
extension ExchangeService {
    /// Sends a follow-up on one exchange; `wholeBatch` sends it on every exchange opened
    /// together with it (a request or information to several states). An update or
    /// correction may carry the corrected identity or situation; then it is personal data
    /// and waits for a supervisor where the node requires it (R8), as an event `pending-…`.
    public func followUp(
        _ id: UUID, _ kind: FollowUpKind, reason: String, subject: PersonIdentity? = nil, situation: AdministrativeSituation? = nil,
        wholeBatch: Bool = true, by actor: Actor
    ) async throws -> [ExchangeModel] {
        let exchange = try await exchangeOfAuthority(id, actor: actor)
        var targets = [exchange]
        if wholeBatch, let batch = exchange.batchID {
            targets = try await ExchangeModel.query(on: db).filter(\.$batchID == batch).filter(\.$localAuthorityID == actor.authorityID).all()
        }
        // Only what has left the node can be followed up; a draft is rejected instead.
        targets = targets.filter { $0.outboxMessageID != nil || $0.answerOutboxID != nil }
        guard !targets.isEmpty else {
            throw ServiceError.conflict(PolicyError(.wrongState, detail: "Nothing has been sent on this exchange yet."))
        }
        if subject != nil || situation != nil, kind == .withdrawal {
            throw ServiceError.invalid("A withdrawal carries a reason only.", fields: ["followUp": "update or correction"])
        }
        let from = try await ownManifestAuthority(actor.authority.kind)
        let now = clock()
        var planned: [(ExchangeModel, ExchangeMessage)] = []
        for target in targets {
            let message = ExchangeMessage.followUp(
                FollowUpBody(
                    exchangeID: try target.requireID(), followUp: kind, reason: reason, subject: subject, situation: situation, handlingCode: .h0,
                    marking: .unclassified))
            let to = ContactPoint(stateCode: target.counterpartState, kind: actor.authority.kind)
            let standing = try await followUpStanding(of: target)
            try await enforce(actor, target: id.uuidString) {
                try ExchangeRules.checkMessage(message, from: actor.contactPoint, to: to, ceiling: settings.ceiling, now: now)
                if case .followUp(let body) = message { try ExchangeRules.checkCTFirst(followUp: body, on: standing, now: now) }
            }
            planned.append((target, message))
        }
        let toSend = planned
        try await db.transaction { tx in
            for (target, message) in toSend {
                let targetID = try target.requireID()
                if ExchangeRules.needsApproval(message, approvalRequired: settings.approvalRequired) {
                    try await ExchangeEventModel(
                        exchangeID: targetID, at: now, event: Self.pendingPrefix + kind.rawValue, actor: actor.username, actorID: actor.userID,
                        body: try message.encoded()
                    )
                    .create(on: tx)
                } else {
                    try await sendFollowUp(message, on: target, approvedBy: nil, from: from.authority, at: now, actor: actor.username, on: tx)
                }
                try await record(actor, .exchangeFollowUp, targetType: "exchange", targetID: targetID.uuidString, detail: kind.rawValue, on: tx)
            }
        }
        return planned.map(\.0)
    }

    /// What R3 needs to know of an exchange this node writes a follow-up on: the ground is
    /// this node's notification when it opened the exchange, the other state's otherwise.
    func followUpStanding(of exchange: ExchangeModel) async throws -> ExchangeRules.FollowUpStanding {
        guard exchange.direction == ExchangeModel.Direction.outgoing else {
            return Self.followUpStanding(of: exchange, writtenHere: true, ground: .counterpartExchange)
        }
        var notification: ThreatNotificationModel?
        if let id = exchange.notificationID { notification = try await ThreatNotificationModel.find(id, on: db) }
        return Self.followUpStanding(of: exchange, writtenHere: true, ground: .ownNotification(notification?.standing))
    }

    /// The standing of `exchange` for a follow-up written here or, at the receiver, by the
    /// other node. Its author sent personal data before when it sent the request or the
    /// information itself, or a "found" answer that left it.
    static func followUpStanding(of exchange: ExchangeModel, writtenHere: Bool, ground: ExchangeRules.FollowUpGround) -> ExchangeRules.FollowUpStanding {
        let kind = exchange.kind
        let openedByAuthor = (exchange.direction == ExchangeModel.Direction.outgoing) == writtenHere
        let sentPersonalData: Bool
        if openedByAuthor {
            sentPersonalData = kind == .request || kind == .spontaneous
        } else {
            let answer = exchange.answer.flatMap { try? decode(AnswerBody.self, $0) }
            let answerLeft = writtenHere ? exchange.answerOutboxID != nil : answer != nil
            sentPersonalData = answerLeft && answer.map { ExchangeMessage.answer($0).carriesPersonalData } == true
        }
        return .init(exchangeKind: kind, ground: ground, withdrawn: exchange.state == ExchangeModel.State.withdrawn, sentPersonalData: sentPersonalData)
    }

    public static let pendingPrefix = "pending-"
    /// The event names of follow-ups waiting for a supervisor.
    static let pendingEvents = FollowUpKind.allCases.map { pendingPrefix + $0.rawValue }

    /// Queues a follow-up and records it on the exchange, on the caller's transaction.
    func sendFollowUp(
        _ message: ExchangeMessage, on target: ExchangeModel, approvedBy: String?, from fromAuthority: String, at now: Date, actor: String,
        on tx: any Database
    ) async throws {
        guard case .followUp(let body) = message else { return }
        try checkMayLeave(message, approvedBy: approvedBy)
        let outbox = try await requireFederation().enqueue(
            to: target.counterpartNode, toAuthority: target.counterpartAuthority, fromAuthority: fromAuthority, kind: message.kind.rawValue,
            body: try message.encoded(), on: tx)
        if body.followUp == .withdrawal, target.direction == ExchangeModel.Direction.outgoing {
            target.state = ExchangeModel.State.withdrawn
        }
        try Self.applyCorrection(body, to: target, writtenHere: true)
        try await target.save(on: tx)
        if body.subject != nil || body.situation != nil {
            try await closeRectificationAsks(person: PersonReadModel.exchange(target.id), by: actor, on: tx)
        }
        let event = ExchangeEventModel(exchangeID: try target.requireID(), at: now, event: body.followUp.rawValue, actor: actor, body: try message.encoded())
        event.outboxID = outbox.id
        try await event.create(on: tx)
    }

    /// A follow-up of this exchange that waits for a supervisor, if any.
    func pendingFollowUp(of exchangeID: UUID) async throws -> ExchangeEventModel? {
        try await ExchangeEventModel.query(on: db).filter(\.$exchangeID == exchangeID).filter(\.$event ~~ Self.pendingEvents).sort(\.$at).first()
    }

    /// Exchanges sent by the user's contact point, newest first.
    public func outgoing(for actor: Actor) async throws -> [ExchangeModel] {
        let rows = try await ExchangeModel.query(on: db)
            .filter(\.$localAuthorityID == actor.authorityID).filter(\.$direction == ExchangeModel.Direction.outgoing)
            .sort(\.$createdAt, .descending).limit(500).all()
        try await recordRead(actor, targetType: "exchange", targetID: "outgoing", reason: "sent exchanges (\(rows.count))", persons: rows.map { PersonReadModel.exchange($0.id) })
        return rows
    }

    /// One exchange with its history and the delivery state of what was sent. The contact
    /// point's own officers and supervisors see it; a CT officer sees the exchanges made under
    /// the notifications of their authority (the administrative information obtained).
    public func exchange(_ id: UUID, for actor: Actor) async throws -> ExchangeView {
        guard let exchange = try await ExchangeModel.find(id, on: db) else { throw ServiceError.notFound }
        var visible = exchange.localAuthorityID == actor.authorityID
        if !visible, actor.authority.kind == .counterTerrorism, let notificationID = exchange.notificationID,
            let notification = try await ThreatNotificationModel.find(notificationID, on: db)
        {
            visible = notification.ctAuthorityID == actor.authorityID
        }
        guard visible else { throw ServiceError.notFound }
        let events = try await ExchangeEventModel.query(on: db).filter(\.$exchangeID == id).sort(\.$at).all()
        var deliveries: [OutboxMessageModel] = []
        let sent = [exchange.outboxMessageID, exchange.answerOutboxID] + events.map(\.outboxID) + [exchange.erasureOutboxID]
        for outboxID in sent.compactMap({ $0 }) {
            if let row = try await OutboxMessageModel.find(outboxID, on: db) { deliveries.append(row) }
        }
        try await recordRead(actor, targetType: "exchange", targetID: id.uuidString, reason: "exchange view", persons: [PersonReadModel.exchange(id)])
        return ExchangeView(exchange: exchange, events: events, deliveries: deliveries)
    }

    /// What a user follows: the exchanges their contact point sent and, for a CT officer,
    /// those made under their authority's notifications, newest first.
    public func followed(by actor: Actor) async throws -> [ExchangeModel] {
        var rows = try await outgoing(for: actor)
        if actor.authority.kind == .counterTerrorism {
            let known = Set(rows.compactMap(\.id))
            rows += try await obtainedInformation(for: actor).filter { !known.contains($0.id ?? UUID()) }
        }
        return rows.sorted { $0.createdAt > $1.createdAt }
    }

    /// Exchanges made under the notifications of a CT officer's authority: what CT learns.
    public func obtainedInformation(for actor: Actor) async throws -> [ExchangeModel] {
        let notifications = try await ThreatNotificationModel.query(on: db).filter(\.$ctAuthorityID == actor.authorityID).all().compactMap(\.id)
        guard !notifications.isEmpty else { return [] }
        let rows = try await ExchangeModel.query(on: db).filter(\.$notificationID ~~ notifications)
            .filter(\.$direction == ExchangeModel.Direction.outgoing).sort(\.$createdAt, .descending).limit(500).all()
        try await recordRead(
            actor, targetType: "exchange", targetID: "obtained", reason: "information obtained under notifications (\(rows.count))",
            persons: rows.map { PersonReadModel.exchange($0.id) })
        return rows
    }
}

/// An exchange as a page or the API shows it.
public struct ExchangeView: Sendable {
    public let exchange: ExchangeModel
    public let events: [ExchangeEventModel]
    /// Outbox rows of what this node sent on the exchange, with their receipts.
    public let deliveries: [OutboxMessageModel]

    public init(exchange: ExchangeModel, events: [ExchangeEventModel], deliveries: [OutboxMessageModel]) {
        self.exchange = exchange
        self.events = events
        self.deliveries = deliveries
    }

    public var message: ExchangeMessage? {
        let kind = exchange.kind
        return try? ExchangeMessage.decode(kind: kind, body: exchange.body)
    }

    public var answer: AnswerBody? { exchange.answer.flatMap { try? JSONDecoder().decode(AnswerBody.self, from: $0) } }
}
