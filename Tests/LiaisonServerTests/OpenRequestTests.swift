import Foundation
import LiaisonCore
import LiaisonExchange
@testable import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import Testing

/// A second request about the same person to the same state is most often a duplicate: the
/// request form names the open ones, and a second is sent only once the official confirms.
@Suite("Open requests under a notification")
struct OpenRequestTests {
    @Test("a request waiting for approval or for its answer is open; answered, it is not; another contact point's requests are not listed")
    func openUntilAnswered() async throws {
        let flow = ExchangeFlowTests()
        try await flow.withExchangeNetwork { network, staff in
            let be = network.nodes["be-1"]!.exchange, de = network.nodes["de-1"]!.exchange
            let (beStaff, deStaff) = (staff["be-1"]!, staff["de-1"]!)
            let notification = try await be.createNotification(
                .init(subject: ExchangeFlowTests.omar, validUntil: Date().addingTimeInterval(30 * 86400), handlingCode: .h0), by: beStaff.ct)
            let notificationID = try notification.requireID()
            #expect(try await be.openRequests(under: notificationID, for: beStaff.imm).isEmpty)
            let id = try await be.createRequests(flow.request(to: ["DE"], notification: notificationID), by: beStaff.imm)[0].requireID()
            #expect(try await be.openRequests(under: notificationID, for: beStaff.imm).map(\.counterpartState) == ["DE"], "waiting for approval")
            _ = try await be.approve(id, by: beStaff.supervisor)
            try await flow.deliver(network, from: "be-1")
            #expect(try await be.openRequests(under: notificationID, for: beStaff.imm).map(\.id) == [id], "sent, waiting for the answer")
            #expect(try await be.openRequests(under: notificationID, for: beStaff.ct).isEmpty, "the CT authority sends no requests")
            _ = try await de.answer(id, .init(outcome: .notFound), by: deStaff.imm)
            try await flow.deliver(network, from: "de-1")
            #expect(try await be.openRequests(under: notificationID, for: beStaff.imm).isEmpty, "answered")
        }
    }
}
