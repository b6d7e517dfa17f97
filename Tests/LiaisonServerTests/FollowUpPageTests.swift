import Foundation
import LiaisonCore
import LiaisonExchange
@testable import LiaisonServer
import LiaisonStore
import Testing

/// A follow-up arrives with its content: the receiving side reads its reason and what it
/// corrected in the exchange's history, not only "correction · node:de-1".
@Suite("Follow-ups show what they said, at both ends")
struct FollowUpPageTests {
    @Test("a correction received shows its reason and the corrected identity and situation in the history; a received event shows none")
    func correctionShowsItsContent() async throws {
        let reader = GoldenPageTests.principal(.immigrationOfficer)
        let strings = try await GoldenPageTests.strings()
        let model = try GoldenPageTests.request(number: 6, from: "DE", urgency: .normal, state: .received, deadline: nil)
        var corrected = GoldenPageTests.omar
        corrected.birthDate = "1991-03-12"
        let body = FollowUpBody(
            exchangeID: model.id!, followUp: .correction, reason: "Date of birth corrected from the civil registry", subject: corrected,
            situation: GoldenPageTests.asylum, handlingCode: .h0, marking: .unclassified)
        let events = [
            ExchangeEventModel(exchangeID: model.id!, at: GoldenPageTests.now.addingTimeInterval(-7200), event: "received", actor: "node:de-1"),
            ExchangeEventModel(
                exchangeID: model.id!, at: GoldenPageTests.now, event: "correction", actor: "node:de-1", body: try ExchangeMessage.followUp(body).encoded()),
        ]
        let view = try ExchangeDetailView(
            ExchangeView(exchange: model, events: events, deliveries: []), reader: reader, readerAuthority: GoldenPageTests.authority, strings: strings,
            now: GoldenPageTests.now)
        #expect(view.events[0].followUpReason == nil && view.events[0].correctedPerson == nil)
        #expect(view.events[1].actor == "Germany (de-1)", "the other state by name, not node:de-1")
        let correction = view.events[1]
        #expect(correction.followUpReason == "Date of birth corrected from the civil registry")
        #expect(correction.correctedPerson?.birthDate == "1991-03-12" && correction.correctedPerson?.name == corrected.displayName)
        #expect(correction.correctedSituation?.contains(strings("exchange.procedure.international-protection")) == true)
    }

    @Test("the answer form starts from \"not found\" when no candidate is a likely match, and from \"found\" when one is")
    func answerFormProposesWhatTheCandidatesSay() async throws {
        let reader = GoldenPageTests.principal(.immigrationOfficer)
        let strings = try await GoldenPageTests.strings()
        let present = ExchangePresentation(strings: strings, now: GoldenPageTests.now)
        let model = try GoldenPageTests.request(number: 7, from: "DE", urgency: .normal, state: .received, deadline: nil)
        var view = try ExchangeDetailView(
            ExchangeView(exchange: model, events: [], deliveries: []), reader: reader, readerAuthority: GoldenPageTests.authority, strings: strings,
            now: GoldenPageTests.now)
        let record = AdministrativeRecordModel(
            reference: "BE-IMM-0042", subject: try JSONEncoder().encode(GoldenPageTests.omar), situation: try JSONEncoder().encode(GoldenPageTests.asylum),
            rightToStay: "pending", now: GoldenPageTests.now)
        view.candidates = [try present.candidate(record, MatchCandidate(id: "BE-IMM-0042", score: 0.02, isMatch: false, explanation: "Little in common"), first: true)]
        view.proposeOutcome()
        #expect(view.outcomes.filter(\.selected).map(\.value) == [AnswerOutcome.notFound.rawValue])
        view.candidates = [try present.candidate(record, MatchCandidate(id: "BE-IMM-0042", score: 0.93, isMatch: true, explanation: "Same"), first: true)]
        view.proposeOutcome()
        #expect(view.outcomes.filter(\.selected).map(\.value) == [AnswerOutcome.found.rawValue])
    }
}
