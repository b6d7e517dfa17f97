import FluentKit
import Foundation
import LiaisonCore
@testable import LiaisonExchange
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import NIOCore
import Testing

/// Data subjects' requests for access (GDPR Art. 15; Directive (EU) 2016/680, Art. 14): the
/// matcher finds the person under any spelling, the officer confirms, the report lists only
/// what was confirmed, and the request is answered within a month.
@Suite("Access requests: the person found under any spelling, confirmed by the officer, reported with purpose, recipients and retention", .serialized)
struct AccessRequestTests {
    static let notified = PersonIdentity(
        familyNames: "AL-HASHIMI", givenNames: "Omar", sex: "M", birthDate: "1990-03-12", nationalities: ["SYR"],
        documents: [TravelDocument(type: "P", number: "N04815162", issuingState: "SYR")])
    static let recorded = PersonIdentity(familyNames: "ALHASHIMI", givenNames: "Omer", sex: "M", birthDate: "1990-03-12", nationalities: ["SYR"])
    static let other = PersonIdentity(familyNames: "KARIMI", givenNames: "Reza", sex: "M", birthDate: "1985-07-01", nationalities: ["AFG"])
    /// The person as they write to the officer: Arabic script, day and month swapped.
    static let asGiven = PersonIdentity(familyNames: "الهاشمي", givenNames: "عمر", birthDate: "1990-12-03")

