import Foundation
import LiaisonCore
import LiaisonExchange
@testable import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import Testing

/// The requesting official sees when the answer is due and how long is left, as the
/// receiving official does; the time left reads in words in every language.
@Suite("Deadlines at both ends, with the time left")
struct DeadlineTests {
    @Test("the time left reads in words: days and hours, hours and minutes, minutes, and how long past, in English, French and German")
    func countdownInWords() async throws {
        let renderer = try await GoldenPageTests.renderer()
        let (en, fr, de) = (renderer.catalogue.strings(.english), renderer.catalogue.strings(.french), renderer.catalogue.strings(.german))
        let now = GoldenPageTests.now
        #expect(DisplayFormat.countdown(to: now.addingTimeInterval(2 * 86400 + 3 * 3600), now: now, strings: en) == "due in 2 d 3 h")
        #expect(DisplayFormat.countdown(to: now.addingTimeInterval(5 * 3600 + 12 * 60), now: now, strings: en) == "due in 5 h 12 min")
        #expect(DisplayFormat.countdown(to: now.addingTimeInterval(-40 * 60), now: now, strings: en) == "40 min overdue")
        #expect(DisplayFormat.countdown(to: now.addingTimeInterval(30), now: now, strings: en) == "due in 1 min", "a part of a minute left is a minute left")
        #expect(DisplayFormat.countdown(to: now.addingTimeInterval(5 * 3600 + 12 * 60), now: now, strings: fr) == "échéance dans 5 h 12 min")
        #expect(DisplayFormat.countdown(to: now.addingTimeInterval(-3 * 86400), now: now, strings: de) == "seit 3 Tg. 0 Std. überfällig")
    }

    @Test("the requester sees an urgent request's deadline from sending, the time left on its list and dashboard, overdue after 8 hours, and nothing once answered")
    func requesterSeesTheDeadline() async throws {
        let flow = ExchangeFlowTests()
        // Whole seconds: the store keeps times to a fraction of a second, and the time left
        // is counted in started minutes.
        let clock = TestClock(Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)))
        try await flow.withExchangeNetwork(clock) { network, staff in
            let be = network.nodes["be-1"]!.exchange, de = network.nodes["de-1"]!.exchange
            let (beStaff, deStaff) = (staff["be-1"]!, staff["de-1"]!)
            let strings = try await GoldenPageTests.strings()
            let notification = try await be.createNotification(
                .init(subject: ExchangeFlowTests.omar, validUntil: clock.date.addingTimeInterval(30 * 86400), handlingCode: .h0), by: beStaff.ct)
            let opened = try await be.createRequests(flow.request(to: ["DE"], notification: try notification.requireID(), urgency: .urgent), by: beStaff.imm)
            let id = try opened[0].requireID()
            #expect(try await be.awaitedAnswers(for: beStaff.imm).isEmpty, "a request waiting for approval has not left")
            _ = try await be.approve(id, by: beStaff.supervisor)
            let sentAt = clock.date

            let sent = try #require(try await be.awaitedAnswers(for: beStaff.imm).first)
            #expect(sent.id == id && sent.deadline == sentAt.addingTimeInterval(8 * 3600))
            let row = ExchangePresentation(strings: strings, now: clock.date).row(sent)
            #expect(row.dueIn == "due in 8 h 0 min" && !row.overdue)
            let dashboard = DashboardView(
                principal: GoldenPageTests.principal(.immigrationOfficer),
                figures: DashboardFigures(awaitedAnswers: [.init(id: id.uuidString, counterpartState: "DE", deadline: sent.deadline)]), strings: strings,
                now: clock.date)
            #expect(dashboard.deadlines.map(\.label) == ["Answer awaited from Germany"])
            #expect(dashboard.deadlines.first?.dueIn == "due in 8 h 0 min")

            try await flow.deliver(network, from: "be-1")
            clock.advance(9 * 3600)
            let late = try #require(try await be.awaitedAnswers(for: beStaff.imm).first)
            let lateRow = ExchangePresentation(strings: strings, now: clock.date).row(late)
            #expect(lateRow.overdue && lateRow.dueIn == "1 h 0 min overdue")

            _ = try await de.answer(id, .init(outcome: .notFound, lateReason: "Registry offline overnight"), by: deStaff.imm)
            _ = try await de.approve(id, by: deStaff.supervisor)
            try await flow.deliver(network, from: "de-1")
            #expect(try await be.awaitedAnswers(for: beStaff.imm).isEmpty)
            let answered = try #require(try await ExchangeModel.find(id, on: network.nodes["be-1"]!.db))
            let answeredRow = ExchangePresentation(strings: strings, now: clock.date).row(answered)
            #expect(answeredRow.dueIn == nil && !answeredRow.overdue, "an answered request is no longer due")
        }
    }
}
