import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

/// Where Liaison reads the immigration authority's own data. The built-in implementation is
/// the `administrative_records` table; a national system plugs in behind this protocol. A
/// record whose processing is restricted is never returned: no match, answer or list uses it.
public protocol AdministrativeRecords: Sendable {
    func all(on database: any Database) async throws -> [AdministrativeRecordModel]
    func find(reference: String, on database: any Database) async throws -> AdministrativeRecordModel?
}

public struct TableAdministrativeRecords: AdministrativeRecords {
    public init() {}

    public func all(on database: any Database) async throws -> [AdministrativeRecordModel] {
        try await AdministrativeRecordModel.query(on: database).filter(\.$restrictedAt == nil).sort(\.$reference).all()
    }

    public func find(reference: String, on database: any Database) async throws -> AdministrativeRecordModel? {
        try await AdministrativeRecordModel.query(on: database).filter(\.$reference == reference).filter(\.$restrictedAt == nil).first()
    }
}

/// Records, the watch on notified persons that turns their changes into alerts for CT, and
/// the return-priority list.
extension ExchangeService {
    public func createRecord(reference: String, subject: PersonIdentity, situation: AdministrativeSituation, by actor: Actor) async throws -> AdministrativeRecordModel {
        guard let reference = try Self.checkedReference(reference) else {
            throw ServiceError.invalid("A record needs its file reference.", fields: ["reference": "Required."])
        }
        try await enforce(actor) {
            try ExchangeRules.checkAdministrativeOnly(subject: subject, situation: situation, remarks: nil)
        }
        if let existing = try await AdministrativeRecordModel.query(on: db).filter(\.$reference == reference).first() {
            throw ServiceError.conflict(
                PolicyError(
                    .wrongState,
                    detail: existing.restrictedAt == nil
                        ? "A record with the reference \(reference) exists; update it instead."
                        : "The record \(reference) is restricted; only the data protection officer may lift the restriction."))
        }
        let record = AdministrativeRecordModel(
            reference: reference, subject: try Self.encode(subject), situation: try Self.encode(situation), rightToStay: situation.rightToStay.rawValue, now: clock())
        try await db.transaction { tx in
            try await record.create(on: tx)
            try await self.record(actor, .recordCreated, targetType: "record", targetID: reference, on: tx)
            try await watch(subject: subject, reference: reference, change: AlertChange.between(nil, situation), identityChanged: true, on: tx)
        }
        return record
    }

    public func updateRecord(reference: String, subject: PersonIdentity, situation: AdministrativeSituation, by actor: Actor) async throws -> AdministrativeRecordModel {
        guard let record = try await records.find(reference: reference, on: db) else { throw ServiceError.notFound }
        try await enforce(actor) {
            try ExchangeRules.checkAdministrativeOnly(subject: subject, situation: situation, remarks: nil)
        }
        let before = try record.administrativeSituation()
        let identityChanged = try record.person() != subject
        record.subject = try Self.encode(subject)
        record.situation = try Self.encode(situation)
        record.rightToStay = situation.rightToStay.rawValue
        record.version += 1
        record.updatedAt = clock()
        try await db.transaction { tx in
            try await record.save(on: tx)
            try await self.record(actor, .recordUpdated, targetType: "record", targetID: reference, detail: "version=\(record.version)", on: tx)
            try await closeRectificationAsks(person: PersonReadModel.record(reference), by: actor.username, on: tx)
            try await watch(subject: subject, reference: reference, change: AlertChange.between(before, situation), identityChanged: identityChanged, on: tx)
        }
        return record
    }

    /// Puts forward, for an officer to decide, every active notification whose person the
    /// matcher finds in the changed record, holding the change; where an officer confirmed
    /// the pair already, the change reaches the CT authority as an alert at once.
    func watch(subject: PersonIdentity, reference: String, change: AlertChange?, identityChanged: Bool, on tx: any Database) async throws {
        guard change != nil || identityChanged else { return }
        let now = clock()
        let active = try await ThreatNotificationModel.query(on: tx).filter(\.$state == ThreatNotificationModel.State.active).all()
            .filter { $0.standing.isActive(at: now) }
        guard !active.isEmpty else { return }
        let index = IdentityIndex(records: try active.map { try $0.person().identityRecord(id: try $0.requireID().uuidString) })
        for candidate in index.candidates(for: subject.identityRecord(id: reference), limit: 5) where candidate.isMatch {
            guard let notification = active.first(where: { $0.id?.uuidString == candidate.id }) else { continue }
            try await consider(notification, reference: reference, subject: subject, candidate: candidate, change: change, on: tx)
        }
    }

    /// The node's records that resemble a notified person, best first: what the officer
    /// chooses from to send spontaneous information.
    public func recordCandidates(for notification: ThreatNotificationModel, by actor: Actor, limit: Int = 5) async throws -> [(AdministrativeRecordModel, MatchCandidate)] {
        let (index, byReference) = try await recordIndex()
        let ranked = index.candidates(for: try notification.person().identityRecord(id: notification.reference), limit: limit)
        try await recordRead(
            actor, targetType: "notification", targetID: notification.reference, reason: "records resembling the notified person",
            persons: [PersonReadModel.notification(notification.reference)] + ranked.map { PersonReadModel.record($0.id) })
        return ranked.compactMap { candidate in byReference[candidate.id].map { ($0, candidate) } }
    }

    public func alerts(for actor: Actor) async throws -> [AlertModel] {
        let rows = try await AlertModel.query(on: db).filter(\.$ctAuthorityID == actor.authorityID).sort(\.$createdAt, .descending).limit(500).all()
        try await recordRead(actor, targetType: "alert", targetID: "list", reason: "alerts (\(rows.count))", persons: rows.map { PersonReadModel.record($0.recordReference) })
        return rows
    }

