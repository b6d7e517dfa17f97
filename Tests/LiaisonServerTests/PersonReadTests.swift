import FluentKit
import Foundation
import HTTPTypes
import LiaisonCore
@testable import LiaisonExchange
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import NIOCore
import Testing

/// Every read is answerable (PRODUCT.md F): each view of a person's data, list rows included,
/// names the person by an internal reference with the purpose, and the data protection
/// officer reviews them by user, person and period, with what stands out flagged.
@Suite("Every read is answerable: one row per person shown, reviewed by the data protection officer", .serialized)
struct PersonReadTests {
    typealias Actor = ExchangeService.Actor

    typealias Node = ExchangeNode

    func withNode(readsPerDay: Int = 200, _ body: (Node) async throws -> Void) async throws {
        try await ExchangeNode.with({ $0.readReview.readsPerDay = readsPerDay }, body)
    }

    func notify(_ node: Node, _ family: String, days: Double = 30) async throws -> ThreatNotificationModel {
        try await node.exchange.createNotification(
            .init(
                subject: PersonIdentity(familyNames: family, givenNames: "Omar", sex: "M", birthDate: "1990-03-14", nationalities: ["SYR"]),
                validUntil: node.clock.date.addingTimeInterval(days * 86400), handlingCode: .h0), by: node.ct)
    }

    @Test("a list writes one row per person shown and one chained audit entry; a single view writes one row")
    func eachPersonShownIsRecorded() async throws {
        try await withNode { node in
            let first = try await notify(node, "AL-HASHIMI")
            let second = try await notify(node, "KARIMI")
            _ = try await node.exchange.notifications(for: node.ct)
            let rows = try await PersonReadModel.query(on: node.db).all()
            #expect(Set(rows.map(\.person)) == [PersonReadModel.notification(first.reference), PersonReadModel.notification(second.reference)])
            #expect(Set(rows.map(\.auditSequence)).count == 1 && rows.allSatisfy { $0.actor == "de.ct" && $0.purpose == "notifications list (2)" })
            let entry = try #require(try await AuditEntryModel.find(rows[0].auditSequence, on: node.db))
            #expect(entry.action == AuditAction.personalDataRead.rawValue && entry.detail == "persons=2")
            // No name is written, only references.
            #expect(rows.allSatisfy { !$0.person.contains("HASHIMI") && !$0.purpose.contains("HASHIMI") })

            _ = try await node.exchange.notification(try first.requireID(), for: node.imm)
            let single = try await PersonReadModel.query(on: node.db).filter(\.$actor == "de.imm").all()
            #expect(single.map(\.person) == [PersonReadModel.notification(first.reference)] && single.first?.purpose == "notification view")
        }
    }

    @Test("the review filters by user, person and period, and flags reads outside working hours, many reads in a day, and persons with nothing open")
    func reviewFlagsWhatStandsOut() async throws {
        try await withNode(readsPerDay: 2) { node in
            // Monday 21 September 2026, 16:13 in Brussels: working hours.
            let open = try await notify(node, "AL-HASHIMI")
            let ended = try await notify(node, "KARIMI")
            _ = try await node.exchange.withdrawNotification(try ended.requireID(), reason: "Assessment closed", by: node.ct)
            _ = try await node.exchange.notification(try open.requireID(), for: node.imm)
            // Twelve hours later: 04:13 on Tuesday, outside working hours; three reads that day.
            node.clock.advance(12 * 3600)
            _ = try await node.exchange.notifications(for: node.imm)
            _ = try await node.exchange.notification(try ended.requireID(), for: node.imm)

            let all = try await node.exchange.reviewReads(.init(), by: node.dpo)
            #expect(all.matched == 4)
            #expect(all.heavyReaders == [ExchangeService.HeavyReader(user: "de.imm", day: "2026-09-22", reads: 3)])
            #expect(all.outsideWorkingHours == 3)
            #expect(all.noOpenExchange == 2, "the withdrawn notification was read twice")
            let daytime = try #require(all.reads.last)
            #expect(daytime.person == PersonReadModel.notification(open.reference) && !daytime.outsideWorkingHours && !daytime.manyReadsThatDay && !daytime.noOpenExchange)
            #expect(all.reads.first.map { $0.outsideWorkingHours && $0.manyReadsThatDay && $0.noOpenExchange } == true)

            let byPerson = try await node.exchange.reviewReads(.init(person: PersonReadModel.notification(ended.reference)), by: node.dpo)
            #expect(byPerson.reads.map(\.purpose) == ["notification view", "notifications list (2)"])
            let byUser = try await node.exchange.reviewReads(.init(user: "de.ct"), by: node.dpo)
            #expect(byUser.matched == 0)
            let firstDay = try await node.exchange.reviewReads(.init(until: node.clock.date.addingTimeInterval(-6 * 3600)), by: node.dpo)
            #expect(firstDay.matched == 1)
            // The review is itself in the audit trail.
            let reviews = try await AuditEntryModel.query(on: node.db).filter(\.$action == AuditAction.auditViewed.rawValue).filter(\.$actor == "de.dpo").count()
            #expect(reviews == 4)
        }
    }
}

@Suite("The review of reads through the page, the CSV download and the API")
struct PersonReadPageTests {
    @Test("the officer reads the review as a page, a CSV download and JSON; a bad day is named at its field")
    func reviewThroughPageAndAPI() async throws {
        try await withNode { node, client in
            let ct = try #require(node.accounts[.counterTerrorismOfficer])
            var headers = bearer(ct.token)
            headers[.contentType] = "application/json"
            _ = try await client.execute(
                uri: "/api/v1/notifications", method: .post, headers: headers,
                body: ByteBuffer(
                    string:
                        #"{"subject":{"familyNames":"AL-HASHIMI","givenNames":"Omar","sex":"M","birthDate":"1990-03-14","nationalities":["SYR"]},"validUntil":"2026-12-01T00:00:00Z","handlingCode":"H0"}"#
                ))
            _ = try await client.execute(uri: "/api/v1/notifications", method: .get, headers: bearer(ct.token))
            let dpo = try #require(node.accounts[.dataProtectionOfficer])
            let review = try await client.execute(uri: "/api/v1/person-reads?user=u.ct-officer", method: .get, headers: bearer(dpo.token))
            #expect(review.status == .ok)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: review.body)) as? [String: Any])
            let reads = try #require(object["reads"] as? [[String: Any]])
            #expect(reads.count == 1 && (reads[0]["person"] as? String)?.hasPrefix("notification/") == true)
            let bad = try await client.execute(uri: "/api/v1/person-reads?from=2026-02-30", method: .get, headers: bearer(dpo.token))
            #expect(bad.status == .unprocessableContent)

            var browser = Browser()
            _ = try await browser.signIn(client, node, dpo)
            let page = String(buffer: try await browser.get(client, "/dpo/reads?user=u.ct-officer").body)
            #expect(page.contains("id=\"reads-matched\">1<") && page.contains("notifications list (1)"))
            let csv = try await browser.get(client, "/dpo/reads.csv?user=u.ct-officer")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = String(buffer: csv.body).split(separator: "\r\n")
            #expect(lines.count == 2 && lines[1].contains("\"u.ct-officer\"") && lines[1].contains("\"notification/"))
            let refused = try await browser.get(client, "/dpo/reads?from=yesterday")
            #expect(refused.status == .unprocessableContent && String(buffer: refused.body).contains("field-error"))
        }
    }
}