    @Test("the notification and the record are found under an Arabic-script name and a swapped date of birth, another person is not; only what is confirmed is reported")
    func findsThePersonUnderAnySpelling() async throws {
        try await ExchangeNode.with { node in
            let notification = try await node.exchange.createNotification(
                .init(subject: Self.notified, validUntil: node.clock.date.addingTimeInterval(30 * 86400), handlingCode: .h0), by: node.ct)
            let situation = AdministrativeSituation(procedures: [Procedure(type: .internationalProtection, status: .lodged)], rightToStay: .pending)
            _ = try await node.exchange.createRecord(reference: "DE-1", subject: Self.recorded, situation: situation, by: node.imm)
            _ = try await node.exchange.createRecord(reference: "DE-9", subject: Self.other, situation: situation, by: node.imm)

            let request = try await node.exchange.openAccessRequest(identity: Self.asGiven, receivedOn: "2026-09-20", by: node.dpo)
            #expect(request.reference == "AR-2026-0001" && request.dueOn == "2026-10-20" && request.state == .open)
            let view = try await node.exchange.accessRequest(request.reference, by: node.dpo)
            let found = Set(view.findings.map(\.person))
            let notified = PersonReadModel.notification(notification.reference)
            #expect(found.isSuperset(of: [notified, PersonReadModel.record("DE-1")]))
            #expect(!found.contains(PersonReadModel.record("DE-9")))
            #expect(view.findings.allSatisfy { !$0.confirmed && !$0.explanation.isEmpty })

            // Only what the matcher found can be confirmed.
            await #expect(throws: ServiceError.self) {
                _ = try await node.exchange.confirmAccessFindings(request.reference, persons: [PersonReadModel.record("DE-9")], by: node.dpo)
            }
            _ = try await node.exchange.confirmAccessFindings(request.reference, persons: [notified, PersonReadModel.record("DE-1")], by: node.dpo)
            let confirmed = try await node.exchange.accessRequest(request.reference, by: node.dpo)
            #expect(Set(confirmed.confirmed.map(\.person)) == [notified, PersonReadModel.record("DE-1")])
            let item = try #require(confirmed.confirmed.first { $0.person == notified })
            #expect(item.purpose == ProcessingCategory.notification.purpose && item.legalBasis == ProcessingCategory.notification.legalBasis)
            #expect(item.retainedUntil == ExchangeService.day(notification.validUntil, plusMonths: 12))
            let record = try #require(confirmed.confirmed.first { $0.person == PersonReadModel.record("DE-1") })
            #expect(record.recipients.isEmpty && record.retainedUntil == nil)
            // What was done with the data and who read it are in the report; the search itself is a read for the request.
            #expect(confirmed.auditEntries.contains { $0.action == AuditAction.recordCreated.rawValue && $0.targetID == "DE-1" })
            #expect(confirmed.reads.contains { $0.actor == "de.dpo" && $0.purpose == "access request AR-2026-0001" })
            let logged = try await AuditEntryModel.query(on: node.db).filter(\.$action ~~ [AuditAction.accessRequestOpened.rawValue, AuditAction.accessRequestConfirmed.rawValue]).all()
            #expect(logged.count == 2 && logged.allSatisfy { $0.actor == "de.dpo" && $0.detail?.contains("HASHIMI") == false })

            // Restriction starts from it, and the finding says so.
            _ = try await node.exchange.restrictRecord(reference: "DE-1", reason: "Contested, AR-2026-0001", by: node.dpo)
            #expect(try await node.exchange.accessRequest(request.reference, by: node.dpo).confirmed.first { $0.recordReference == "DE-1" }?.restricted == true)

            _ = try await node.exchange.answerAccessRequest(request.reference, by: node.dpo)
            await #expect(throws: ServiceError.self) { _ = try await node.exchange.answerAccessRequest(request.reference, by: node.dpo) }
            await #expect(throws: ServiceError.self) { _ = try await node.exchange.confirmAccessFindings(request.reference, persons: [], by: node.dpo) }

            // Nothing kept forever: the identity the person gave goes with the reads it accounts for.
            node.clock.advance(25 * 31 * 86400)
            #expect(try await node.exchange.eraseDue().accessRequests == 1)
            let erased = try #require(try await AccessRequestModel.query(on: node.db).first())
            #expect(erased.erasedAt != nil && !String(decoding: erased.identity, as: UTF8.self).contains("الهاشمي"))
        }
    }

    @Test("rectification started from the request: the officers who hold each item see the ask; updating the record or changing the notification closes it")
    func rectificationAsked() async throws {
        try await ExchangeNode.with { node in
            let notification = try await node.exchange.createNotification(
                .init(subject: Self.notified, validUntil: node.clock.date.addingTimeInterval(30 * 86400), handlingCode: .h0), by: node.ct)
            let situation = AdministrativeSituation(procedures: [Procedure(type: .return, status: .returnDecision)], rightToStay: .no)
            _ = try await node.exchange.createRecord(reference: "DE-1", subject: Self.recorded, situation: situation, by: node.imm)
            let request = try await node.exchange.openAccessRequest(identity: Self.asGiven, receivedOn: "2026-09-20", by: node.dpo)
            let notified = PersonReadModel.notification(notification.reference), record = PersonReadModel.record("DE-1")

            // Only about what is confirmed as the person's, and saying what is wrong.
            await #expect(throws: ServiceError.self) { _ = try await node.exchange.askRectification(request.reference, person: record, note: "x", by: node.dpo) }
            _ = try await node.exchange.confirmAccessFindings(request.reference, persons: [notified, record], by: node.dpo)
            await #expect(throws: PolicyError.self) { _ = try await node.exchange.askRectification(request.reference, person: record, note: " ", by: node.dpo) }
            _ = try await node.exchange.askRectification(request.reference, person: record, note: "Born 1990-03-21: birth certificate shown", by: node.dpo)
            _ = try await node.exchange.askRectification(request.reference, person: notified, note: "The given name is Omer", by: node.dpo)
            #expect(try await node.exchange.rectificationsAsked(for: node.imm).map(\.person) == [record])
            #expect(try await node.exchange.rectificationsAsked(for: node.ct).map(\.person) == [notified])
            let asked = try await node.exchange.rectificationsAsked(for: node.ct)[0]
            #expect(try await node.exchange.place(of: asked) == .notification(try notification.requireID()))

            var fixed = Self.recorded
            fixed.birthDate = "1990-03-21"
            _ = try await node.exchange.updateRecord(reference: "DE-1", subject: fixed, situation: situation, by: node.imm)
            #expect(try await node.exchange.rectificationsAsked(for: node.imm).isEmpty)
            var renamed = Self.notified
            renamed.givenNames = "Omer"
            _ = try await node.exchange.updateNotification(
                try notification.requireID(), .init(subject: renamed, validUntil: notification.validUntil, handlingCode: .h0), by: node.ct)
            #expect(try await node.exchange.rectificationsAsked(for: node.ct).isEmpty)
            let asks = try await node.exchange.accessRequest(request.reference, by: node.dpo).asks
            #expect(asks.map(\.doneBy) == ["de.imm", "de.ct"] && asks.allSatisfy { $0.doneAt != nil })
            let logged = try await AuditEntryModel.query(on: node.db).filter(\.$action == AuditAction.rectificationAsked.rawValue).all()
            #expect(logged.compactMap(\.detail).sorted() == [notified, record].sorted())
        }
    }

    @Test("a request needs a family name, a valid date of birth and a receipt day no later than today; references count per year")
    func badInputIsRefused() async throws {
        try await ExchangeNode.with { node in
            await #expect(throws: PolicyError.self) {
                _ = try await node.exchange.openAccessRequest(identity: PersonIdentity(familyNames: " "), receivedOn: "2026-09-20", by: node.dpo)
            }
            await #expect(throws: PolicyError.self) {
                _ = try await node.exchange.openAccessRequest(identity: PersonIdentity(familyNames: "KARIMI", birthDate: "1990-13-01"), receivedOn: "2026-09-20", by: node.dpo)
            }
            await #expect(throws: PolicyError.self) {
                _ = try await node.exchange.openAccessRequest(identity: PersonIdentity(familyNames: "KARIMI"), receivedOn: "2026-09-22", by: node.dpo)
            }
            #expect(try await AccessRequestModel.query(on: node.db).count() == 0)
            let first = try await node.exchange.openAccessRequest(identity: PersonIdentity(familyNames: "KARIMI"), receivedOn: "2025-12-31", by: node.dpo)
            let second = try await node.exchange.openAccessRequest(identity: PersonIdentity(familyNames: "KARIMI"), receivedOn: "2026-01-02", by: node.dpo)
            let third = try await node.exchange.openAccessRequest(identity: PersonIdentity(familyNames: "DIALLO"), receivedOn: "2026-09-01", by: node.dpo)
            #expect([first.reference, second.reference, third.reference] == ["AR-2025-0001", "AR-2026-0001", "AR-2026-0002"])
            #expect(first.dueOn == "2026-01-31")
            #expect(try await node.exchange.accessRequest(first.reference, by: node.dpo).findings.isEmpty)
            #expect(try await node.exchange.accessRequests().map(\.reference) == ["AR-2025-0001", "AR-2026-0001", "AR-2026-0002"])
        }
    }
}

