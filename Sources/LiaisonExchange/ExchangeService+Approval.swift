import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

/// Four eyes (R8): a supervisor of the same authority approves or rejects what waits on an
/// exchange — the request or spontaneous information itself, or the answer to a request.
extension ExchangeService {
    /// What waits for a supervisor on an exchange.
    enum Pending {
        case opening(ExchangeMessage)
        case answer(AnswerBody)
        case followUp(ExchangeMessage, ExchangeEventModel)
    }

    func pending(_ exchange: ExchangeModel) async throws -> Pending? {
        if let event = try await pendingFollowUp(of: try exchange.requireID()), let body = event.body {
            return .followUp(try ExchangeMessage.decode(kind: .followUp, body: body), event)
        }
        if exchange.state == ExchangeModel.State.awaitingApproval {
            let kind = exchange.kind
            return .opening(try ExchangeMessage.decode(kind: kind, body: exchange.body))
        }
        if exchange.answerState == ExchangeModel.State.awaitingApproval, let answer = exchange.answer {
            return .answer(try Self.decode(AnswerBody.self, answer))
        }
        return nil
    }

    public func approve(_ id: UUID, by actor: Actor) async throws -> ExchangeModel {
        let exchange = try await exchangeOfAuthority(id, actor: actor)
        guard let pending = try await pending(exchange) else {
            throw ServiceError.conflict(PolicyError(.wrongState, detail: "Nothing on this exchange waits for approval."))
        }
        let author: String?
        let message: ExchangeMessage
        switch pending {
        case .opening(let opening):
            author = exchange.createdBy?.uuidString
            message = opening
            // R3 again: the notification may have been withdrawn or have expired meanwhile.
            if let notificationID = exchange.notificationID {
                let notification = try await ThreatNotificationModel.find(notificationID, on: db)
                try await enforce(actor, target: id.uuidString) { try ExchangeRules.checkCTFirst(notification?.standing, now: clock()) }
            }
        case .answer(let answer):
            author = exchange.answeredBy?.uuidString
            message = .answer(answer)
            // R3 again: the asking state may have withdrawn its request meanwhile.
            let withdrawn = exchange.state == ExchangeModel.State.withdrawn
            try await enforce(actor, target: id.uuidString) { try ExchangeRules.checkRequestStands(withdrawn: withdrawn) }
        case .followUp(let followUp, let event):
            author = event.actorID?.uuidString
            message = followUp
            // R3 again: the notification or the exchange may have ended meanwhile.
            let standing = try await followUpStanding(of: exchange)
            if case .followUp(let body) = followUp {
                try await enforce(actor, target: id.uuidString) { try ExchangeRules.checkCTFirst(followUp: body, on: standing, now: clock()) }
            }
        }
        // Authors and approvers are compared by user id, whatever waits.
        let approver = actor.userID.uuidString
        let to = ContactPoint(stateCode: exchange.counterpartState, kind: actor.authority.kind)
        try await enforce(actor, target: id.uuidString) {
            try ExchangeRules.checkFourEyes(author: author, approver: approver)
            try ExchangeRules.checkMessage(message, from: actor.contactPoint, to: to, ceiling: settings.ceiling, now: clock())
        }
        let from = try await ownManifestAuthority(actor.authority.kind)
        let now = clock()
        try await db.transaction { tx in
            if case .followUp(_, let event) = pending {
                try await event.delete(on: tx)
                try await sendFollowUp(message, on: exchange, approvedBy: actor.username, from: from.authority, at: now, actor: event.actor ?? "", on: tx)
            } else {
                if case .opening = pending {
                    exchange.approvedBy = actor.userID
                    exchange.decidedAt = now
                }
                try await send(
                    exchange, message: message, approvedBy: actor.username, fromAuthority: from.authority, toAuthority: exchange.counterpartAuthority,
                    on: tx)
            }
            try await ExchangeEventModel(exchangeID: id, at: now, event: "approved", actor: actor.username).create(on: tx)
            try await record(actor, .exchangeApproved, targetType: "exchange", targetID: id.uuidString, on: tx)
        }
        return exchange
    }

    public func reject(_ id: UUID, reason: String, by actor: Actor) async throws -> ExchangeModel {
        let exchange = try await exchangeOfAuthority(id, actor: actor)
        guard let pending = try await pending(exchange) else {
            throw ServiceError.conflict(PolicyError(.wrongState, detail: "Nothing on this exchange waits for approval."))
        }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 500 else {
            throw ServiceError.invalid("Give the reason for the rejection (at most 500 characters).", fields: ["reason": "Required."])
        }
        let author: UUID? =
            switch pending {
            case .opening: exchange.createdBy
            case .answer: exchange.answeredBy
            case .followUp(_, let event): event.actorID
            }
        try await enforce(actor, target: id.uuidString) {
            try ExchangeRules.checkFourEyes(author: author?.uuidString, approver: actor.userID.uuidString)
        }
        let now = clock()
        switch pending {
        case .opening:
            exchange.state = ExchangeModel.State.rejected
            exchange.decidedAt = now
            exchange.rejectionReason = reason
        case .answer:
            // The answer goes back to its author; the request stays open.
            exchange.answerState = ExchangeModel.State.rejected
            exchange.state = ExchangeModel.State.received
            exchange.rejectionReason = reason
        case .followUp:
            break
        }
        try await db.transaction { tx in
            if case .followUp(_, let event) = pending { try await event.delete(on: tx) }
            try await exchange.save(on: tx)
            try await ExchangeEventModel(exchangeID: id, at: now, event: "rejected", actor: actor.username, body: Data(reason.utf8)).create(on: tx)
            try await record(actor, .exchangeRejected, targetType: "exchange", targetID: id.uuidString, on: tx)
        }
        return exchange
    }

    /// What waits for this supervisor's authority.
    public func awaitingApproval(for actor: Actor) async throws -> [ExchangeModel] {
        let withFollowUps = Set(
            try await ExchangeEventModel.query(on: db).filter(\.$event ~~ Self.pendingEvents).all()
                .map(\.exchangeID))
        return try await ExchangeModel.query(on: db)
            .filter(\.$localAuthorityID == actor.authorityID)
            .group(.or) { group in
                group.filter(\.$state == ExchangeModel.State.awaitingApproval)
                    .filter(\.$answerState == ExchangeModel.State.awaitingApproval)
                if !withFollowUps.isEmpty { group.filter(\.$id ~~ Array(withFollowUps)) }
            }
            .sort(\.$createdAt).limit(500).all()
    }

    /// The list a supervisor reviews: what `awaitingApproval` returns, with the read of the
    /// persons named in it recorded (the dashboard only counts, and records nothing).
    public func approvals(for actor: Actor) async throws -> [ExchangeModel] {
        let rows = try await awaitingApproval(for: actor)
        try await recordRead(actor, targetType: "exchange", targetID: "approvals", reason: "approvals (\(rows.count))", persons: rows.map { PersonReadModel.exchange($0.id) })
        return rows
    }

    /// An exchange of the user's own authority; anything else is "not found".
    func exchangeOfAuthority(_ id: UUID, actor: Actor) async throws -> ExchangeModel {
        guard let exchange = try await ExchangeModel.find(id, on: db), exchange.localAuthorityID == actor.authorityID else { throw ServiceError.notFound }
        return exchange
    }
}
