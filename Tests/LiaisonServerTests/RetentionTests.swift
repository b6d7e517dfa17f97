import FluentKit
import Foundation
import LiaisonCore
@testable import LiaisonExchange
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import Testing

/// Nothing kept forever (PRODUCT.md F): each category of personal data is erased when its
/// retention period has passed, and the audit trail proves it without the erased data.
@Suite("Nothing kept forever: the daily job erases each category when due", .serialized)
struct RetentionTests {
    typealias Actor = ExchangeService.Actor
    static let omar = PersonIdentity(familyNames: "AL-HASHIMI", givenNames: "Omar", sex: "M", birthDate: "1990-03-14", nationalities: ["SYR"])
    static let day: TimeInterval = 86_400

    @Test("notifications, exchanges, reads and envelopes go when due, those waiting for a supervisor stay, and each erasure is audited without the data")
    func eachCategoryWhenDue() async throws {
        let database = try await TestDatabase.open()
        try await database.migrate()
        let clock = TestClock()
        let exchange = ExchangeService(
            database: database, audit: HashChainedAuditTrail(clock: clock.function), federation: nil, stateCode: "DE", settings: ExchangeSettings(),
            clock: clock.function)
        let db = database.database()
        do {
            let imm = AuthorityModel(name: "DE immigration", kind: .immigrationAsylum, stateCode: "DE")
            let ctAuthority = AuthorityModel(name: "DE counter-terrorism", kind: .counterTerrorism, stateCode: "DE")
            try await imm.create(on: db)
            try await ctAuthority.create(on: db)
            let ct = Actor(userID: UUID(), username: "de.ct", authority: ctAuthority.authority, requestID: nil)
            let officer = Actor(userID: UUID(), username: "de.imm", authority: imm.authority, requestID: nil)

            // Now: a notification ending in ten days, with a confirmed match and an alert; one
            // withdrawn today; an answered exchange and an open one; reads; two envelopes.
            let ending = try await exchange.createNotification(.init(subject: Self.omar, validUntil: clock.date.addingTimeInterval(10 * Self.day), handlingCode: .h0), by: ct)
            _ = try await exchange.createRecord(
                reference: "DE-1", subject: Self.omar, situation: AdministrativeSituation(procedures: [], rightToStay: .pending), by: officer)
            let pair = try #require(try await exchange.matchSuggestions(for: officer).first?.decision.id)
            _ = try await exchange.decideMatch(pair, confirm: true, reason: "Same person", by: officer)
            #expect(try await AlertModel.query(on: db).count() == 1)
            let withdrawn = try await exchange.createNotification(.init(subject: Self.omar, validUntil: clock.date.addingTimeInterval(300 * Self.day), handlingCode: .h0), by: ct)
            _ = try await exchange.withdrawNotification(try withdrawn.requireID(), reason: "Assessment closed", by: ct)
            let answered = try await Self.exchange(state: .answered, authority: try imm.requireID(), clock: clock, on: db)
            let waiting = try await Self.exchange(state: .received, authority: try imm.requireID(), clock: clock, on: db)
            _ = try await exchange.notifications(for: ct)
            try await InboxMessageModel(
                id: UUID(), fromNode: "be-1", kind: "exchange.request", envelope: Data("{\"body\":\"Omar\"}".utf8), bodyDigest: "d1", receipt: Data("r".utf8),
                receivedAt: clock.date
            ).create(on: db)
            let sent = OutboxMessageModel(id: UUID(), toNode: "be-1", kind: "exchange.answer", envelope: Data("{\"body\":\"Omar\"}".utf8), now: clock.date)
            sent.state = .delivered
            try await sent.create(on: db)

            // Eleven months on nothing is due.
            clock.advance(330 * Self.day)
            #expect(try await exchange.eraseDue() == .init())

            // Thirteen months on: both notifications have ended more than a year ago.
            clock.advance(65 * Self.day)
            let later = try await exchange.createNotification(.init(subject: Self.omar, validUntil: clock.date.addingTimeInterval(30 * Self.day), handlingCode: .h0), by: ct)
            var erased = try await exchange.eraseDue()
            #expect(erased == .init(notifications: 2, exchanges: 0, reads: 0, envelopes: 0))
            for id in [try ending.requireID(), try withdrawn.requireID()] {
                let row = try #require(try await ThreatNotificationModel.find(id, on: db))
                #expect(try row.person() == ExchangeService.erasedPerson && row.erasedAt != nil)
            }
            #expect(try await ThreatNotificationModel.find(try later.requireID(), on: db)?.person() == Self.omar)
            #expect(try await AlertModel.query(on: db).count() == 0)
            #expect(try await MatchDecisionModel.query(on: db).filter(\.$notificationID == ending.requireID()).count() == 0)

            // Twenty-five months on: the answered exchange, the reads and the envelopes go; the one waiting for a supervisor stays.
            clock.advance(365 * Self.day)
            erased = try await exchange.eraseDue()
            #expect(erased.exchanges == 1 && erased.reads == 4 && erased.envelopes == 2)
            let gone = try #require(try await ExchangeModel.find(answered, on: db))
            #expect(gone.erasedAt != nil && gone.answer == nil && gone.body == Data("{}".utf8) && gone.state == .answered)
            #expect(try await ExchangeModel.find(waiting, on: db)?.erasedAt == nil)
            #expect(try await InboxMessageModel.query(on: db).all().allSatisfy { $0.envelope.isEmpty && $0.bodyDigest == "d1" })
            #expect(try await OutboxMessageModel.query(on: db).all().allSatisfy { $0.envelope.isEmpty })
            // Running again erases nothing more.
            #expect(try await exchange.eraseDue() == .init())

            // The proof: one entry per notification and exchange, one per batch of reads and envelopes, and no name.
            let proofs = try await AuditEntryModel.query(on: db).filter(\.$action == AuditAction.dataErased.rawValue).all()
            #expect(proofs.map { $0.targetType ?? "" }.sorted() == ["envelopes", "exchange", "notification", "notification", "person-reads"])
            #expect(proofs.allSatisfy { !($0.detail ?? "").contains("HASHIMI") && !($0.targetID ?? "").contains("HASHIMI") && $0.actor == "system" })
        } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
    }

    /// An incoming request in `state`, with a person in its body and an answer (waiting for a
    /// supervisor unless answered).
    static func exchange(state: ExchangeModel.State, authority: UUID, clock: TestClock, on db: any Database) async throws -> UUID {
        let id = UUID()
        let row = ExchangeModel(
            id: id, direction: .incoming, kind: .request, localAuthorityID: authority, counterpartNode: "be-1", counterpartState: "BE",
            counterpartAuthority: "be-imm", body: try ExchangeService.encode(["subject": omar]), urgency: .normal, state: state, now: clock.date)
        // Answered, or an answer written that waits for a supervisor.
        row.answer = Data("{\"outcome\":\"found\"}".utf8)
        row.answeredAt = clock.date
        if state != .answered { row.answerState = .awaitingApproval }
        try await row.create(on: db)
        return id
    }
}