/// Asylum confidentiality (PRODUCT.md F), on each path by which data leave for a recipient
/// outside the exchanges: a record exported, and a liaison officer's item handed over.
@Suite("Asylum confidentiality on every path out: record exports and liaison officers' hand-overs", .serialized)
struct AsylumConfidentialityPathTests {
    @Test(
        "asylum confidentiality: a record that shows a protection application is not exported to a third country, but is to a Member State; one without is exported anywhere; a restricted record nowhere"
    )
    func recordExport() async throws {
        try await ExchangeNode.with { node in
            let protection = AdministrativeSituation(procedures: [Procedure(type: .internationalProtection, status: .rejected)], rightToStay: .no)
            let returnOnly = AdministrativeSituation(procedures: [Procedure(type: .return, status: .returnDecision)], rightToStay: .no)
            _ = try await node.exchange.createRecord(reference: "DE-1", subject: AccessRequestTests.recorded, situation: protection, by: node.imm)
            _ = try await node.exchange.createRecord(reference: "DE-2", subject: AccessRequestTests.other, situation: returnOnly, by: node.imm)
            let turkey = AsylumConfidentiality.Recipient(country: "TR", body: "Directorate General of Migration Management")
            await #expect {
                _ = try await node.exchange.exportRecord(reference: "DE-1", to: turkey, by: node.imm)
            } throws: { ($0 as? PolicyError)?.code == .asylumConfidentiality }
            let refusal = try #require(try await AuditEntryModel.query(on: node.db).filter(\.$action == AuditAction.ruleRefused.rawValue).first())
            #expect(refusal.detail == PolicyError.Code.asylumConfidentiality.rawValue && refusal.targetID == "DE-1")
            let toNetherlands = try await node.exchange.exportRecord(reference: "DE-1", to: .init(country: "NL", body: "IND"), by: node.imm)
            #expect(toNetherlands.subject == AccessRequestTests.recorded && toNetherlands.recipient.country == "NL")
            let returned = try await node.exchange.exportRecord(reference: "DE-2", to: turkey, by: node.imm)
            #expect(returned.situation == returnOnly && returned.exportedOn == "2026-09-21")
            let exports = try await AuditEntryModel.query(on: node.db).filter(\.$action == AuditAction.recordExported.rawValue).all()
            #expect(exports.map(\.detail) == ["to=NL", "to=TR"])
            await #expect(throws: ServiceError.self) { _ = try await node.exchange.exportRecord(reference: "DE-2", to: .init(country: "Turkey", body: "x"), by: node.imm) }
            _ = try await node.exchange.restrictRecord(reference: "DE-2", reason: "Contested", by: node.dpo)
            await #expect(throws: ServiceError.self) { _ = try await node.exchange.exportRecord(reference: "DE-2", to: turkey, by: node.imm) }
        }
    }
}

