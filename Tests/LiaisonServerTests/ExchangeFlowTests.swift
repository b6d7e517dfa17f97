import AsyncHTTPClient
import FluentKit
import Foundation
import LiaisonCore
@testable import LiaisonExchange
import LiaisonFederation
@testable import LiaisonNode
@testable import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import Testing

/// The CT ↔ immigration exchange across real nodes (mutual TLS, signatures, separate
/// databases): the whole story, and each rule's refusal at the receiving node even when the
/// sender's check is skipped.
@Suite("Exchange between contact points, rules R1–R8 end to end", .serialized)
struct ExchangeFlowTests {
    typealias Network = FederationDeliveryTests.Network
    typealias Actor = ExchangeService.Actor

    /// The people of one node: CT officer, immigration officer, supervisor.
    struct Staff {
        var ct: Actor
        var imm: Actor
        var supervisor: Actor
    }

    static let omar = PersonIdentity(familyNames: "AL-HASHIMI", givenNames: "Omar", sex: "M", birthDate: "1990-03-14", nationalities: ["SYR"])

    func withExchangeNetwork(_ clock: TestClock = TestClock(Date()), _ body: (Network, [String: Staff]) async throws -> Void) async throws {
        let network = try Network(clock: clock)
        do {
            var staff: [String: Staff] = [:]
            for id in ["be-1", "de-1", "fr-1"] {
                try await network.start(id)
                staff[id] = try await Self.seedStaff(network.nodes[id]!)
            }
            try await body(network, staff)
        } catch {
            await network.shutdown()
            throw error
        }
        await network.shutdown()
    }

    static func seedStaff(_ services: LiaisonServices) async throws -> Staff {
        let state = services.configuration.stateCode
        let imm = AuthorityModel(name: "\(state) immigration", kind: .immigrationAsylum, stateCode: state)
        let ct = AuthorityModel(name: "\(state) counter-terrorism", kind: .counterTerrorism, stateCode: state)
        try await imm.create(on: services.db)
        try await ct.create(on: services.db)
        func actor(_ name: String, _ authority: AuthorityModel) -> Actor {
            Actor(userID: UUID(), username: "\(state.lowercased()).\(name)", authority: authority.authority, requestID: nil)
        }
        return Staff(ct: actor("ct", ct), imm: actor("imm", imm), supervisor: actor("supervisor", imm))
    }

    /// Delivers what `node` has queued, as its delivery worker would.
    func deliver(_ network: Network, from node: String) async throws {
        let client = try network.client(for: node)
        await network.worker(node).deliverDue(client: client)
        try await client.shutdown()
    }

    func request(to states: [String], notification: UUID, urgency: Urgency = .normal) -> ExchangeService.RequestInput {
        .init(
            notificationID: notification, targetStates: states, purpose: "Administrative follow-up of a threat notification",
            legalBasis: "Art. 6(1)(e) GDPR; national aliens act", urgency: urgency, handlingCode: .h0, marking: .unclassified,
            requestedCategories: [.internationalProtection, .return])
    }

    func code(_ body: () async throws -> Void) async -> String? {
        do { try await body() } catch let error as PolicyError { return error.code.rawValue } catch let error as ServiceError { return error.code } catch let error as AppError {
            return error.code
        } catch {
            return "unexpected: \(error)"
        }
        return nil
    }

