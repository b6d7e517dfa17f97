import FluentKit
import Foundation
import LiaisonCore
@testable import LiaisonExchange
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import Testing

/// Erasures travel (PRODUCT.md F): when the origin erases an exchange, every node that
/// received it erases its copy and receipts the notice; the origin sees the receipts.
@Suite("Erasure at the origin reaches every recipient, across three nodes over mutual TLS", .serialized)
struct ErasureFlowTests {
    @Test("BE erases its request to DE and FR at the end of the retention period; both copies go, both notices are receipted")
    func erasureTravels() async throws {
        let flow = ExchangeFlowTests()
        let clock = TestClock(Date())
        try await flow.withExchangeNetwork(clock) { network, staff in
            let be = network.nodes["be-1"]!.exchange, de = network.nodes["de-1"]!.exchange
            let beStaff = staff["be-1"]!
            let notification = try await be.createNotification(
                .init(subject: ExchangeFlowTests.omar, validUntil: clock.date.addingTimeInterval(30 * 86400), handlingCode: .h0), by: beStaff.ct)
            let opened = try await be.createRequests(flow.request(to: ["DE", "FR"], notification: try notification.requireID()), by: beStaff.imm)
            #expect(opened.count == 2)
            for row in opened { _ = try await be.approve(try row.requireID(), by: beStaff.supervisor) }
            try await flow.deliver(network, from: "be-1")
            let deCopy = try #require(try await ExchangeModel.find(opened.first { $0.counterpartState == "DE" }?.id, on: network.nodes["de-1"]!.db))
            _ = try await de.answer(try deCopy.requireID(), .init(outcome: .notFound), by: staff["de-1"]!.imm)
            try await flow.deliver(network, from: "de-1")

            // Twenty-five months on, BE's retention job erases its side and tells DE and FR.
            clock.advance(25 * 31 * 86400)
            let erased = try await be.eraseDue()
            #expect(erased.exchanges == 2)
            try await flow.deliver(network, from: "be-1")

            for (node, state) in [("de-1", "DE"), ("fr-1", "FR")] {
                let id = try #require(opened.first { $0.counterpartState == state }?.id)
                let copy = try #require(try await ExchangeModel.find(id, on: network.nodes[node]!.db))
                #expect(copy.erasedAt != nil && copy.body == Data("{}".utf8) && copy.answer == nil, "\(node)")
                let proof = try #require(
                    try await AuditEntryModel.query(on: network.nodes[node]!.db).filter(\.$action == AuditAction.dataErased.rawValue).first())
                #expect(proof.targetID == id.uuidString.lowercased() && proof.detail?.contains("retention at node:be-1") == true)
                // At BE, the notice to that node is delivered with its receipt.
                let origin = try #require(try await ExchangeModel.find(id, on: network.nodes["be-1"]!.db))
                let notice = try #require(try await OutboxMessageModel.find(origin.erasureOutboxID, on: network.nodes["be-1"]!.db))
                #expect(notice.kind == ErasureNotice.kind && notice.state == .delivered && notice.receipt != nil, "\(node)")
            }
            // A node that is not the other side of an exchange cannot have it erased.
            let frNode = network.nodes["fr-1"]!
            let deOnly = try #require(opened.first { $0.counterpartState == "DE" }?.id)
            let manifest = await frNode.federation!.manifest.current
            func immigration(_ node: String) throws -> String {
                try #require(manifest.node(node)?.authorities.first { $0.kind == .immigrationAsylum }?.id)
            }
            let stranger = try await frNode.federation!.enqueue(
                to: "de-1", toAuthority: try immigration("de-1"), fromAuthority: try immigration("fr-1"), kind: ErasureNotice.kind,
                body: try ExchangeService.encode(ErasureNotice(exchangeID: deOnly, erasedOn: "2028-01-01", ground: .erasure)), on: frNode.db)
            try await flow.deliver(network, from: "fr-1")
            let refused = try #require(try await OutboxMessageModel.find(stranger.id, on: frNode.db))
            #expect(refused.state != .delivered)
        }
    }
}