/// The data protection officer's pages: entry, findings, report and its PDF.
@Suite("Access request pages: from the identity entered to the PDF", .serialized)
struct AccessRequestPageTests {
    static func json(_ object: Any) -> ByteBuffer { ByteBuffer(data: try! JSONSerialization.data(withJSONObject: object)) }

    @Test("entered on the page, found, confirmed, reported as a page and a PDF; the deadline is on the dashboard; bad input is shown at its field")
    func fromEntryToPDF() async throws {
        try await withNode { node, client in
            let officer = node.accounts[.immigrationOfficer]!, dpo = node.accounts[.dataProtectionOfficer]!
            let record: [String: Any] = [
                "reference": "DE-1",
                "subject": ["familyNames": "ALHASHIMI", "givenNames": "Omer", "birthDate": "1990-03-12", "nationalities": ["SYR"]],
                "situation": ["procedures": [["type": "return", "status": "return-decision"]], "rightToStay": "no"],
            ]
            let created = try await client.execute(uri: "/api/v1/administrative-records", method: .post, headers: bearer(officer.token), body: Self.json(record))
            #expect(created.status == .created)

            var browser = Browser()
            _ = try await browser.signIn(client, node, dpo)
            let list = String(buffer: try await browser.get(client, "/dpo/access-requests").body)
            #expect(list.contains("id=\"access-request-form\""))
            let refused = try await browser.post(client, "/dpo/access-requests", form: ["familyNames": "", "receivedOn": "2026-09-20"])
            #expect(refused.status == .unprocessableContent && String(buffer: refused.body).contains("id=\"familyNames-error\""))
            let opened = try await browser.post(
                client, "/dpo/access-requests", form: ["familyNames": "الهاشمي", "givenNames": "عمر", "birthDate": "1990-12-03", "receivedOn": "2026-09-20"])
            #expect(opened.status == .seeOther && opened.headers[.location] == "/dpo/access-requests/AR-2026-0001")
            let page = String(buffer: try await browser.get(client, "/dpo/access-requests/AR-2026-0001").body)
            #expect(page.contains("value=\"record/DE-1\"") && page.contains("id=\"access-due\">2026-10-20<"))
            let dashboard = String(buffer: try await browser.get(client, "/dashboard").body)
            #expect(dashboard.contains("/dpo/access-requests/AR-2026-0001") && dashboard.contains("2026-10-20"))

            let confirmed = try await client.execute(
                uri: "/api/v1/access-requests/AR-2026-0001/confirm", method: .post, headers: bearer(dpo.token), body: Self.json(["persons": ["record/DE-1"]]))
            #expect(confirmed.status == .ok)
            let report = String(buffer: try await browser.get(client, "/dpo/access-requests/AR-2026-0001/report").body)
            #expect(report.contains("DE-1") && report.contains(ProcessingCategory.record.legalBasis) && report.contains("class=\"marking\""))
            #expect(report.contains("record.created"))
            let pdf = try await browser.get(client, "/dpo/access-requests/AR-2026-0001/report.pdf")
            #expect(pdf.status == .ok && pdf.headers[.contentType] == "application/pdf")
            #expect(String(buffer: pdf.body).hasPrefix("%PDF") && pdf.body.readableBytes > 5_000)

            // A correction asked from the page reaches the immigration officers' list.
            _ = try await browser.get(client, "/dpo/access-requests/AR-2026-0001")
            let asked = try await browser.post(
                client, "/dpo/access-requests/AR-2026-0001/rectify", form: ["target": "record/DE-1", "reason": "Born 1990-03-21: certificate shown"])
            #expect(asked.status == .seeOther)
            let listed = try await client.execute(uri: "/api/v1/rectifications", method: .get, headers: bearer(officer.token))
            let asks = try JSONSerialization.jsonObject(with: Data(buffer: listed.body)) as? [[String: Any]]
            #expect(asks?.map { $0["person"] as? String } == ["record/DE-1"] && asks?.first?["note"] as? String == "Born 1990-03-21: certificate shown")
            var officerBrowser = Browser()
            _ = try await officerBrowser.signIn(client, node, officer)
            let officerPage = String(buffer: try await officerBrowser.get(client, "/rectifications").body)
            #expect(officerPage.contains("record/DE-1") && officerPage.contains("Update the record through the API"))

            let answered = try await client.execute(uri: "/api/v1/access-requests/AR-2026-0001/answer", method: .post, headers: bearer(dpo.token))
            #expect(answered.status == .ok && String(buffer: answered.body).contains("\"answered\""))
            let after = String(buffer: try await browser.get(client, "/dashboard").body)
            #expect(!after.contains("/dpo/access-requests/AR-2026-0001"))
        }
    }
}
