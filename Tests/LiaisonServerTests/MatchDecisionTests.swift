import FluentKit
import Foundation
import LiaisonCore
@testable import LiaisonExchange
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import Testing

/// No automated decision (PRODUCT.md F; Directive (EU) 2016/680, Art. 11): the matcher only
/// suggests that a notified person and a record are the same person; an officer decides.
@Suite("No automated decision: a match is a suggestion until an immigration officer confirms it", .serialized)
struct MatchDecisionTests {
    typealias Actor = ExchangeService.Actor

    /// The record of the notified person, written with a transliteration the matcher bridges.
    static let notified = PersonIdentity(
        familyNames: "AL-HASHIMI", givenNames: "Omar", sex: "M", birthDate: "1990-03-14", nationalities: ["SYR"],
        documents: [TravelDocument(type: "P", number: "N 0481 5162", issuingState: "SYR")])
    static let fuzzy = PersonIdentity(familyNames: "ALHASHIMI", givenNames: "Omer", sex: "M", birthDate: "1990-03-14", nationalities: ["SYR"])
    static let lodged = AdministrativeSituation(procedures: [Procedure(type: .internationalProtection, status: .lodged, fileReference: "A-1")], rightToStay: .pending)
    static var rejected: AdministrativeSituation {
        var situation = lodged
        situation.procedures[0].status = .rejected
        situation.rightToStay = .no
        return situation
    }

    typealias Node = ExchangeNode

    func withNode(autoConfirm: Bool = false, _ body: (Node) async throws -> Void) async throws {
        try await ExchangeNode.with({ $0.autoConfirmExactMatches = autoConfirm }, body)
    }

    func notify(_ node: Node) async throws -> ThreatNotificationModel {
        try await node.exchange.createNotification(.init(subject: Self.notified, validUntil: Date().addingTimeInterval(30 * 86400), handlingCode: .h0), by: node.ct)
    }

    func auditActions(_ node: Node) async throws -> [String] {
        try await AuditEntryModel.query(on: node.db).sort(\.$id).all().map(\.action)
    }

    @Test("a fuzzy match alone raises no alert and lists no one; the officer sees both identities and the explanation")
    func fuzzyMatchAloneDecidesNothing() async throws {
        try await withNode { node in
            _ = try await notify(node)
            _ = try await node.exchange.createRecord(reference: "DE-1", subject: Self.fuzzy, situation: Self.lodged, by: node.imm)
            _ = try await node.exchange.updateRecord(reference: "DE-1", subject: Self.fuzzy, situation: Self.rejected, by: node.imm)
            #expect(try await node.exchange.alerts(for: node.ct).isEmpty)
            #expect(try await node.exchange.returnPriorities(for: node.ct).isEmpty)
            #expect(try await node.exchange.returnPriorities(for: node.imm).isEmpty)
            #expect(try await AlertModel.query(on: node.db).count() == 0)
            let waiting = try await node.exchange.matchSuggestions(for: node.imm)
            #expect(waiting.count == 1)
            let pair = try #require(waiting.first)
            #expect(pair.notifiedPerson == Self.notified && pair.recordPerson == Self.fuzzy && !pair.decision.explanation.isEmpty)
            #expect(try pair.decision.held().map(\.change.rawValue) == ["new-application", "decision"])
            // The CT authority's officers neither see nor decide the pair.
            #expect(try await node.exchange.matchSuggestions(for: node.ct).isEmpty)
            await #expect(throws: ServiceError.self) {
                _ = try await node.exchange.decideMatch(try #require(pair.decision.id), confirm: true, reason: "Same", by: node.ct)
            }
        }
    }

