import Foundation
import LiaisonCore
import LiaisonExchange
@testable import LiaisonServer
import LiaisonStore
import Testing

/// R8 four eyes with the context a supervisor needs: what they approve, who wrote it and
/// when, and what it changes at the other state.
@Suite("R8: the supervisor approves knowing what, by whom, when and what changes")
struct ApprovalContextTests {
    @Test("R8 a pending correction of an answer shows its author, its time and each field it changes, before and after; unchanged fields are not listed")
    func correctionShowsWhatChanges() async throws {
        let strings = try await GoldenPageTests.strings()
        let present = ExchangePresentation(strings: strings, now: GoldenPageTests.now)
        let model = try GoldenPageTests.request(number: 8, from: "DE", urgency: .normal, state: .answered, deadline: nil)
        model.answer = try JSONEncoder().encode(
            AnswerBody(exchangeID: model.id!, outcome: .found, subject: GoldenPageTests.omar, situation: GoldenPageTests.asylum, handlingCode: .h0, marking: .unclassified))
        model.answerOutboxID = UUID()
        var decided = GoldenPageTests.asylum
        decided.procedures[0].status = .rejected
        decided.rightToStay = .no
        let correction = FollowUpBody(
            exchangeID: model.id!, followUp: .correction, reason: "Decision of 2026-11-20", situation: decided, handlingCode: .h0, marking: .unclassified)
        let written = GoldenPageTests.now.addingTimeInterval(-600)
        let events = [
            ExchangeEventModel(
                exchangeID: model.id!, at: written, event: ExchangeService.pendingPrefix + "correction", actor: "b.janssens",
                body: try ExchangeMessage.followUp(correction).encoded())
        ]
        let context = try #require(
            try ExchangeDetailView.approvalContext(
                ExchangeView(exchange: model, events: events, deliveries: []), creator: nil, strings: strings, present: present))
        #expect(context.author == "b.janssens" && context.at == DisplayFormat.minute(written))
        #expect(context.what.hasPrefix(strings("exchange.event.correction")))
        #expect(context.changes.map(\.field) == [strings("exchange.rightToStayLabel"), strings("exchange.procedures")])
        let rightToStay = try #require(context.changes.first)
        #expect(rightToStay.before == strings("exchange.rightToStay.pending") && rightToStay.after == strings("exchange.rightToStay.no"))
        #expect(context.changes[1].after.contains(strings("exchange.status.rejected")))
    }

    @Test("R8 a request waiting for approval names the official who wrote it and when; an exchange with nothing pending has no context")
    func requestNamesItsAuthor() async throws {
        let strings = try await GoldenPageTests.strings()
        let present = ExchangePresentation(strings: strings, now: GoldenPageTests.now)
        let waiting = try GoldenPageTests.request(number: 9, from: "DE", urgency: .urgent, state: .awaitingApproval, deadline: nil, direction: .outgoing)
        let context = try #require(
            try ExchangeDetailView.approvalContext(ExchangeView(exchange: waiting, events: [], deliveries: []), creator: "Bart Janssens", strings: strings, present: present))
        #expect(context.author == "Bart Janssens" && context.what.hasSuffix("DE") && context.at == DisplayFormat.minute(waiting.createdAt) && !context.hasChanges)
        let sent = try GoldenPageTests.request(number: 9, from: "DE", urgency: .urgent, state: .sent, deadline: nil, direction: .outgoing)
        #expect(try ExchangeDetailView.approvalContext(ExchangeView(exchange: sent, events: [], deliveries: []), creator: nil, strings: strings, present: present) == nil)
    }
}
