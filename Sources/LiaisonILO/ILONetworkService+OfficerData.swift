import FluentKit
import Foundation
import LiaisonCore
import LiaisonStore

/// An item of an officer's personal data as the pages show it.
public struct OfficerDataEntry: Sendable {
    public var item: OfficerPersonalData
    public var recordedBy: String
    public var recordedAt: Date
}

extension ILONetworkService {
    /// Every item this node's officers hold, soonest deletion first. The read is audited.
    public func officerData(by actor: Actor) async throws -> [OfficerDataEntry] {
        let items = try await OfficerPersonalDataModel.query(on: db).sort(\.$deleteOn).sort(\.$recordedAt).all().map(entry)
        try await audit.append(
            AuditEvent(actor: actor.username, action: .officerDataRead, targetType: "ilo-data", detail: "list of \(items.count)", requestID: actor.requestID),
            on: db)
        return items
    }

    /// One item, its read audited.
    public func officerData(_ id: UUID, by actor: Actor) async throws -> OfficerDataEntry {
        guard let model = try await OfficerPersonalDataModel.find(id, on: db) else { throw ServiceError.notFound }
        try await audit.append(
            AuditEvent(actor: actor.username, action: .officerDataRead, targetType: "ilo-data", targetID: id.uuidString, requestID: actor.requestID), on: db)
        return try entry(model)
    }

    /// Records an item for a purpose of Art. 3(6) with its deletion day; it stays at this node.
    public func record(_ item: OfficerPersonalData, by actor: Actor) async throws -> OfficerDataEntry {
        var item = item
        item.id = UUID()
        item.subject = item.subject.trimmingCharacters(in: .whitespacesAndNewlines)
        item.content = item.content.trimmingCharacters(in: .whitespacesAndNewlines)
        try item.check(today: today)
        let detail = "\(item.purpose.rawValue), delete on \(item.deleteOn)", id = item.id
        let model = OfficerPersonalDataModel(
            id: item.id, purpose: item.purpose.rawValue, subject: item.subject, content: item.content, deleteOn: item.deleteOn, recordedBy: actor.username,
            recordedAt: clock())
        try await db.transaction { tx in
            try await model.create(on: tx)
            try await audit.append(
                AuditEvent(
                    actor: actor.username, action: .officerDataRecorded, targetType: "ilo-data", targetID: id.uuidString, detail: detail,
                    requestID: actor.requestID), on: tx)
        }
        return try entry(model)
    }

    /// Hands an item to the authority the task needs (a third country's authority for a return,
    /// a Member State's for resettlement). Asylum confidentiality holds: an item that speaks of
    /// a protection application never goes outside the EU and Schengen states. The disclosure
    /// is audited with the recipient's country and the item's purpose, never its content.
    public func disclose(_ id: UUID, to recipient: AsylumConfidentiality.Recipient, by actor: Actor) async throws -> OfficerDataEntry {
        guard let model = try await OfficerPersonalDataModel.find(id, on: db) else { throw ServiceError.notFound }
        _ = try recipient.validated()
        do {
            try AsylumConfidentiality.check(recipient, revealsProtection: AsylumConfidentiality.reveals(text: model.subject + "\n" + model.content))
        } catch {
            try await audit.append(
                AuditEvent(
                    actor: actor.username, action: .ruleRefused, outcome: .denied, targetType: "ilo-data", targetID: id.uuidString,
                    detail: "\(error.code.rawValue); to=\(recipient.country)", requestID: actor.requestID), on: db)
            throw error
        }
        try await audit.append(
            AuditEvent(
                actor: actor.username, action: .officerDataDisclosed, targetType: "ilo-data", targetID: id.uuidString,
                detail: "\(model.purpose) to \(recipient.country)", requestID: actor.requestID), on: db)
        return try entry(model)
    }

    /// Deletes an item before its day, when the task no longer needs it.
    public func deleteOfficerData(_ id: UUID, by actor: Actor) async throws {
        guard let model = try await OfficerPersonalDataModel.find(id, on: db) else { throw ServiceError.notFound }
        try await delete([model], actor: actor.username, reason: "no longer necessary", requestID: actor.requestID)
    }

    /// The daily retention job: deletes every item whose day has come, each deletion audited by
    /// its purpose and day, never its content. Returns how many were deleted.
    @discardableResult
    public func deleteDueOfficerData() async throws -> Int {
        let due = try await OfficerPersonalDataModel.query(on: db).filter(\.$deleteOn <= today).all()
        try await delete(due, actor: "retention", reason: "deletion day reached", requestID: nil)
        return due.count
    }

    private func delete(_ models: [OfficerPersonalDataModel], actor: String, reason: String, requestID: String?) async throws {
        guard !models.isEmpty else { return }
        try await db.transaction { tx in
            for model in models {
                try await model.delete(on: tx)
                try await audit.append(
                    AuditEvent(
                        actor: actor, action: .officerDataDeleted, targetType: "ilo-data", targetID: model.id?.uuidString,
                        detail: "\(model.purpose), delete on \(model.deleteOn): \(reason)", requestID: requestID), on: tx)
            }
        }
    }

    private func entry(_ model: OfficerPersonalDataModel) throws -> OfficerDataEntry {
        guard let purpose = OfficerPersonalData.Purpose(rawValue: model.purpose) else { throw ServiceError.notFound }
        return OfficerDataEntry(
            item: OfficerPersonalData(id: try model.requireID(), purpose: purpose, subject: model.subject, content: model.content, deleteOn: model.deleteOn),
            recordedBy: model.recordedBy, recordedAt: model.recordedAt)
    }
}