    @Test("a confirmation with its reason releases the held changes as alerts and lists the person; it is audited with who and why")
    func confirmationReleasesAlerts() async throws {
        try await withNode { node in
            _ = try await notify(node)
            _ = try await node.exchange.createRecord(reference: "DE-1", subject: Self.fuzzy, situation: Self.lodged, by: node.imm)
            _ = try await node.exchange.updateRecord(reference: "DE-1", subject: Self.fuzzy, situation: Self.rejected, by: node.imm)
            let id = try #require(try await node.exchange.matchSuggestions(for: node.imm).first?.decision.id)
            await #expect(throws: PolicyError(.reasonRequired, detail: "Say why, in at most 500 characters: the decision is recorded with its reason.")) {
                _ = try await node.exchange.decideMatch(id, confirm: true, reason: "  ", by: node.imm)
            }
            let outcome = try await node.exchange.decideMatch(id, confirm: true, reason: "Same person; the spelling differs", by: node.imm)
            #expect(outcome.alertsReleased == 2 && outcome.decision.state == .confirmed && outcome.decision.decidedBy == "de.imm" && !outcome.decision.automatic)
            #expect(try await node.exchange.alerts(for: node.ct).map(\.change.rawValue).sorted() == ["decision", "new-application"])
            #expect(try await node.exchange.returnPriorities(for: node.ct).map(\.record.reference) == ["DE-1"])
            #expect(try await node.exchange.matchSuggestions(for: node.imm).isEmpty)
            // Once confirmed, the next change reaches CT at once.
            var appealed = Self.rejected
            appealed.procedures[0].status = .appealed
            _ = try await node.exchange.updateRecord(reference: "DE-1", subject: Self.fuzzy, situation: appealed, by: node.imm)
            #expect(try await node.exchange.alerts(for: node.ct).count == 3)
            // Deciding twice is refused.
            await #expect(throws: ServiceError.self) { _ = try await node.exchange.decideMatch(id, confirm: false, reason: "No", by: node.imm) }
            let confirmation = try #require(try await AuditEntryModel.query(on: node.db).filter(\.$action == AuditAction.matchConfirmed.rawValue).first())
            #expect(confirmation.actor == "de.imm" && confirmation.detail == "record=DE-1")
            #expect(try await auditActions(node).filter { $0 == AuditAction.alertRaised.rawValue }.count == 3)
        }
    }

    @Test("a rejected pair is not suggested again unless the record's identity changes, and its changes never reach CT")
    func rejectionHolds() async throws {
        try await withNode { node in
            _ = try await notify(node)
            _ = try await node.exchange.createRecord(reference: "DE-1", subject: Self.fuzzy, situation: Self.lodged, by: node.imm)
            let id = try #require(try await node.exchange.matchSuggestions(for: node.imm).first?.decision.id)
            _ = try await node.exchange.decideMatch(id, confirm: false, reason: "Another person: different father's name in the file", by: node.imm)
            _ = try await node.exchange.updateRecord(reference: "DE-1", subject: Self.fuzzy, situation: Self.rejected, by: node.imm)
            #expect(try await node.exchange.matchSuggestions(for: node.imm).isEmpty)
            #expect(try await node.exchange.alerts(for: node.ct).isEmpty)
            #expect(try await node.exchange.returnPriorities(for: node.ct).isEmpty)
            let rejection = try #require(try await AuditEntryModel.query(on: node.db).filter(\.$action == AuditAction.matchRejected.rawValue).first())
            #expect(rejection.actor == "de.imm")
            // The record's identity is corrected: the pair is put to an officer again, with no change held from before.
            var corrected = Self.fuzzy
            corrected.givenNames = "Omar"
            _ = try await node.exchange.updateRecord(reference: "DE-1", subject: corrected, situation: Self.rejected, by: node.imm)
            let again = try await node.exchange.matchSuggestions(for: node.imm)
            #expect(again.map(\.decision.id) == [id])
            #expect(try again.first?.decision.held().isEmpty == true)
        }
    }

    @Test("a notification issued for a person already in the records puts the pair to an officer; only a confirmed one reaches the return list")
    func notificationAfterRecord() async throws {
        try await withNode { node in
            _ = try await node.exchange.createRecord(reference: "DE-9", subject: Self.fuzzy, situation: Self.rejected, by: node.imm)
            _ = try await notify(node)
            #expect(try await node.exchange.returnPriorities(for: node.ct).isEmpty)
            let pair = try #require(try await node.exchange.matchSuggestions(for: node.imm).first)
            #expect(pair.record.reference == "DE-9")
            _ = try await node.exchange.decideMatch(try #require(pair.decision.id), confirm: true, reason: "Same person", by: node.imm)
            #expect(try await node.exchange.returnPriorities(for: node.ct).map(\.record.reference) == ["DE-9"])
            #expect(try await node.exchange.alerts(for: node.ct).isEmpty, "no change of the record was held")
        }
    }

    @Test("exact identifiers confirm themselves only where the node's setting allows it, audited as automatic")
    func exactMatchesConfirmOnlyBySetting() async throws {
        try await withNode { node in
            _ = try await notify(node)
            _ = try await node.exchange.createRecord(reference: "DE-1", subject: Self.notified, situation: Self.rejected, by: node.imm)
            #expect(try await node.exchange.alerts(for: node.ct).isEmpty, "off by default")
            #expect(try await node.exchange.matchSuggestions(for: node.imm).count == 1)
        }
        try await withNode(autoConfirm: true) { node in
            _ = try await notify(node)
            // A fuzzy match still waits for an officer.
            _ = try await node.exchange.createRecord(reference: "DE-2", subject: Self.fuzzy, situation: Self.lodged, by: node.imm)
            #expect(try await node.exchange.alerts(for: node.ct).isEmpty)
            // The same passport (written without spaces) and the same date of birth confirm themselves.
            var sameDocument = Self.notified
            sameDocument.documents = [TravelDocument(type: "P", number: "N04815162", issuingState: "SYR")]
            _ = try await node.exchange.createRecord(reference: "DE-1", subject: sameDocument, situation: Self.rejected, by: node.imm)
            #expect(try await node.exchange.alerts(for: node.ct).map(\.recordReference) == ["DE-1"])
            #expect(try await node.exchange.matchSuggestions(for: node.imm).map(\.record.reference) == ["DE-2"])
            let automatic = try #require(try await AuditEntryModel.query(on: node.db).filter(\.$action == AuditAction.matchConfirmed.rawValue).first())
            #expect(automatic.actor == "system" && automatic.detail == "record=DE-1; automatic")
        }
    }

    @Test("the exact-identifier rule needs the same document of the same issuer and a full date of birth")
    func exactIdentifierRule() {
        let passport = TravelDocument(type: "P", number: "N04815162", issuingState: "SYR")
        let a = PersonIdentity(familyNames: "A", birthDate: "1990-03-14", documents: [passport])
        #expect(MatchDecision.isExactIdentifierMatch(a, PersonIdentity(familyNames: "B", birthDate: "1990-03-14", documents: [passport])))
        #expect(!MatchDecision.isExactIdentifierMatch(a, PersonIdentity(familyNames: "A", birthDate: "1990-03-15", documents: [passport])))
        #expect(!MatchDecision.isExactIdentifierMatch(a, PersonIdentity(familyNames: "A", birthDate: "1990", documents: [passport])))
        let otherIssuer = TravelDocument(type: "P", number: "N04815162", issuingState: "IRQ")
        #expect(!MatchDecision.isExactIdentifierMatch(a, PersonIdentity(familyNames: "A", birthDate: "1990-03-14", documents: [otherIssuer])))
        #expect(!MatchDecision.isExactIdentifierMatch(a, PersonIdentity(familyNames: "A", birthDate: "1990-03-14")))
    }
}