    /// The alerts with the notification each is about, for the page that names the person:
    /// the read covers the notified persons shown as well as the records.
    public func alertsWithNotifications(for actor: Actor) async throws -> [(alert: AlertModel, notification: ThreatNotificationModel?)] {
        let rows = try await AlertModel.query(on: db).filter(\.$ctAuthorityID == actor.authorityID).sort(\.$createdAt, .descending).limit(500).all()
        let notifications = try await ThreatNotificationModel.query(on: db).filter(\.$id ~~ Set(rows.map(\.notificationID))).all()
        let byID = Dictionary(notifications.compactMap { row in row.id.map { ($0, row) } }, uniquingKeysWith: { first, _ in first })
        let persons = rows.map { PersonReadModel.record($0.recordReference) } + notifications.map { PersonReadModel.notification($0.reference) }
        try await recordRead(actor, targetType: "alert", targetID: "list", reason: "alerts (\(rows.count))", persons: persons)
        return rows.map { ($0, byID[$0.notificationID]) }
    }

    public func acknowledgeAlert(_ id: UUID, by actor: Actor) async throws {
        guard let alert = try await AlertModel.find(id, on: db), alert.ctAuthorityID == actor.authorityID else { throw ServiceError.notFound }
        alert.acknowledgedAt = alert.acknowledgedAt ?? clock()
        try await alert.save(on: db)
    }

    public struct ReturnPriority: Sendable {
        public var notification: ThreatNotificationModel
        public var person: PersonIdentity
        public var record: AdministrativeRecordModel
        public var situation: AdministrativeSituation
        public var match: MatchCandidate
    }

    /// Persons under an active notification whose record an officer confirmed as theirs and
    /// which says they have no right to stay, with their procedure state: the list for the
    /// return coordinator. A match the matcher only suggested lists no one.
    public func returnPriorities(for actor: Actor) async throws -> [ReturnPriority] {
        let now = clock()
        let notifications = try await ThreatNotificationModel.query(on: db)
            .filter(\.$state == ThreatNotificationModel.State.active)
            .group(.or) { $0.filter(\.$ctAuthorityID == actor.authorityID).filter(\.$immAuthorityID == actor.authorityID) }
            .all().filter { $0.standing.isActive(at: now) }
        guard !notifications.isEmpty else { return [] }
        let byID = Dictionary(notifications.compactMap { n in n.id.map { ($0, n) } }, uniquingKeysWith: { a, _ in a })
        let confirmed = try await MatchDecisionModel.query(on: db).filter(\.$state == .confirmed).filter(\.$notificationID ~~ Array(byID.keys))
            .sort(\.$decidedAt, .descending).all()
        var rows: [ReturnPriority] = []
        for pair in confirmed {
            guard let notification = byID[pair.notificationID], let record = try await records.find(reference: pair.recordReference, on: db),
                record.rightToStay == RightToStay.no.rawValue
            else { continue }
            let match = MatchCandidate(id: record.reference, score: pair.score, isMatch: true, explanation: pair.explanation)
            rows.append(
                ReturnPriority(notification: notification, person: try notification.person(), record: record, situation: try record.administrativeSituation(), match: match))
        }
        try await recordRead(
            actor, targetType: "record", targetID: "return-priorities", reason: "return-priority list (\(rows.count))",
            persons: rows.flatMap { [PersonReadModel.notification($0.notification.reference), PersonReadModel.record($0.record.reference)] })
        return rows
    }
}

extension ExchangeService {
    /// The matcher's index over the node's records (or `records`), and the records by
    /// reference. Built per use: a contact point holds thousands of records, not millions.
    func recordIndex(_ subset: [AdministrativeRecordModel]? = nil) async throws -> (IdentityIndex, [String: AdministrativeRecordModel]) {
        let chosen: [AdministrativeRecordModel]
        if let subset { chosen = subset } else { chosen = try await records.all(on: db) }
        let byReference = Dictionary(chosen.map { ($0.reference, $0) }, uniquingKeysWith: { a, _ in a })
        return (IdentityIndex(records: try chosen.map { try $0.person().identityRecord(id: $0.reference) }), byReference)
    }
}

/// How a record changed, in the terms CT follows (Council conclusions 9997/22: "timing and
/// state of progress").
struct AlertChange {
    var kind: AlertModel.Change
    var summary: String

    static func between(_ before: AdministrativeSituation?, _ after: AdministrativeSituation) -> AlertChange? {
        let old = before?.procedures ?? []
        if before == after { return nil }
        for procedure in after.procedures {
            let label = procedure.type.rawValue
            guard let previous = old.first(where: { $0.type == procedure.type && $0.fileReference == procedure.fileReference }) else {
                let kind: AlertModel.Change = procedure.type == .return ? .returnStep : .newApplication
                return AlertChange(kind: kind, summary: "\(label): new procedure, \(procedure.status.rawValue)")
            }
            guard previous.status != procedure.status else { continue }
            let kind: AlertModel.Change =
                switch procedure.status {
                case .granted, .rejected, .final, .withdrawn: .decision
                case .appealed: .appeal
                case .returnDecision, .removalScheduled, .returned: .returnStep
                case .absconded: .absconding
                case .lodged, .underExamination: .procedureStep
                }
            return AlertChange(kind: kind, summary: "\(label): \(previous.status.rawValue) → \(procedure.status.rawValue)")
        }
        if before?.rightToStay != after.rightToStay {
            return AlertChange(kind: .rightToStay, summary: "right to stay: \(before?.rightToStay.rawValue ?? "none") → \(after.rightToStay.rawValue)")
        }
        return AlertChange(kind: .recordChanged, summary: "administrative record changed")
    }
}
