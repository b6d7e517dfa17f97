import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

extension ExchangeService {
    public struct ImportOutcome: Sendable, Codable {
        public var created: Int
        public var updated: Int
    }

    /// Imports a JSON-lines or CSV file of records: new references are created, known ones
    /// updated, each with its audit entry and the watch for notified persons. A file with any
    /// bad row is refused whole, every problem named by its line.
    public func importRecords(_ text: String, format: RecordImport.Format, by actor: Actor) async throws -> ImportOutcome {
        let rows: [RecordImport.Row]
        do {
            rows = try RecordImport.parse(text, format: format)
        } catch {
            try await audit.append(
                AuditEvent(
                    actor: actor.username, action: .ruleRefused, outcome: .denied, targetType: "record", targetID: "import", detail: "rows refused: \(error.problems.count)", requestID: actor.requestID
                ),
                on: db)
            throw ServiceError.invalid(
                "Nothing was imported; correct the lines named and import the file again (\(error.problems.count) problem\(error.problems.count == 1 ? "" : "s")).",
                fields: Dictionary(error.problems.prefix(50).map { ("line \($0.line)", $0.message) }, uniquingKeysWith: { a, _ in a }))
        }
        // A restricted record may not be written by anyone but its restriction's end: the whole
        // file is refused, each such line named, before any line is written.
        let restricted = Set(
            try await AdministrativeRecordModel.query(on: db).filter(\.$reference ~~ Set(rows.map(\.reference))).filter(\.$restrictedAt != nil).all().map(\.reference))
        if !restricted.isEmpty {
            let lines = rows.filter { restricted.contains($0.reference) }.prefix(50)
            throw ServiceError.invalid(
                "Nothing was imported: the processing of \(restricted.count) record\(restricted.count == 1 ? " is" : "s are") restricted; only the data protection officer may lift a restriction.",
                fields: Dictionary(lines.map { ("line \($0.line)", "The record \($0.reference) is restricted.") }, uniquingKeysWith: { a, _ in a }))
        }
        var outcome = ImportOutcome(created: 0, updated: 0)
        for row in rows {
            if try await records.find(reference: row.reference, on: db) != nil {
                _ = try await updateRecord(reference: row.reference, subject: row.subject, situation: row.situation, by: actor)
                outcome.updated += 1
            } else {
                _ = try await createRecord(reference: row.reference, subject: row.subject, situation: row.situation, by: actor)
                outcome.created += 1
            }
        }
        return outcome
    }

    /// The actor for console work on records: the node's immigration authority itself.
    public func consoleActor() async throws -> Actor {
        let authority = try await nationalAuthority(.immigrationAsylum, on: db)
        return Actor(userID: UUID(), username: "console", authority: authority.authority, requestID: nil)
    }
}
