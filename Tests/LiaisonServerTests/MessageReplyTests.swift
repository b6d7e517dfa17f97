import Foundation
import LiaisonCore
import LiaisonExchange
@testable import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import Testing

/// Contact-point messages have replies: a reply goes back to the contact point that wrote,
/// and joins the message's history at both nodes.
@Suite("Replies to contact-point messages")
struct MessageReplyTests {
    @Test("DE's CT officer replies to BE's message: the reply names the message at BE, both histories say so and link it, and a reply to another state is refused")
    func replyJoinsTheHistoryAtBothNodes() async throws {
        let flow = ExchangeFlowTests()
        try await flow.withExchangeNetwork { network, staff in
            let be = network.nodes["be-1"]!.exchange, de = network.nodes["de-1"]!.exchange
            let (beStaff, deStaff) = (staff["be-1"]!, staff["de-1"]!)
            let message = try await be.sendContactMessage(to: "DE", title: "Meeting", text: "Call at 10:00 CET?", handlingCode: .h0, marking: .unclassified, by: beStaff.ct)
            let id = try message.requireID()
            try await flow.deliver(network, from: "be-1")

            #expect(
                await flow.code {
                    _ = try await de.sendContactMessage(to: "FR", title: "Re: Meeting", text: "Yes.", handlingCode: .h0, marking: .unclassified, inReplyTo: id, by: deStaff.ct)
                } == "input.invalid")
            let reply = try await de.sendContactMessage(
                to: "BE", title: "Re: Meeting", text: "Yes, 10:00 suits us.", handlingCode: .h0, marking: .unclassified, inReplyTo: id, by: deStaff.ct)
            let replyID = try reply.requireID()
            #expect(try await de.exchange(id, for: deStaff.ct).events.contains { $0.event == "reply-sent" && $0.body == Data(replyID.uuidString.utf8) })
            try await flow.deliver(network, from: "de-1")

            let original = try await be.exchange(id, for: beStaff.ct)
            let received = try #require(original.events.first { $0.event == "reply-received" })
            #expect(received.body == Data(replyID.uuidString.utf8))
            let arrived = try await be.exchange(replyID, for: beStaff.ct)
            guard case .contactMessage(let body)? = arrived.message else {
                Issue.record("the reply is not a message")
                return
            }
            #expect(body.inReplyTo == id && body.title == "Re: Meeting")
            #expect(try await be.unread(for: beStaff.ct).map(\.id) == [replyID], "the reply is new for BE's officer")

            let strings = try await GoldenPageTests.strings()
            let page = try ExchangeDetailView(original, reader: GoldenPageTests.principal(.counterTerrorismOfficer), readerAuthority: beStaff.ct.authorityID, strings: strings, now: Date())
            #expect(page.events.contains { $0.link == "/exchanges/\(replyID.uuidString)" && $0.event == strings("exchange.event.reply-received") })
            let replyPage = try ExchangeDetailView(arrived, reader: GoldenPageTests.principal(.counterTerrorismOfficer), readerAuthority: beStaff.ct.authorityID, strings: strings, now: Date())
            #expect(replyPage.contactMessage?.inReplyTo == "/exchanges/\(id.uuidString)")
        }
    }
}
