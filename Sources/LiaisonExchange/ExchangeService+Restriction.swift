import FluentKit
import Foundation
import LiaisonCore
import LiaisonStore

/// Restriction of processing (GDPR Art. 18; Directive (EU) 2016/680, Art. 16(3)): while a
/// person contests their data, or the data must be kept as evidence, the data protection
/// officer restricts the record. It stays at the node, seen by the officer only; no match,
/// alert, answer or list uses it until the restriction is lifted.
extension ExchangeService {
    public func restrictRecord(reference: String, reason: String?, by actor: Actor) async throws -> AdministrativeRecordModel {
        try await setRestriction(reference: reference, restricted: true, reason: reason, by: actor)
    }

    public func liftRestriction(reference: String, reason: String?, by actor: Actor) async throws -> AdministrativeRecordModel {
        try await setRestriction(reference: reference, restricted: false, reason: reason, by: actor)
    }

    /// The records whose processing is restricted, for the data protection officer.
    public func restrictedRecords(by actor: Actor) async throws -> [AdministrativeRecordModel] {
        let rows = try await AdministrativeRecordModel.query(on: db).filter(\.$restrictedAt != nil).sort(\.$restrictedAt, .descending).limit(500).all()
        try await recordRead(
            actor, targetType: "record", targetID: "restricted", reason: "restricted records (\(rows.count))", persons: rows.map { PersonReadModel.record($0.reference) })
        return rows
    }

    private func setRestriction(reference: String, restricted: Bool, reason: String?, by actor: Actor) async throws -> AdministrativeRecordModel {
        guard let record = try await AdministrativeRecordModel.query(on: db).filter(\.$reference == reference).first() else { throw ServiceError.notFound }
        let reason = try await enforce(actor, target: reference) { try DecisionReason.checked(reason) }
        guard (record.restrictedAt != nil) != restricted else {
            throw ServiceError.conflict(
                PolicyError(.wrongState, detail: restricted ? "The record \(reference) is already restricted." : "The record \(reference) is not restricted."))
        }
        record.restrictedAt = restricted ? clock() : nil
        record.restrictionReason = restricted ? reason : nil
        try await db.transaction { tx in
            try await record.save(on: tx)
            try await self.record(
                actor, restricted ? .recordRestricted : .recordRestrictionLifted, targetType: "record", targetID: reference, detail: nil, on: tx)
        }
        return record
    }
}

/// A record handed to a recipient outside the network's exchanges (a court, a third country's
/// authority for a return): asylum confidentiality holds, and a restricted record never leaves.
extension ExchangeService {
    /// The record as a JSON document for `recipient`, the hand-over audited with its country.
    public func exportRecord(reference: String, to recipient: AsylumConfidentiality.Recipient, by actor: Actor) async throws -> RecordExport {
        guard let held = try await records.find(reference: reference, on: db) else { throw ServiceError.notFound }
        _ = try recipient.validated()
        let subject = try held.person()
        let situation = try held.administrativeSituation()
        try await enforce(actor, target: reference) {
            try AsylumConfidentiality.check(recipient, revealsProtection: AsylumConfidentiality.reveals(situation))
        }
        let document = RecordExport(reference: reference, subject: subject, situation: situation, recipient: recipient, exportedOn: DisplayDay.string(clock()))
        try await record(actor, .recordExported, targetType: "record", targetID: reference, detail: "to=\(recipient.country)", on: db)
        return document
    }
}
