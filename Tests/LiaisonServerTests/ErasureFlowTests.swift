import FluentKit
import Foundation
import LiaisonCore
@testable import LiaisonExchange
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import Testing

/// Erasures and corrections travel (PRODUCT.md F): when the origin erases or corrects an
/// exchange, every node that received it applies it and receipts the notice; the origin sees
/// the receipts.
@Suite("Erasure and rectification at the origin reach every recipient, across three nodes over mutual TLS", .serialized)
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

    @Test(
        "BE corrects its request to DE and FR: both copies take the corrected identity; DE's access request finds it under another script and a swapped date of birth; BE's officer erases on request and both copies go"
    )
    func rectificationAndErasureOnRequestTravel() async throws {
        let flow = ExchangeFlowTests()
        let clock = TestClock(Date())
        try await flow.withExchangeNetwork(clock) { network, staff in
            let be = network.nodes["be-1"]!.exchange, beDB = network.nodes["be-1"]!.db
            let beStaff = staff["be-1"]!
            let notification = try await be.createNotification(
                .init(subject: ExchangeFlowTests.omar, validUntil: clock.date.addingTimeInterval(30 * 86400), handlingCode: .h0), by: beStaff.ct)
            let opened = try await be.createRequests(flow.request(to: ["DE", "FR"], notification: try notification.requireID()), by: beStaff.imm)
            for row in opened { _ = try await be.approve(try row.requireID(), by: beStaff.supervisor) }
            try await flow.deliver(network, from: "be-1")

            // The person shows BE's data protection officer that the date of birth is wrong; the officer asks for a correction.
            let beDPO = ExchangeService.Actor(userID: UUID(), username: "be.dpo", authority: beStaff.imm.authority, requestID: nil)
            let first = try opened[0].requireID()
            let asking = try await be.openAccessRequest(identity: ExchangeFlowTests.omar, receivedOn: DisplayDay.string(clock.date), by: beDPO)
            _ = try await be.confirmAccessFindings(asking.reference, persons: [PersonReadModel.exchange(first)], by: beDPO)
            _ = try await be.askRectification(asking.reference, person: PersonReadModel.exchange(first), note: "Born on the 12th", by: beDPO)
            #expect(try await be.rectificationsAsked(for: beStaff.imm).count == 1)

            // BE corrects it once, and the correction goes to both states.
            var corrected = ExchangeFlowTests.omar
            corrected.birthDate = "1990-03-12"
            _ = try await be.followUp(first, .correction, reason: "Date of birth corrected from the civil registry", subject: corrected, by: beStaff.imm)
            for row in opened { _ = try await be.approve(try row.requireID(), by: beStaff.supervisor) }
            try await flow.deliver(network, from: "be-1")
            #expect(try await be.rectificationsAsked(for: beStaff.imm).isEmpty, "the correction sent closes the ask")
            for row in opened {
                let id = try row.requireID()
                let origin = try #require(try await ExchangeModel.find(id, on: beDB))
                #expect(try ExchangeService.decode(RequestBody.self, origin.body).subject.birthDate == "1990-03-12")
                let node = row.counterpartState == "DE" ? "de-1" : "fr-1"
                let copy = try #require(try await ExchangeModel.find(id, on: network.nodes[node]!.db))
                #expect(try ExchangeService.decode(RequestBody.self, copy.body).subject.birthDate == "1990-03-12", "\(node)")
                // BE sees, on the exchange, that state's receipt of the correction.
                let deliveries = try await be.exchange(id, for: beStaff.imm).deliveries
                let correction = try #require(deliveries.first { $0.kind == ExchangeKind.followUp.rawValue }, "\(node)")
                #expect(correction.toNode == node && correction.state == .delivered && correction.receipt != nil, "\(node)")
            }

            // At DE, the person asks what DE holds: written in Cyrillic, day and month swapped.
            let deStaff = staff["de-1"]!
            let deDPO = ExchangeService.Actor(userID: UUID(), username: "de.dpo", authority: deStaff.imm.authority, requestID: nil)
            let de = network.nodes["de-1"]!.exchange
            let request = try await de.openAccessRequest(
                identity: PersonIdentity(familyNames: "Аль-Хашими", givenNames: "Омар", birthDate: "1990-12-03"), receivedOn: DisplayDay.string(clock.date),
                by: deDPO)
            let deCopy = try #require(opened.first { $0.counterpartState == "DE" }?.id)
            let found = try await de.accessRequest(request.reference, by: deDPO).findings
            #expect(found.map(\.person).contains(PersonReadModel.exchange(deCopy)))
            #expect(found.first { $0.person == PersonReadModel.exchange(deCopy) }?.recipients == ["BE"])

            // BE's data protection officer erases on the person's request: both copies go, with receipts.
            await #expect(throws: PolicyError.self) { try await be.eraseExchange(first, reason: " ", by: beDPO) }
            for row in opened { try await be.eraseExchange(try row.requireID(), reason: "Erasure requested, AR-2026-0007", by: beDPO) }
            await #expect(throws: ServiceError.self) { try await be.eraseExchange(first, reason: "Again", by: beDPO) }
            try await flow.deliver(network, from: "be-1")
            for row in opened {
                let id = try row.requireID()
                let node = row.counterpartState == "DE" ? "de-1" : "fr-1"
                let copy = try #require(try await ExchangeModel.find(id, on: network.nodes[node]!.db))
                #expect(copy.erasedAt != nil && copy.body == Data("{}".utf8), "\(node)")
                let events = try await ExchangeEventModel.query(on: network.nodes[node]!.db).filter(\.$exchangeID == id).all()
                #expect(events.allSatisfy { $0.body == nil }, "\(node): the correction's body goes too")
                let origin = try #require(try await ExchangeModel.find(id, on: beDB))
                let notice = try #require(try await OutboxMessageModel.find(origin.erasureOutboxID, on: beDB))
                #expect(notice.state == .delivered && notice.receipt != nil, "\(node)")
                let proof = try #require(
                    try await AuditEntryModel.query(on: beDB).filter(\.$action == AuditAction.dataErased.rawValue).filter(\.$targetID == id.uuidString.lowercased())
                        .first())
                #expect(proof.actor == "be.dpo" && proof.reason == "Erasure requested, AR-2026-0007" && proof.detail?.contains("1990") == false)
            }
            // Erased at DE, the exchange is no longer found for the person.
            let after = try await de.accessRequest(request.reference, by: deDPO).findings
            #expect(!after.map(\.person).contains(PersonReadModel.exchange(deCopy)))
        }
    }
}
