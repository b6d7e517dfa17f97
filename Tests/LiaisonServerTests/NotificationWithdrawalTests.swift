import Foundation
import LiaisonCore
import LiaisonExchange
@testable import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import Testing

/// R3 CT first, after the fact: when the counter-terrorism authority withdraws a notification,
/// nothing sent under it goes on standing on it, here or at the states that received it.
@Suite("R3: a withdrawn notification withdraws what stands on it")
struct NotificationWithdrawalTests {
    @Test(
        "R3 withdrawal cascade: the request answered by DE and the one sent to FR are withdrawn there at once in the network's words, the one awaiting approval stops here, and each state reads why in its language"
    )
    func withdrawalCascades() async throws {
        let flow = ExchangeFlowTests()
        try await flow.withExchangeNetwork { network, staff in
            let be = network.nodes["be-1"]!.exchange, de = network.nodes["de-1"]!.exchange, fr = network.nodes["fr-1"]!.exchange
            let (beStaff, deStaff, frStaff) = (staff["be-1"]!, staff["de-1"]!, staff["fr-1"]!)
            let notification = try await be.createNotification(
                .init(subject: ExchangeFlowTests.omar, validUntil: Date().addingTimeInterval(30 * 86400), handlingCode: .h0), by: beStaff.ct)
            let notificationID = try notification.requireID()
            let sent = try await be.createRequests(flow.request(to: ["DE", "FR"], notification: notificationID), by: beStaff.imm)
            for exchange in sent { _ = try await be.approve(try exchange.requireID(), by: beStaff.supervisor) }
            try await flow.deliver(network, from: "be-1")
            let toDE = try #require(sent.first { $0.counterpartState == "DE" }).requireID()
            let toFR = try #require(sent.first { $0.counterpartState == "FR" }).requireID()
            _ = try await de.answer(toDE, .init(outcome: .notFound), by: deStaff.imm)
            try await flow.deliver(network, from: "de-1")
            let draft = try await be.createRequests(flow.request(to: ["DE"], notification: notificationID), by: beStaff.imm)[0].requireID()

            let standing = try await be.exchangesStanding(on: notificationID, for: beStaff.ct)
            #expect(Set(standing.compactMap(\.id)) == [toDE, toFR, draft], "answered, sent and awaiting approval all stand on it")

            _ = try await be.withdrawNotification(notificationID, reason: "Threat assessment closed", by: beStaff.ct)
            #expect(try await be.awaitingApproval(for: beStaff.supervisor).isEmpty, "the node's own withdrawal waits for no supervisor, and the draft left nothing to approve")
            for id in [toDE, toFR, draft] {
                #expect(try await ExchangeModel.find(id, on: network.nodes["be-1"]!.db)?.state == .withdrawn)
            }
            #expect(try await be.exchangesStanding(on: notificationID, for: beStaff.ct).isEmpty)
            try await flow.deliver(network, from: "be-1")

            for (node, person, id) in [(de, deStaff.imm, toDE), (fr, frStaff.imm, toFR)] {
                let view = try await node.exchange(id, for: person)
                #expect(view.exchange.state == .withdrawn)
                #expect(view.exchange.arrival == "withdrawal")
                let event = try #require(view.events.last { $0.event == "withdrawal" })
                guard case .followUp(let body)? = try? ExchangeMessage.decode(kind: .followUp, body: event.body ?? Data()) else {
                    Issue.record("no withdrawal body")
                    continue
                }
                #expect(body.isNotificationWithdrawal)
                #expect(!body.reason.contains("Threat assessment"), "the CT authority's own reason stays at its node")
            }
            #expect(try await ExchangeModel.find(draft, on: network.nodes["de-1"]!.db) == nil, "the draft never left")

            let strings = try await GoldenPageTests.renderer().catalogue.strings(.german)
            let received = try await de.exchange(toDE, for: deStaff.imm)
            let page = try ExchangeDetailView(received, reader: GoldenPageTests.principal(.immigrationOfficer), readerAuthority: deStaff.imm.authorityID, strings: strings, now: Date())
            #expect(page.events.last?.followUpReason == "Die Terrorismus-Meldung, auf der dieser Austausch beruhte, wurde zurückgezogen.")
            #expect(!page.canAnswer && !page.canFollowUp)
        }
    }

    @Test("R8: the network's sentence spares the supervisor's reading only for a withdrawal without data; an official's words are always read")
    func theNetworkSentenceIsNoLoophole() {
        let id = UUID()
        let plain = FollowUpBody(exchangeID: id, followUp: .withdrawal, reason: FollowUpBody.notificationWithdrawnReason, handlingCode: .h0, marking: .unclassified)
        #expect(!ExchangeMessage.followUp(plain).needsReview)
        var update = plain
        update.followUp = .update
        #expect(ExchangeMessage.followUp(update).needsReview, "only a withdrawal uses the network's sentence")
        let typed = FollowUpBody(exchangeID: id, followUp: .withdrawal, reason: "Sent in error", handlingCode: .h0, marking: .unclassified)
        #expect(ExchangeMessage.followUp(typed).needsReview)
    }
}
