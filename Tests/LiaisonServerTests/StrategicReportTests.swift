import Foundation
import HTTPTypes
import HummingbirdTesting
import LiaisonAPI
import LiaisonCore
@testable import LiaisonILO
@testable import LiaisonNode
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import NIOCore
import Testing

@Suite("Strategic reports: published only without personal data, then to every node")
struct StrategicReportTests {
    func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: response.body))
    }

    static func body(_ risk: String) -> ByteBuffer {
        let report: [String: Any] = [
            "title": "Central Mediterranean, third quarter", "period": "2026-Q3", "region": "north-africa",
            "flowsAndRoutes": "Departures from Zuwara rose by 12 % compared with 2025-Q2; crossings to Lampedusa cost EUR 3 000.",
            "riskAnalysis": risk,
        ]
        return ByteBuffer(data: try! JSONSerialization.data(withJSONObject: report))
    }

    @Test("Art. 3(4): a report holding a name and a passport number is not published; the findings name the text and the kind; once rewritten it is published")
    func personalDataBlocksPublication() async throws {
        try await withNode { node, client in
            let officer = node.accounts[.liaisonOfficer]!
            let draft = try await client.execute(
                uri: "/api/v1/reports", method: .post, headers: bearer(officer.token),
                body: Self.body("The boats are organised by Abdel Karim Haddad, passport N4829301; the risk is high."))
            #expect(draft.status == .created)
            let id = try decode(API.ReportEntry.self, draft).report.id
            let blocked = try await client.execute(uri: "/api/v1/reports/\(id)/publish", method: .post, headers: bearer(officer.token))
            #expect(blocked.status == .unprocessableContent)
            #expect(problemCode(blocked) == "report.personalData")
            let problem = try JSONSerialization.jsonObject(with: Data(buffer: blocked.body)) as? [String: Any]
            let fields = try #require(problem?["errors"] as? [String: String] ?? problem?["fields"] as? [String: String])
            #expect(fields.keys.sorted() == ["riskAnalysis"])
            #expect(fields["riskAnalysis"]?.contains("name of a person") == true && fields["riskAnalysis"]?.contains("passport") == true)
            let entry = try decode(API.ReportEntry.self, try await client.execute(uri: "/api/v1/reports/\(id)", method: .get, headers: bearer(officer.token)))
            #expect(!entry.published)
            // The trail says what kinds were found, never the text found.
            let audited = try await node.services.audit.entries(.init(action: AuditAction.reportBlocked.rawValue), on: node.services.db)
            #expect(audited.count == 1 && audited[0].detail == "documentNumber,name")

            let rewritten = try await client.execute(
                uri: "/api/v1/reports/\(id)", method: .put, headers: bearer(officer.token),
                body: Self.body("One network organises most departures; fraudulent Libyan passports are common; the risk is high."))
            #expect(rewritten.status == .ok)
            let published = try await client.execute(uri: "/api/v1/reports/\(id)/publish", method: .post, headers: bearer(officer.token))
            #expect(published.status == .ok)
            #expect(try decode(API.ReportEntry.self, published).published)
            let again = try await client.execute(uri: "/api/v1/reports/\(id)", method: .put, headers: bearer(officer.token), body: Self.body("Changed."))
            #expect(again.status == .conflict && problemCode(again) == "report.notDraft")
        }
    }

    @Test("a published report reaches every node; a node that skipped the check is refused by the receiver, which keeps nothing")
    func publishedToEveryNode() async throws {
        try await FederationDeliveryTests().withNetwork { network in
            let be = network.nodes["be-1"]!, de = network.nodes["de-1"]!
            let actor = ILONetworkService.Actor(username: "be.ilo", requestID: nil)
            let draft = try await be.network.saveDraft(
                StrategicReport(title: "Sahel routes", period: "2026-Q3", region: .sahel, flowsAndRoutes: "Arrivals in Agadez fell by a third."), by: actor)
            _ = try await be.network.publish(draft.report.id, by: actor)
            let leaking = StrategicReport(title: "Leak", period: "2026-Q3", riskAnalysis: "Contact Karim Haddad on +218 91 234 5678.")
            let forged = try JSONEncoder().encode(ReportPublication(node: "be-1", publishedAt: Date(), report: leaking))
            let row = try await be.federation!.enqueue(to: "de-1", toAuthority: "de-1", fromAuthority: "be-1", kind: ReportPublication.kind, body: forged, on: be.db)
            let client = try network.client(for: "be-1")
            #expect(await network.worker("be-1").deliverDue(client: client) == 3)
            try await client.shutdown()
            let copy = try await de.network.report(draft.report.id)
            #expect(copy.published && !copy.own && copy.originNode == "be-1")
            #expect(try await StrategicReportModel.find(leaking.id, on: de.db) == nil)
            let refused = try #require(try await OutboxMessageModel.find(try row.requireID(), on: be.db))
            #expect(refused.state == .failed && refused.lastError == "federation.malformed")
        }
    }
}
