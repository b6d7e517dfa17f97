import Foundation
import HTTPTypes
import HummingbirdTesting
import LiaisonCore
import LiaisonExchange
@testable import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import Testing

/// Something that arrives is unread for each official who follows it until they open it:
/// the inbox, the sent list and the dashboard say so, and the live counts carry it.
@Suite("Arrivals are unread per user until opened")
struct ArrivalTests {
    @Test("a request is new at DE until its officer opens it; the answer is new at BE for the officer and for CT, each until they open it; a correction makes it new again")
    func unreadPerUserUntilOpened() async throws {
        let flow = ExchangeFlowTests()
        let clock = TestClock(Date())
        try await flow.withExchangeNetwork(clock) { network, staff in
            let be = network.nodes["be-1"]!.exchange, de = network.nodes["de-1"]!.exchange
            let (beStaff, deStaff) = (staff["be-1"]!, staff["de-1"]!)
            let notification = try await be.createNotification(
                .init(subject: ExchangeFlowTests.omar, validUntil: clock.date.addingTimeInterval(30 * 86400), handlingCode: .h0), by: beStaff.ct)
            let id = try await be.createRequests(flow.request(to: ["DE"], notification: try notification.requireID()), by: beStaff.imm)[0].requireID()
            _ = try await be.approve(id, by: beStaff.supervisor)
            #expect(try await be.unread(for: beStaff.imm).isEmpty, "what one sends oneself is not new")
            try await flow.deliver(network, from: "be-1")

            let arrived = try await de.unread(for: deStaff.imm)
            #expect(arrived.map(\.id) == [id] && arrived.first?.arrival == "request" && arrived.first?.direction == .incoming)
            #expect(try await de.unread(for: deStaff.ct).isEmpty, "DE's CT authority does not follow DE immigration's inbox")
            try await de.markSeen(id, by: deStaff.imm)
            #expect(try await de.unread(for: deStaff.imm).isEmpty)
            #expect(try await de.unread(for: deStaff.supervisor).map(\.id) == [id], "unread is per user: the supervisor has not opened it")

            clock.advance(60)
            _ = try await de.answer(id, .init(outcome: .notFound), by: deStaff.imm)
            try await flow.deliver(network, from: "de-1")
            #expect(try await be.unread(for: beStaff.imm).map(\.arrival) == ["answer"])
            #expect(try await be.unread(for: beStaff.ct).map(\.id) == [id], "CT follows the exchanges under its notifications")
            let answered = try #require(try await ExchangeModel.find(id, on: network.nodes["be-1"]!.db))
            #expect(try await be.unreadIDs(among: [answered], for: beStaff.ct) == [id])
            try await be.markSeen(id, by: beStaff.ct)
            #expect(try await be.unread(for: beStaff.ct).isEmpty)
            #expect(try await be.unread(for: beStaff.imm).count == 1, "the officer has still not opened it")

            clock.advance(60)
            _ = try await de.followUp(id, .correction, reason: "Decision of 2026-11-20", by: deStaff.imm)
            _ = try await de.approve(id, by: deStaff.supervisor)
            try await flow.deliver(network, from: "de-1")
            #expect(try await be.unread(for: beStaff.ct).map(\.arrival) == ["correction"], "what arrives after opening is new again")
        }
    }

    @Test("the live counts: each role gets the counts of what it may see, once as JSON, by the navigation link they belong to")
    func liveCountsByRole() async throws {
        try await withNode { node, client in
            struct Counts: Decodable {
                let counts: [String: Int]
                let unread: Int
            }
            func counts(_ role: Role) async throws -> Counts {
                let token = node.accounts[role]!.token
                let response = try await client.execute(
                    uri: "/live", method: .get, headers: bearer(token).merging([.accept: "application/json"]))
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "no-store")
                return try JSONDecoder().decode(Counts.self, from: Data(buffer: response.body))
            }
            let officer = try await counts(.immigrationOfficer)
            #expect(Set(officer.counts.keys) == ["/inbox", "/exchanges"] && officer.unread == 0)
            #expect(Set(try await counts(.counterTerrorismOfficer).counts.keys).isSuperset(of: ["/alerts", "/exchanges"]))
            #expect(try await counts(.supervisor).counts.keys.contains("/approvals"))
            #expect(try await counts(.auditor).counts.isEmpty, "the auditor follows no exchange")
        }
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var fields = self
        for field in other { fields[field.name] = field.value }
        return fields
    }
}
