import FluentKit
import Foundation
import LiaisonCore
@testable import LiaisonExchange
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import Testing

/// Restriction of processing (GDPR Art. 18; Directive (EU) 2016/680, Art. 16(3)): a restricted
/// record is kept, seen by the data protection officer only, and used by nothing else.
@Suite("Restriction of processing: a restricted record is kept, and used by no match, list or answer", .serialized)
struct RestrictionTests {
    @Test("restricted, the record leaves the return list, the matches and the candidates, and officers can neither change nor recreate it; lifted, it is back")
    func restrictedRecordIsUsedByNothing() async throws {
        try await MatchDecisionTests().withNode { node in
            let dpo = node.dpo
            let notification = try await node.exchange.createNotification(
                .init(subject: MatchDecisionTests.notified, validUntil: Date().addingTimeInterval(30 * 86400), handlingCode: .h0), by: node.ct)
            _ = try await node.exchange.createRecord(reference: "DE-1", subject: MatchDecisionTests.fuzzy, situation: MatchDecisionTests.rejected, by: node.imm)
            let pair = try #require(try await node.exchange.matchSuggestions(for: node.imm).first?.decision.id)
            _ = try await node.exchange.decideMatch(pair, confirm: true, reason: "Same person", by: node.imm)
            #expect(try await node.exchange.returnPriorities(for: node.ct).map(\.record.reference) == ["DE-1"])

            await #expect(throws: PolicyError.self) { _ = try await node.exchange.restrictRecord(reference: "DE-1", reason: "", by: dpo) }
            let restricted = try await node.exchange.restrictRecord(reference: "DE-1", reason: "The person contests the date of birth", by: dpo)
            #expect(restricted.restrictedAt != nil)
            #expect(try await node.exchange.returnPriorities(for: node.ct).isEmpty)
            #expect(try await node.exchange.recordCandidates(for: notification, by: node.imm).isEmpty)
            await #expect(throws: ServiceError.self) {
                _ = try await node.exchange.updateRecord(reference: "DE-1", subject: MatchDecisionTests.fuzzy, situation: MatchDecisionTests.lodged, by: node.imm)
            }
            await #expect(throws: ServiceError.self) {
                _ = try await node.exchange.createRecord(reference: "DE-1", subject: MatchDecisionTests.fuzzy, situation: MatchDecisionTests.lodged, by: node.imm)
            }
            // An import that holds it is refused whole: the other line is not written either.
            let csv = "reference,familyNames,givenNames,birthDate,nationality,rightToStay\nDE-2,DIALLO,Mamadou,1995,GIN,yes\nDE-1,ALHASHIMI,Omer,1990-03-14,SYR,no\n"
            await #expect {
                _ = try await node.exchange.importRecords(csv, format: .csv, by: node.imm)
            } throws: { error in
                (error as? ServiceError)?.fields == ["line 3": "The record DE-1 is restricted."]
            }
            #expect(try await AdministrativeRecordModel.query(on: node.db).filter(\.$reference == "DE-2").count() == 0)
            #expect(try await node.exchange.restrictedRecords(by: dpo).map(\.restrictionReason) == ["The person contests the date of birth"])
            await #expect(throws: ServiceError.self) { _ = try await node.exchange.restrictRecord(reference: "DE-1", reason: "Again", by: dpo) }

            _ = try await node.exchange.liftRestriction(reference: "DE-1", reason: "Date of birth confirmed by the civil registry", by: dpo)
            #expect(try await node.exchange.returnPriorities(for: node.ct).map(\.record.reference) == ["DE-1"])
            #expect(try await node.exchange.restrictedRecords(by: dpo).isEmpty)
            let actions = try await AuditEntryModel.query(on: node.db).filter(\.$actor == "de.dpo").all().map(\.action)
            #expect(actions.contains(AuditAction.recordRestricted.rawValue) && actions.contains(AuditAction.recordRestrictionLifted.rawValue))
        }
    }
}