    @Test("the story: BE CT notifies, BE IMM asks DE, BE supervisor approves, DE answers from its records, BE CT sees the answer")
    func story() async throws {
        try await withExchangeNetwork { network, staff in
            let be = network.nodes["be-1"]!.exchange, de = network.nodes["de-1"]!.exchange
            let (beStaff, deStaff) = (staff["be-1"]!, staff["de-1"]!)
            let record = try await de.createRecord(
                reference: "DE-BAMF-4711", subject: PersonIdentity(familyNames: "الهاشمي", givenNames: "عمر", sex: "M", birthDate: "1990-03-14", nationalities: ["SYR"]),
                situation: AdministrativeSituation(
                    procedures: [
                        Procedure(type: .internationalProtection, status: .rejected, competentAuthority: "BAMF", fileReference: "7788-439", keyDates: [KeyDate(event: "lodged", date: "2024-02-01")])
                    ],
                    rightToStay: .no), by: deStaff.imm)
            _ = try await de.createRecord(
                reference: "DE-BAMF-0001", subject: PersonIdentity(familyNames: "KOVALENKO", givenNames: "Oleksandr", birthDate: "1985", nationalities: ["UKR"]),
                situation: AdministrativeSituation(rightToStay: .yes), by: deStaff.imm)

            let notification = try await be.createNotification(
                .init(subject: Self.omar, validUntil: Date().addingTimeInterval(180 * 86400), handlingCode: .h1), by: beStaff.ct)
            let opened = try await be.createRequests(request(to: ["DE"], notification: try notification.requireID()), by: beStaff.imm)
            #expect(opened.count == 1)
            let exchangeID = try opened[0].requireID()
            #expect(opened[0].state == .awaitingApproval)
            #expect(
                await code { _ = try await be.approve(exchangeID, by: Actor(userID: beStaff.imm.userID, username: "self", authority: beStaff.supervisor.authority, requestID: nil)) }
                    == "policy.R8.fourEyes")
            _ = try await be.approve(exchangeID, by: beStaff.supervisor)
            try await deliver(network, from: "be-1")

            let inbox = try await de.inbox(for: deStaff.imm)
            let received = try #require(inbox.first { $0.id == exchangeID })
            #expect(received.state == .received)
            let deadline = try #require(received.deadline)
            #expect(abs(deadline.timeIntervalSince(received.createdAt) - 7 * 86400) < 5)
            let candidates = try await de.candidates(for: exchangeID, by: deStaff.imm)
            #expect(candidates.first?.0.reference == record.reference)
            #expect(candidates.first?.1.isMatch == true)
            #expect(candidates.first?.1.explanation.isEmpty == false)

            _ = try await de.answer(exchangeID, .init(outcome: .found, recordReference: record.reference, sourceEvaluation: .a, informationEvaluation: .one), by: deStaff.imm)
            _ = try await de.approve(exchangeID, by: deStaff.supervisor)
            try await deliver(network, from: "de-1")

            let view = try await be.exchange(exchangeID, for: beStaff.ct)
            #expect(view.exchange.state == .answered)
            #expect(view.answer?.outcome == .found)
            #expect(view.answer?.situation?.rightToStay == RightToStay.no)
            #expect(view.deliveries.first?.receipt != nil)
            #expect(try await be.obtainedInformation(for: beStaff.ct).contains { $0.id == exchangeID })
            // Another state's CT authority sees nothing of it.
            #expect(await code { _ = try await de.exchange(exchangeID, for: deStaff.ct) } == "http.notFound")
        }
    }

    @Test("R1 same kind abroad: DE refuses a cross-kind request forged past BE's checks, and says so with the rule's code")
    func R1_sameKindAbroad_receiverRefusesForgedMessage() async throws {
        try await withExchangeNetwork { network, staff in
            let beNode = network.nodes["be-1"]!
            let body = ExchangeMessage.request(
                RequestBody(
                    exchangeID: UUID(), notificationReference: "BE-CT-1", recipientState: "DE", subject: Self.omar, purpose: "p", legalBasis: "l",
                    urgency: .normal, handlingCode: .h0, marking: .unclassified, requestedCategories: [.identity]))
            // BE's counter-terrorism authority writes straight to DE's immigration contact point.
            let row = try await beNode.federation!.enqueue(
                to: "de-1", toAuthority: "de-imm", fromAuthority: "be-ct", kind: body.kind.rawValue, body: try body.encoded(), on: beNode.db)
            try await deliver(network, from: "be-1")
            let sent = try #require(try await OutboxMessageModel.find(row.id, on: beNode.db))
            #expect(sent.state == .failed)
            #expect(sent.lastError == "policy.R1.sameKindAbroad")
            let de = network.nodes["de-1"]!
            #expect(try await ExchangeModel.query(on: de.db).count() == 0)
            let refusals = try await de.audit.entries(AuditFilter(action: AuditAction.envelopeRefused.rawValue), on: de.db)
            #expect(refusals.contains { $0.detail == "policy.R1.sameKindAbroad" })
            _ = staff
        }
    }

    @Test("R3, R4, R5, R6, R7, R8 at the receiver: each forged request is refused with its rule's code")
    func receiverRefusesEachRule() async throws {
        try await withExchangeNetwork { network, _ in
            let beNode = network.nodes["be-1"]!
            func forged(_ change: (inout RequestBody) -> Void) throws -> Data {
                var body = RequestBody(
                    exchangeID: UUID(), notificationReference: "BE-CT-1", recipientState: "DE", subject: Self.omar, purpose: "p", legalBasis: "l",
                    urgency: .normal, handlingCode: .h0, marking: .unclassified, requestedCategories: [.identity])
                change(&body)
                return try ExchangeMessage.request(body).encoded()
            }
            var withIntelligence = try JSONSerialization.jsonObject(with: try forged { _ in }) as! [String: Any]
            withIntelligence["threatAssessment"] = "high"
            let cases: [(String, Data)] = [
                ("policy.R3.noActiveNotification", try forged { $0.notificationReference = "" }),
                ("policy.R4.notAdministrative", try JSONSerialization.data(withJSONObject: withIntelligence)),
                ("policy.R5.notAForeigner", try forged { $0.subject.nationalities = ["FRA"] }),
                ("policy.R6.notBilateral", try forged { $0.recipientState = "FR" }),
                ("policy.R7.aboveCeiling", try forged { $0.marking = Marking(classification: .secret) }),
                ("policy.R8.purposeRequired", try forged { $0.legalBasis = "" }),
            ]
            var rows: [(String, UUID)] = []
            for (expected, body) in cases {
                let row = try await beNode.federation!.enqueue(
                    to: "de-1", toAuthority: "de-imm", fromAuthority: "be-imm", kind: ExchangeKind.request.rawValue, body: body, on: beNode.db)
                rows.append((expected, try row.requireID()))
            }
            try await deliver(network, from: "be-1")
            for (expected, id) in rows {
                let sent = try #require(try await OutboxMessageModel.find(id, on: beNode.db))
                #expect(sent.state == .failed, "\(expected)")
                #expect(sent.lastError == expected)
            }
            #expect(try await ExchangeModel.query(on: network.nodes["de-1"]!.db).count() == 0)
        }
    }

    @Test("R2 national link and R3 CT first at the sender: IMM cannot notify; no request without an active notification")
    func R2_R3_atTheSender() async throws {
        try await withExchangeNetwork { network, staff in
            let be = network.nodes["be-1"]!.exchange
            let beStaff = staff["be-1"]!
            let input = ExchangeService.NotificationInput(subject: Self.omar, validUntil: Date().addingTimeInterval(86400), handlingCode: .h0)
            #expect(await code { _ = try await be.createNotification(input, by: beStaff.imm) } == "policy.R2.wrongDirection")
            var french = Self.omar
            french.nationalities = ["FRA"]
            #expect(
                await code { _ = try await be.createNotification(.init(subject: french, validUntil: Date().addingTimeInterval(86400), handlingCode: .h0), by: beStaff.ct) } == "policy.R5.notAForeigner"
            )

            let notification = try await be.createNotification(input, by: beStaff.ct)
            let id = try notification.requireID()
            let pending = try await be.createRequests(request(to: ["DE", "FR", "de"], notification: id), by: beStaff.imm)
            #expect(Set(pending.map(\.counterpartState)) == ["DE", "FR"], "R6: one bilateral exchange per state")
            #expect(Set(pending.map(\.batchID)).count == 1)
            #expect(await code { _ = try await be.createRequests(request(to: ["BE"], notification: id), by: beStaff.imm) } == "policy.R6.notBilateral")

            _ = try await be.withdrawNotification(id, reason: "Threat assessment closed", by: beStaff.ct)
            #expect(await code { _ = try await be.createRequests(request(to: ["DE"], notification: id), by: beStaff.imm) } == "policy.R3.noActiveNotification")
            // What was waiting for approval was withdrawn with the notification: it cannot leave any more.
            for exchange in pending { #expect(try await ExchangeModel.find(exchange.id, on: network.nodes["be-1"]!.db)?.state == .withdrawn) }
            #expect(await code { _ = try await be.approve(try pending[0].requireID(), by: beStaff.supervisor) } == "exchange.wrongState")
            let refusals = try await network.nodes["be-1"]!.audit.entries(AuditFilter(action: AuditAction.ruleRefused.rawValue), on: network.nodes["be-1"]!.db)
            #expect(refusals.contains { $0.detail == "policy.R3.noActiveNotification" })
        }
    }

    @Test("R1 on contact-point messages: CT to CT passes, CT to a state without a CT contact point is refused")
    func R1_sameKindAbroad_contactMessages() async throws {
        try await withExchangeNetwork { network, staff in
            let be = network.nodes["be-1"]!.exchange
            let sent = try await be.sendContactMessage(to: "DE", title: "Meeting", text: "Call at 10:00 CET.", handlingCode: .h0, marking: .unclassified, by: staff["be-1"]!.ct)
            #expect(sent.counterpartAuthority == "de-ct")
            try await deliver(network, from: "be-1")
            let inbox = try await network.nodes["de-1"]!.exchange.inbox(for: staff["de-1"]!.ct)
            #expect(inbox.contains { $0.id == sent.id && $0.kind == .contactMessage })
            #expect(try await network.nodes["de-1"]!.exchange.inbox(for: staff["de-1"]!.imm).isEmpty)
        }
    }

    @Test(
        "deadlines and watch: urgent answers are due in 8 hours, late ones need a reason; record changes of notified persons alert CT once an officer confirms the match, until the notification expires"
    )
    func deadlinesAndAlerts() async throws {
        let clock = TestClock(Date())
        try await withExchangeNetwork(clock) { network, staff in
            let be = network.nodes["be-1"]!.exchange, de = network.nodes["de-1"]!.exchange
            let (beStaff, deStaff) = (staff["be-1"]!, staff["de-1"]!)
            let notification = try await be.createNotification(.init(subject: Self.omar, validUntil: clock.date.addingTimeInterval(30 * 86400), handlingCode: .h0), by: beStaff.ct)
            let opened = try await be.createRequests(request(to: ["DE"], notification: try notification.requireID(), urgency: .urgent), by: beStaff.imm)
            _ = try await be.approve(try opened[0].requireID(), by: beStaff.supervisor)
            try await deliver(network, from: "be-1")
            let received = try #require(try await ExchangeModel.find(opened[0].id, on: network.nodes["de-1"]!.db))
            #expect(received.deadline == received.createdAt.addingTimeInterval(8 * 3600))
            clock.advance(9 * 3600)
            #expect(await code { _ = try await de.answer(try received.requireID(), .init(outcome: .notFound), by: deStaff.imm) } == "exchange.lateReasonRequired")
            _ = try await de.answer(try received.requireID(), .init(outcome: .notFound, lateReason: "Registry offline overnight"), by: deStaff.imm)

            // DE's own CT notifies DE IMM; a change to the person's record alerts DE CT.
            let deNotification = try await de.createNotification(.init(subject: Self.omar, validUntil: clock.date.addingTimeInterval(86400), handlingCode: .h0), by: deStaff.ct)
            let situation = AdministrativeSituation(procedures: [Procedure(type: .internationalProtection, status: .lodged, fileReference: "A-1")], rightToStay: .pending)
            _ = try await de.createRecord(reference: "DE-1", subject: Self.omar, situation: situation, by: deStaff.imm)
            var decided = situation
            decided.procedures[0].status = .rejected
            decided.rightToStay = .no
            _ = try await de.updateRecord(reference: "DE-1", subject: Self.omar, situation: decided, by: deStaff.imm)
            _ = try await de.createRecord(
                reference: "DE-2", subject: PersonIdentity(familyNames: "TESFAYE", givenNames: "Abeba", sex: "F", birthDate: "1999", nationalities: ["ERI"]),
                situation: situation, by: deStaff.imm)
            // The matcher only suggests: nothing reaches CT until DE's immigration officer confirms.
            #expect(try await de.alerts(for: deStaff.ct).isEmpty)
            #expect(try await de.returnPriorities(for: deStaff.ct).isEmpty)
            let suggested = try await de.matchSuggestions(for: deStaff.imm)
            #expect(suggested.map(\.record.reference) == ["DE-1"])
            _ = try await de.decideMatch(try #require(suggested.first?.decision.id), confirm: true, reason: "Same person: name, date of birth, nationality", by: deStaff.imm)
            let alerts = try await de.alerts(for: deStaff.ct)
            #expect(alerts.map(\.change.rawValue).sorted() == ["decision", "new-application"])
            #expect(alerts.allSatisfy { $0.notificationID == deNotification.id && $0.recordReference == "DE-1" })
            #expect(try await de.returnPriorities(for: deStaff.ct).map(\.record.reference) == ["DE-1"])

            clock.advance(2 * 86400)
            decided.procedures[0].status = .appealed
            _ = try await de.updateRecord(reference: "DE-1", subject: Self.omar, situation: decided, by: deStaff.imm)
            #expect(try await de.alerts(for: deStaff.ct).count == 2, "an expired notification raises no alert")
            #expect(try await de.returnPriorities(for: deStaff.ct).isEmpty)
        }
    }

    @Test("importing records creates new references, updates known ones, and alerts CT about notified persons once an officer confirms the match")
    func importRecords() async throws {
        try await withExchangeNetwork { network, staff in
            let de = network.nodes["de-1"]!.exchange
            let deStaff = staff["de-1"]!
            _ = try await de.createNotification(.init(subject: Self.omar, validUntil: Date().addingTimeInterval(86400), handlingCode: .h0), by: deStaff.ct)
            let csv = """
                reference,familyNames,givenNames,birthDate,nationality,procedureType,procedureStatus,rightToStay
                DE-7,AL HASHIMI,Omar,1990-03-14,SYR,international-protection,lodged,pending
                DE-8,DIALLO,Mamadou,1995,GIN,visa,granted,yes
                """
            let first = try await de.importRecords(csv, format: .csv, by: deStaff.imm)
            #expect(first.created == 2 && first.updated == 0)
            let second = try await de.importRecords(csv.replacingOccurrences(of: "lodged,pending", with: "rejected,no"), format: .csv, by: deStaff.imm)
            #expect(second.created == 0 && second.updated == 2)
            #expect(try await de.alerts(for: deStaff.ct).isEmpty)
            let suggested = try #require(try await de.matchSuggestions(for: deStaff.imm).first)
            _ = try await de.decideMatch(try #require(suggested.decision.id), confirm: true, reason: "Same person", by: deStaff.imm)
            let alerts = try await de.alerts(for: deStaff.ct)
            #expect(alerts.map(\.change.rawValue).sorted() == ["decision", "new-application"])
            #expect(alerts.allSatisfy { $0.recordReference == "DE-7" })
            await #expect(throws: ServiceError.self) { _ = try await de.importRecords("reference,familyNames\nDE-9,", format: .csv, by: deStaff.imm) }
        }
    }

    @Test("spontaneous information goes to each chosen state after approval, and a withdrawal reaches each of them")
    func spontaneousAndWithdrawal() async throws {
        try await withExchangeNetwork { network, staff in
            let be = network.nodes["be-1"]!.exchange
            let beStaff = staff["be-1"]!
            let notification = try await be.createNotification(.init(subject: Self.omar, validUntil: Date().addingTimeInterval(86400), handlingCode: .h0), by: beStaff.ct)
            let situation = AdministrativeSituation(procedures: [Procedure(type: .visa, status: .rejected)], rightToStay: .no)
            let opened = try await be.sendSpontaneous(
                .init(
                    notificationID: try notification.requireID(), targetStates: ["DE", "FR"], situation: situation, purpose: "Information",
                    legalBasis: "Art. 6(1)(e) GDPR", handlingCode: .h2, marking: Marking(limite: true), sourceEvaluation: .b, informationEvaluation: .two),
                by: beStaff.imm)
            #expect(opened.allSatisfy { $0.state == .awaitingApproval })
            for exchange in opened { _ = try await be.approve(try exchange.requireID(), by: beStaff.supervisor) }
            try await deliver(network, from: "be-1")
            for (node, person) in [("de-1", staff["de-1"]!.imm), ("fr-1", staff["fr-1"]!.imm)] {
                let inbox = try await network.nodes[node]!.exchange.inbox(for: person)
                let received = try #require(inbox.first { $0.kind == ExchangeKind.spontaneous })
                guard case .spontaneous(let body) = try ExchangeMessage.decode(kind: .spontaneous, body: received.body) else {
                    Issue.record("not spontaneous information")
                    continue
                }
                #expect(body.situation == situation && body.marking.limite && body.recipientState == String(node.prefix(2)).uppercased())
            }
            // The withdrawal of one reaches every state that received the information.
            _ = try await be.followUp(try opened[0].requireID(), .withdrawal, reason: "Sent in error", by: beStaff.imm)
            // Its reason is free text about the person: a supervisor reads it first (R8).
            for exchange in opened { _ = try await be.approve(try exchange.requireID(), by: beStaff.supervisor) }
            try await deliver(network, from: "be-1")
            for (node, person) in [("de-1", staff["de-1"]!.imm), ("fr-1", staff["fr-1"]!.imm)] {
                let inbox = try await network.nodes[node]!.exchange.inbox(for: person)
                #expect(inbox.first { $0.kind == ExchangeKind.spontaneous }?.state == .withdrawn, "\(node)")
            }
        }
    }

    @Test("R8 four eyes for corrections: a corrected situation waits for a second person (by user id), then replaces the answer the requesting state holds")
    func R8_fourEyes_corrections() async throws {
        try await withExchangeNetwork { network, staff in
            let be = network.nodes["be-1"]!.exchange, de = network.nodes["de-1"]!.exchange
            let (beStaff, deStaff) = (staff["be-1"]!, staff["de-1"]!)
            let lodged = AdministrativeSituation(procedures: [Procedure(type: .internationalProtection, status: .lodged)], rightToStay: .pending)
            _ = try await de.createRecord(reference: "DE-5", subject: Self.omar, situation: lodged, by: deStaff.imm)
            let notification = try await be.createNotification(.init(subject: Self.omar, validUntil: Date().addingTimeInterval(86400), handlingCode: .h0), by: beStaff.ct)
            let id = try await be.createRequests(request(to: ["DE"], notification: try notification.requireID()), by: beStaff.imm)[0].requireID()
            _ = try await be.approve(id, by: beStaff.supervisor)
            try await deliver(network, from: "be-1")
            _ = try await de.answer(id, .init(outcome: .found, recordReference: "DE-5"), by: deStaff.imm)
            _ = try await de.approve(id, by: deStaff.supervisor)
            try await deliver(network, from: "de-1")

            var rejected = lodged
            rejected.procedures[0].status = .rejected
            rejected.rightToStay = .no
            _ = try await de.followUp(id, .correction, reason: "Decision of 2026-11-20", situation: rejected, by: deStaff.imm)
            #expect(try await de.awaitingApproval(for: deStaff.supervisor).map(\.id) == [id])
            // Four eyes compares user ids for follow-ups as for everything else: the author
            // under another name is still the author, and a namesake is someone else.
            #expect(await code { _ = try await de.approve(id, by: Actor(userID: deStaff.imm.userID, username: "renamed", authority: deStaff.imm.authority, requestID: nil)) } == "policy.R8.fourEyes")
            #expect(
                await code { _ = try await de.reject(id, reason: "mine", by: Actor(userID: deStaff.imm.userID, username: "renamed", authority: deStaff.imm.authority, requestID: nil)) }
                    == "policy.R8.fourEyes")
            try await deliver(network, from: "de-1")
            #expect(try await be.exchange(id, for: beStaff.ct).answer?.situation == lodged, "nothing left before approval")

            _ = try await de.approve(id, by: deStaff.supervisor)
            try await deliver(network, from: "de-1")
            let view = try await be.exchange(id, for: beStaff.ct)
            #expect(view.answer?.situation == rejected)
            #expect(view.events.contains { $0.event == "correction" })
            #expect(try await de.awaitingApproval(for: deStaff.supervisor).isEmpty)
        }
    }
}
