import FluentKit
import Foundation
import LiaisonCore
import LiaisonStore

/// What arrived from the other states that a user has not opened yet: the unread state of
/// the inbox and the sent list, the dashboard's "new for you", and the live counts.
extension ExchangeService {
    /// What the other state sent last on an exchange, as the dashboard names it.
    public enum Arrival: String, Sendable, CaseIterable {
        case request, spontaneous, message, answer, update, correction, withdrawal
    }

    /// Marks the exchange a received message belongs to as arrived, inside the inbox transaction.
    func markArrival(of message: ExchangeMessage, at now: Date, on tx: any Database) async throws {
        let (id, arrival): (UUID, Arrival) =
            switch message {
            case .request(let body): (body.exchangeID, .request)
            case .spontaneous(let body): (body.exchangeID, .spontaneous)
            case .contactMessage(let body): (body.messageID, .message)
            case .answer(let body): (body.exchangeID, .answer)
            case .followUp(let body): (body.exchangeID, Arrival(rawValue: body.followUp.rawValue) ?? .update)
            }
        try await ExchangeModel.query(on: tx).filter(\.$id == id).set(\.$arrivedAt, to: now).set(\.$arrival, to: arrival.rawValue).update()
    }

    /// The user has opened the exchange: what arrived until now is read.
    public func markSeen(_ exchangeID: UUID, by actor: Actor) async throws {
        let now = clock()
        if let seen = try await ExchangeSeenModel.query(on: db).filter(\.$userID == actor.userID).filter(\.$exchangeID == exchangeID).first() {
            seen.seenAt = now
            try await seen.save(on: db)
            return
        }
        do {
            try await ExchangeSeenModel(userID: actor.userID, exchangeID: exchangeID, seenAt: now).create(on: db)
        } catch {
            // Two tabs opening the same exchange at once: the other one wrote the same fact.
            guard try await ExchangeSeenModel.query(on: db).filter(\.$userID == actor.userID).filter(\.$exchangeID == exchangeID).first() != nil
            else { throw error }
        }
    }

    /// Which of `exchanges` hold something the user has not opened since it arrived.
    public func unreadIDs(among exchanges: [ExchangeModel], for actor: Actor) async throws -> Set<UUID> {
        let arrived = exchanges.filter { $0.arrivedAt != nil }
        guard !arrived.isEmpty else { return [] }
        let seen = try await ExchangeSeenModel.query(on: db).filter(\.$userID == actor.userID)
            .filter(\.$exchangeID ~~ arrived.compactMap(\.id)).all()
        let seenAt = Dictionary(seen.map { ($0.exchangeID, $0.seenAt) }, uniquingKeysWith: max)
        return Set(
            arrived.compactMap { exchange in
                guard let id = exchange.id, let arrivedAt = exchange.arrivedAt else { return nil }
                return seenAt[id].map { $0 < arrivedAt } ?? true ? id : nil
            })
    }

    /// The exchanges of the user's contact point with something unread for them, newest
    /// arrival first: counts and references only, never the person.
    /// A CT officer also follows what arrives on exchanges made under their notifications.
    public func unread(for actor: Actor, limit: Int = 200) async throws -> [ExchangeModel] {
        var recent = try await ExchangeModel.query(on: db).filter(\.$localAuthorityID == actor.authorityID).filter(\.$arrivedAt != nil)
            .sort(\.$arrivedAt, .descending).limit(limit).all()
        if actor.authority.kind == .counterTerrorism {
            let notifications = try await ThreatNotificationModel.query(on: db).filter(\.$ctAuthorityID == actor.authorityID).all().compactMap(\.id)
            let known = Set(recent.compactMap(\.id))
            if !notifications.isEmpty {
                recent += try await ExchangeModel.query(on: db).filter(\.$notificationID ~~ notifications).filter(\.$arrivedAt != nil)
                    .sort(\.$arrivedAt, .descending).limit(limit).all().filter { !known.contains($0.id ?? UUID()) }
            }
        }
        let unread = try await unreadIDs(among: recent, for: actor)
        return recent.filter { $0.id.map(unread.contains) ?? false }.sorted { ($0.arrivedAt ?? .distantPast) > ($1.arrivedAt ?? .distantPast) }
    }
}
