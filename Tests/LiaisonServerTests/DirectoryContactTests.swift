import FluentKit
import Foundation
import HTTPTypes
import HummingbirdTesting
import LiaisonAPI
import LiaisonCore
@testable import LiaisonNode
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import NIOCore
import Testing

@Suite("Directory of contact points: edited at the owning node, confirmed on a cycle, the classified overview for cleared users only")
struct DirectoryContactTests {
    func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: response.body))
    }

    static func json(_ object: [String: Any]) -> ByteBuffer { ByteBuffer(data: try! JSONSerialization.data(withJSONObject: object)) }

    static var contact: [String: Any] {
        [
            "unit": "Contact point for CT cooperation", "mailbox": "ct-cooperation@be.example", "phone": "+32 2 000 00 00",
            "hours": "Mon–Fri 08:00–18:00 CET", "languages": ["nl", "fr", "en"], "central": true, "arrangements": "=HYPERLINK(\"x\") via the national desk",
        ]
    }

    @Test("an administrator sets a contact point; a bad one names every field; saving confirms it for the node's cycle")
    func contactPointConfirmed() async throws {
        try await withNode { node, client in
            let admin = node.accounts[.nodeAdministrator]!
            let authority = try #require(try await node.services.administration.authorities().first?.id)
            let refused = try await client.execute(
                uri: "/api/v1/authorities/\(authority.uuidString)/contact", method: .put, headers: bearer(admin.token),
                body: Self.json(["unit": "", "mailbox": "not a mailbox", "languages": ["xx"], "central": false]))
            #expect(refused.status == .unprocessableContent)
            let body = String(buffer: refused.body)
            #expect(body.contains("unit") && body.contains("mailbox") && body.contains("languages"))

            let saved = try await client.execute(
                uri: "/api/v1/authorities/\(authority.uuidString)/contact", method: .put, headers: bearer(admin.token), body: Self.json(Self.contact))
            #expect(saved.status == .ok)
            let entry = try decode(API.DirectoryEntry.self, saved)
            #expect(!entry.stale && entry.contact?.languages == ["nl", "fr", "en"])
            let months = try #require(Calendar(identifier: .gregorian).dateComponents([.month], from: entry.confirmedAt!, to: entry.reconfirmBy!).month)
            #expect(months == 6, "the default cycle is six months")
            #expect(try await node.services.administration.entriesToReconfirm().allSatisfy { $0.id != authority }, "no reminder once confirmed")

            // The directory everyone reads carries the contact point, never the national arrangements.
            let directory = try decode(
                [API.DirectoryNode].self, try await client.execute(uri: "/api/v1/directory", method: .get, headers: bearer(node.accounts[.counterTerrorismOfficer]!.token)))
            let listed = try #require(directory.first { $0.own }?.authorities.first { $0.id == authority.uuidString })
            #expect(listed.contact?.mailbox == "ct-cooperation@be.example" && listed.contact?.arrangements == nil)
        }
    }

    @Test("the overview is refused to a user who is not cleared; the administrator's clearance is audited; every read is audited; exports carry the marking")
    func overviewForClearedUsersOnly() async throws {
        try await withNode { node, client in
            let admin = node.accounts[.nodeAdministrator]!, reader = node.accounts[.rapporteur]!
            let authority = try #require(try await node.services.administration.authorities().first?.id)
            _ = try await client.execute(
                uri: "/api/v1/authorities/\(authority.uuidString)/contact", method: .put, headers: bearer(admin.token), body: Self.json(Self.contact))

            let refused = try await client.execute(uri: "/api/v1/directory/overview", method: .get, headers: bearer(reader.token))
            #expect(refused.status == .forbidden && problemCode(refused) == "directory.notCleared")

            let own = try await client.execute(
                uri: "/api/v1/users/\(admin.userID.uuidString)/clearance", method: .put, headers: bearer(admin.token), body: Self.json(["cleared": true]))
            #expect(own.status == .conflict && problemCode(own) == "clearance.own", "an administrator never clears themselves")
            let granted = try await client.execute(
                uri: "/api/v1/users/\(reader.userID.uuidString)/clearance", method: .put, headers: bearer(admin.token), body: Self.json(["cleared": true]))
            #expect(try decode(API.Clearance.self, granted).cleared)
            let changes = try await node.services.audit.entries(.init(action: AuditAction.userClearanceChanged.rawValue), on: node.services.db)
            #expect(changes.first?.targetID == reader.userID.uuidString && changes.first?.detail == "granted LIMITE")

            let overview = try decode(API.DirectoryOverview.self, try await client.execute(uri: "/api/v1/directory/overview", method: .get, headers: bearer(reader.token)))
            #expect(overview.marking == "LIMITE")
            #expect(overview.states.first?.authorities.contains { $0.contact?.arrangements?.contains("national desk") == true } == true)

            let csv = String(buffer: try await client.execute(uri: "/directory/overview.csv", method: .get, headers: bearer(reader.token)).body)
            let lines = csv.split(separator: "\r\n")
            #expect(lines.first == "\"LIMITE\"" && lines.last == "\"LIMITE\"", "the marking opens and closes the export")
            #expect(csv.contains("\"'=HYPERLINK"), "a cell a spreadsheet would run is defused")
            let page = String(buffer: try await client.execute(uri: "/directory/overview", method: .get, headers: bearer(reader.token)).body)
            #expect(page.contains("id=\"marking-top\"") && page.contains("id=\"marking-bottom\""))
            let reads = try await node.services.audit.entries(.init(action: AuditAction.overviewRead.rawValue), on: node.services.db)
            #expect(reads.count == 3 && reads.allSatisfy { $0.actor == reader.username })

            _ = try await client.execute(
                uri: "/api/v1/users/\(reader.userID.uuidString)/clearance", method: .put, headers: bearer(admin.token), body: Self.json(["cleared": false]))
            #expect(try await client.execute(uri: "/directory/overview.json", method: .get, headers: bearer(reader.token)).status == .forbidden)
        }
    }

    @Test("an entry not confirmed in time is flagged stale at every node, and its owner is reminded")
    func staleEverywhere() async throws {
        try await FederationDeliveryTests().withNetwork { network in
            let be = network.nodes["be-1"]!, de = network.nodes["de-1"]!
            let authority = AuthorityModel(name: "BE immigration", kind: .immigrationAsylum, stateCode: "BE")
            try await authority.create(on: be.db)
            let id = try authority.requireID()
            _ = try await be.administration.setContact(
                id, to: ContactDetails(unit: "Desk", mailbox: "desk@be.example", languages: ["fr"], central: true), actor: "be.admin", requestID: nil)
            #expect(try await be.administration.entriesToReconfirm().allSatisfy { $0.id != id })
            // Seven months pass without a confirmation.
            authority.reconfirmBy = Date().addingTimeInterval(-30 * 86400)
            try await authority.save(on: be.db)
            try await be.federation!.publishDirectory(on: be.db)
            #expect(try await be.administration.entriesToReconfirm().contains { $0.id == id }, "the owner is reminded")
            try await BoardTests.deliver(network, from: "be-1")

            let copy = try #require(try await DirectoryCopyModel.query(on: de.db).filter(\.$nodeID == "be-1").first())
            let entries = try JSONDecoder().decode([DirectoryPublication.Entry].self, from: copy.entries)
            let entry = try #require(entries.first { $0.id == id.uuidString })
            #expect(entry.contact?.mailbox == "desk@be.example" && entry.reconfirmBy! < Date(), "DE holds the entry and sees it stale")

            _ = try await be.administration.reconfirm(id, actor: "be.admin", requestID: nil)
            #expect(try await be.administration.entriesToReconfirm().allSatisfy { $0.id != id })
        }
    }
}
