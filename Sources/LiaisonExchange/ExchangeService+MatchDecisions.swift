import Crypto
import FluentKit
import Foundation
import LiaisonCore
import LiaisonStore

/// A person decides (PRODUCT.md F): the matcher only suggests that a notified person and an
/// administrative record are the same person. An officer of the immigration contact point
/// confirms or rejects each pair, seeing the explanation; only a confirmed pair lets the
/// record's changes reach the CT authority as alerts and the person onto the return list.
extension ExchangeService {
    /// A pair waiting for a decision, with what the officer needs to decide on it.
    public struct MatchSuggestion: Sendable {
        public var decision: MatchDecisionModel
        public var notification: ThreatNotificationModel
        public var notifiedPerson: PersonIdentity
        public var record: AdministrativeRecordModel
        public var recordPerson: PersonIdentity
    }

    /// The changes a waiting pair holds at most; older ones give way to newer ones.
    static let mostHeldChanges = 20

    /// The pairs waiting for the actor's immigration contact point, newest first, with both
    /// identities: only those whose notification is still in force.
    public func matchSuggestions(for actor: Actor) async throws -> [MatchSuggestion] {
        let now = clock()
        let pairs = try await MatchDecisionModel.query(on: db)
            .filter(\.$immAuthorityID == actor.authorityID).filter(\.$state == .suggested)
            .sort(\.$updatedAt, .descending).limit(500).all()
        guard !pairs.isEmpty else { return [] }
        let notifications = try await ThreatNotificationModel.query(on: db).filter(\.$id ~~ Set(pairs.map(\.notificationID))).all()
            .filter { $0.state == .active && $0.standing.isActive(at: now) }
        let byID = Dictionary(notifications.compactMap { n in n.id.map { ($0, n) } }, uniquingKeysWith: { a, _ in a })
        var suggestions: [MatchSuggestion] = []
        for pair in pairs {
            guard let notification = byID[pair.notificationID], let record = try await records.find(reference: pair.recordReference, on: db) else { continue }
            suggestions.append(
                MatchSuggestion(decision: pair, notification: notification, notifiedPerson: try notification.person(), record: record, recordPerson: try record.person()))
        }
        try await recordRead(
            actor, targetType: "match", targetID: "list", reason: "matches to decide (\(suggestions.count))",
            persons: suggestions.flatMap { [PersonReadModel.notification($0.notification.reference), PersonReadModel.record($0.record.reference)] })
        return suggestions
    }

    /// How many pairs wait for the actor's contact point (the dashboard's count; no data shown).
    public func matchesToDecide(for actor: Actor) async throws -> Int {
        try await MatchDecisionModel.query(on: db).filter(\.$immAuthorityID == actor.authorityID).filter(\.$state == .suggested).count()
    }

    /// An officer confirms or rejects a waiting pair, with a reason. A confirmation releases
    /// the record's held changes to the CT authority as alerts; a rejection discards them,
    /// and the pair is not put forward again unless the record's identity changes.
    public func decideMatch(_ id: UUID, confirm: Bool, reason: String?, by actor: Actor) async throws -> (decision: MatchDecisionModel, alertsReleased: Int) {
        guard let pair = try await MatchDecisionModel.find(id, on: db), pair.immAuthorityID == actor.authorityID else { throw ServiceError.notFound }
        guard pair.state == .suggested else {
            throw ServiceError.conflict(PolicyError(.wrongState, detail: "This match was already \(pair.state.rawValue) by \(pair.decidedBy ?? "the node")."))
        }
        let reason = try await enforce(actor, target: pair.recordReference) { try DecisionReason.checked(reason) }
        guard let notification = try await ThreatNotificationModel.find(pair.notificationID, on: db), notification.state == .active,
            notification.standing.isActive(at: clock())
        else {
            throw ServiceError.conflict(PolicyError(.wrongState, detail: "The notification is no longer in force; nothing is decided under it."))
        }
        let released = confirm ? try pair.held().count : 0
        try await db.transaction { tx in
            if confirm {
                try await self.confirm(pair, notification: notification, by: actor, reason: reason, on: tx)
            } else {
                try self.decided(pair, .rejected, by: actor, reason: reason)
                try pair.setHeld([])
                try await pair.save(on: tx)
                try await self.record(
                    actor, .matchRejected, targetType: "notification", targetID: notification.reference, detail: "record=\(pair.recordReference)", on: tx)
            }
        }
        return (pair, released)
    }

    // MARK: Putting pairs forward