@Suite("The matches page: both identities side by side, a decision without a reason refused in place, a notice after deciding")
struct MatchPageTests {
    @Test("an officer confirms from the page; a missing reason is named at its field and nothing is decided")
    func decideFromThePage() async throws {
        try await withNode { node, client in
            let exchange = node.services.exchange
            let authorities = try await AuthorityModel.query(on: node.services.db).all()
            let ct = try #require(authorities.first { $0.kind == AuthorityKind.counterTerrorism.rawValue })
            let imm = try #require(authorities.first { $0.kind == AuthorityKind.immigrationAsylum.rawValue })
            let ctActor = ExchangeService.Actor(userID: UUID(), username: "be.ct", authority: ct.authority, requestID: nil)
            let immActor = ExchangeService.Actor(userID: UUID(), username: "be.imm", authority: imm.authority, requestID: nil)
            _ = try await exchange.createNotification(
                .init(subject: MatchDecisionTests.notified, validUntil: node.clock.date.addingTimeInterval(30 * 86400), handlingCode: .h0), by: ctActor)
            _ = try await exchange.createRecord(reference: "BE-1", subject: MatchDecisionTests.fuzzy, situation: MatchDecisionTests.rejected, by: immActor)

            var browser = Browser()
            _ = try await browser.signIn(client, node, try #require(node.accounts[.immigrationOfficer]))
            let page = String(buffer: try await browser.get(client, "/matches").body)
            #expect(page.contains("AL-HASHIMI") && page.contains("ALHASHIMI") && page.contains("<code>BE-1</code>"))
            let id = try #require(try await exchange.matchSuggestions(for: immActor).first?.decision.id)

            let refused = try await browser.post(client, "/matches/\(id)", form: ["decision": "confirm", "reason": " "])
            #expect(refused.status == .unprocessableContent)
            let refusedPage = String(buffer: refused.body)
            #expect(refusedPage.contains("id=\"reason-\(id)-error\"") && refusedPage.contains("Say why"))
            #expect(try await exchange.returnPriorities(for: ctActor).isEmpty)

            let confirmed = try await browser.post(client, "/matches/\(id)", form: ["decision": "confirm", "reason": "Same person, spelling differs"])
            #expect(confirmed.status == .seeOther && confirmed.headers[.location] == "/matches?decided=confirmed")
            let after = String(buffer: try await browser.get(client, "/matches?decided=confirmed").body)
            #expect(after.contains("id=\"decided\"") && after.contains("id=\"no-matches\""))
            #expect(try await exchange.returnPriorities(for: ctActor).map(\.record.reference) == ["BE-1"])
        }
    }
}