    /// Puts a pair forward, or adds the record's change to it: for every match the matcher
    /// finds when a record changes or a notification is issued or amended.
    func consider(
        _ notification: ThreatNotificationModel, reference: String, subject: PersonIdentity, candidate: MatchCandidate, change: AlertChange?, on tx: any Database
    ) async throws {
        let notificationID = try notification.requireID()
        let now = clock()
        let digest = Self.identityDigest(subject)
        let held = change.map { [MatchDecisionModel.HeldChange(change: $0.kind, summary: $0.summary, at: now)] } ?? []
        let pair: MatchDecisionModel
        if let existing = try await MatchDecisionModel.query(on: tx).filter(\.$notificationID == notificationID).filter(\.$recordReference == reference).first() {
            pair = existing
            switch pair.state {
            case .confirmed:
                for item in held { try await raiseAlert(notification, reference: reference, item, on: tx) }
                return
            // The officer said this identity is not the person: its changes are not theirs.
            case .rejected where pair.identityDigest == digest:
                return
            case .rejected:
                pair.state = .suggested
                (pair.decidedBy, pair.decidedByID, pair.reason, pair.decidedAt) = (nil, nil, nil, nil)
                try pair.setHeld(held)
                try await audit.append(
                    AuditEvent(actor: "system", action: .matchSuggested, targetType: "notification", targetID: notification.reference, detail: "record=\(reference); identity changed"),
                    on: tx)
            case .suggested:
                try pair.setHeld(Array((try pair.held() + held).suffix(Self.mostHeldChanges)))
            }
            (pair.score, pair.explanation, pair.identityDigest, pair.updatedAt) = (candidate.score, candidate.explanation, digest, now)
            try await pair.save(on: tx)
        } else {
            pair = MatchDecisionModel(
                notificationID: notificationID, immAuthorityID: notification.immAuthorityID, recordReference: reference, score: candidate.score,
                explanation: candidate.explanation, identityDigest: digest, now: now)
            try pair.setHeld(held)
            try await pair.create(on: tx)
            try await audit.append(
                AuditEvent(actor: "system", action: .matchSuggested, targetType: "notification", targetID: notification.reference, detail: "record=\(reference)"), on: tx)
        }
        if settings.autoConfirmExactMatches, MatchDecision.isExactIdentifierMatch(try notification.person(), subject) {
            try await confirm(pair, notification: notification, by: nil, reason: "Same travel document and date of birth (confirmed automatically by the node's setting).", on: tx)
        }
    }

    /// Puts forward every record the matcher finds for a notification just issued or amended,
    /// and withdraws the waiting pairs it no longer finds. Decided pairs stay as decided.
    func suggestRecords(for notification: ThreatNotificationModel, on tx: any Database) async throws {
        let all = try await records.all(on: tx)
        let index = IdentityIndex(records: try all.map { try $0.person().identityRecord(id: $0.reference) })
        let subjects = Dictionary(all.map { ($0.reference, $0) }, uniquingKeysWith: { a, _ in a })
        let matches = index.candidates(for: try notification.person().identityRecord(id: notification.reference), limit: 10).filter(\.isMatch)
        for candidate in matches {
            guard let record = subjects[candidate.id] else { continue }
            try await consider(notification, reference: candidate.id, subject: try record.person(), candidate: candidate, change: nil, on: tx)
        }
        try await MatchDecisionModel.query(on: tx).filter(\.$notificationID == notification.requireID()).filter(\.$state == .suggested)
            .filter(\.$recordReference !~ matches.map(\.id)).delete()
    }

    private func confirm(_ pair: MatchDecisionModel, notification: ThreatNotificationModel, by actor: Actor?, reason: String, on tx: any Database) async throws {
        try decided(pair, .confirmed, by: actor, reason: reason)
        pair.automatic = actor == nil
        for item in try pair.held() { try await raiseAlert(notification, reference: pair.recordReference, item, on: tx) }
        try pair.setHeld([])
        try await pair.save(on: tx)
        try await audit.append(
            AuditEvent(
                actor: actor?.username ?? "system", action: .matchConfirmed, targetType: "notification", targetID: notification.reference,
                detail: "record=\(pair.recordReference)\(actor == nil ? "; automatic" : "")", requestID: actor?.requestID),
            on: tx)
    }

    private func decided(_ pair: MatchDecisionModel, _ state: MatchDecision, by actor: Actor?, reason: String) throws {
        pair.state = state
        pair.decidedBy = actor?.username ?? "system"
        pair.decidedByID = actor?.userID
        pair.reason = reason
        pair.decidedAt = clock()
        pair.updatedAt = clock()
    }

    private func raiseAlert(_ notification: ThreatNotificationModel, reference: String, _ item: MatchDecisionModel.HeldChange, on tx: any Database) async throws {
        let alert = AlertModel(
            notificationID: try notification.requireID(), ctAuthorityID: notification.ctAuthorityID, recordReference: reference, change: item.change,
            summary: item.summary, now: item.at)
        try await alert.create(on: tx)
        try await audit.append(
            AuditEvent(actor: "system", action: .alertRaised, targetType: "notification", targetID: notification.reference, detail: item.change.rawValue), on: tx)
    }

    /// A digest of a record's identity: a rejected pair comes back when it changes.
    static func identityDigest(_ subject: PersonIdentity) -> String {
        Hex.encode(SHA256.hash(data: (try? encode(subject)) ?? Data()))
    }
}
