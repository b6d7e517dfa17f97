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

/// The rules against a determined misuser, across real nodes: follow-ups after the ground of
/// an exchange has ended, nationalities in disguise, narrative in structured fields, and
/// personal data in contact-point messages; each through the service a page or the API
/// calls, and as a forged envelope that skips the sender's checks entirely.
@Suite("The rules hold against misuse, R3 R4 R5 R8 end to end", .serialized)
struct RulesHoldTests {
    typealias Flow = ExchangeFlowTests
    typealias Network = FederationDeliveryTests.Network
    let flow = ExchangeFlowTests()

    /// A request from BE to DE under an active notification, answered "found" by DE, with
    /// both sides' deliveries done.
    func answeredRequest(_ network: Network, _ staff: [String: Flow.Staff]) async throws -> (exchange: UUID, notification: UUID) {
        let be = network.nodes["be-1"]!.exchange, de = network.nodes["de-1"]!.exchange
        let (beStaff, deStaff) = (staff["be-1"]!, staff["de-1"]!)
        let lodged = AdministrativeSituation(procedures: [Procedure(type: .internationalProtection, status: .lodged)], rightToStay: .pending)
        _ = try await de.createRecord(reference: "DE-5", subject: Flow.omar, situation: lodged, by: deStaff.imm)
        let notification = try await be.createNotification(.init(subject: Flow.omar, validUntil: Date().addingTimeInterval(86400), handlingCode: .h0), by: beStaff.ct)
        let id = try await be.createRequests(flow.request(to: ["DE"], notification: try notification.requireID()), by: beStaff.imm)[0].requireID()
        _ = try await be.approve(id, by: beStaff.supervisor)
        try await flow.deliver(network, from: "be-1")
        _ = try await de.answer(id, .init(outcome: .found, recordReference: "DE-5"), by: deStaff.imm)
        _ = try await de.approve(id, by: deStaff.supervisor)
        try await flow.deliver(network, from: "de-1")
        return (id, try notification.requireID())
    }

    /// Sends `body` of `kind` from BE's immigration contact point straight into its outbox,
    /// past every check of BE, and returns what DE answered.
    func forge(_ network: Network, kind: ExchangeKind, body: Data, from authority: String = "be-imm", to toAuthority: String = "de-imm") async throws -> OutboxMessageModel {
        let beNode = network.nodes["be-1"]!
        let row = try await beNode.federation!.enqueue(to: "de-1", toAuthority: toAuthority, fromAuthority: authority, kind: kind.rawValue, body: body, on: beNode.db)
        try await flow.deliver(network, from: "be-1")
        return try #require(try await OutboxMessageModel.find(row.id, on: beNode.db))
    }

    @Test("R3 CT first for follow-ups: after the notification is withdrawn an update is refused when written and when approved; a correction and a withdrawal still go")
    func R3_ctFirst_followUpsAfterWithdrawal() async throws {
        try await flow.withExchangeNetwork { network, staff in
            let be = network.nodes["be-1"]!.exchange, de = network.nodes["de-1"]!.exchange
            let (beStaff, deStaff) = (staff["be-1"]!, staff["de-1"]!)
            let (id, notification) = try await answeredRequest(network, staff)
            var corrected = Flow.omar
            corrected.placeOfBirth = "Aleppo"

            // An update written while the notification is active waits for a supervisor…
            _ = try await be.followUp(id, .update, reason: "Place of birth known", subject: corrected, by: beStaff.imm)
            _ = try await be.withdrawNotification(notification, reason: "Threat assessment closed", by: beStaff.ct)
            // …and cannot leave once it has been withdrawn.
            #expect(await flow.code { _ = try await be.approve(id, by: beStaff.supervisor) } == "policy.R3.noActiveNotification")
            _ = try await be.reject(id, reason: "Notification withdrawn", by: beStaff.supervisor)
            #expect(await flow.code { _ = try await be.followUp(id, .update, reason: "Place of birth known", subject: corrected, by: beStaff.imm) } == "policy.R3.noActiveNotification")

            // A correction of what was sent still reaches DE, after four eyes.
            _ = try await be.followUp(id, .correction, reason: "Place of birth was wrong", subject: corrected, by: beStaff.imm)
            _ = try await be.approve(id, by: beStaff.supervisor)
            // So does the withdrawal; its reason is read by a supervisor first (R8).
            _ = try await be.followUp(id, .withdrawal, reason: "Notification withdrawn", by: beStaff.imm)
            try await flow.deliver(network, from: "be-1")
            #expect(
                try await ExchangeModel.find(id, on: network.nodes["de-1"]!.db)?.state == .withdrawn,
                "the notification's withdrawal withdrew the request at DE at once, in the network's words")
            #expect(try await be.exchange(id, for: beStaff.imm).events.contains { $0.event == ExchangeService.pendingPrefix + "withdrawal" }, "the official's own words wait for approval")
            _ = try await be.approve(id, by: beStaff.supervisor)
            try await flow.deliver(network, from: "be-1")
            let events = try await de.exchange(id, for: deStaff.imm).events.map(\.event)
            #expect(events.contains("correction") && events.contains("withdrawal"))
            #expect(try await ExchangeModel.find(id, on: network.nodes["de-1"]!.db)?.state == .withdrawn)

            // DE answered on a request that is now withdrawn: no update from DE either, but a
            // correction of the "found" answer it sent still goes.
            let rejected = AdministrativeSituation(procedures: [Procedure(type: .internationalProtection, status: .rejected)], rightToStay: .no)
            #expect(await flow.code { _ = try await de.followUp(id, .update, reason: "Decision", situation: rejected, by: deStaff.imm) } == "policy.R3.noActiveNotification")
            _ = try await de.followUp(id, .correction, reason: "Status was wrong", situation: rejected, by: deStaff.imm)
            _ = try await de.approve(id, by: deStaff.supervisor)
            try await flow.deliver(network, from: "de-1")
            #expect(try await be.exchange(id, for: beStaff.ct).answer?.situation == rejected)
            let refusals = try await network.nodes["be-1"]!.audit.entries(AuditFilter(action: AuditAction.ruleRefused.rawValue), on: network.nodes["be-1"]!.db)
            #expect(refusals.filter { $0.detail == "policy.R3.noActiveNotification" }.count == 2)
        }
    }

    @Test("R3 CT first for answers: an answer waiting for approval does not leave once the request is withdrawn")
    func R3_ctFirst_answerAfterRequestWithdrawn() async throws {
        try await flow.withExchangeNetwork { network, staff in
            let be = network.nodes["be-1"]!.exchange, de = network.nodes["de-1"]!.exchange
            let (beStaff, deStaff) = (staff["be-1"]!, staff["de-1"]!)
            _ = try await de.createRecord(reference: "DE-5", subject: Flow.omar, situation: AdministrativeSituation(rightToStay: .no), by: deStaff.imm)
            let notification = try await be.createNotification(.init(subject: Flow.omar, validUntil: Date().addingTimeInterval(86400), handlingCode: .h0), by: beStaff.ct)
            let id = try await be.createRequests(flow.request(to: ["DE"], notification: try notification.requireID()), by: beStaff.imm)[0].requireID()
            _ = try await be.approve(id, by: beStaff.supervisor)
            try await flow.deliver(network, from: "be-1")
            _ = try await de.answer(id, .init(outcome: .found, recordReference: "DE-5"), by: deStaff.imm)
            _ = try await be.followUp(id, .withdrawal, reason: "Sent in error", by: beStaff.imm)
            _ = try await be.approve(id, by: beStaff.supervisor)
            try await flow.deliver(network, from: "be-1")
            #expect(await flow.code { _ = try await de.approve(id, by: deStaff.supervisor) } == "policy.R3.noActiveNotification")
            try await flow.deliver(network, from: "de-1")
            #expect(try await be.exchange(id, for: beStaff.ct).answer == nil)
        }
    }

    @Test("R3 CT first at the receiver: a forged update on a withdrawn exchange is refused, a forged answer to a withdrawn request too")
    func R3_ctFirst_receiverRefusesForgedFollowUps() async throws {
        try await flow.withExchangeNetwork { network, staff in
            let be = network.nodes["be-1"]!.exchange
            let beStaff = staff["be-1"]!
            let (id, _) = try await answeredRequest(network, staff)
            _ = try await be.followUp(id, .withdrawal, reason: "Closed", by: beStaff.imm)
            _ = try await be.approve(id, by: beStaff.supervisor)
            try await flow.deliver(network, from: "be-1")
            var corrected = Flow.omar
            corrected.placeOfBirth = "Raqqa"
            let update = ExchangeMessage.followUp(FollowUpBody(exchangeID: id, followUp: .update, reason: "More", subject: corrected, handlingCode: .h0, marking: .unclassified))
            let sent = try await forge(network, kind: .followUp, body: try update.encoded())
            #expect(sent.state == .failed)
            #expect(sent.lastError == "policy.R3.noActiveNotification")
            let de = network.nodes["de-1"]!
            let stored = try #require(try await ExchangeModel.find(id, on: de.db))
            guard case .request(let request) = try ExchangeMessage.decode(kind: .request, body: stored.body) else { throw PolicyError(.invalidContent, detail: "not a request") }
            #expect(request.subject.placeOfBirth == nil, "nothing of the forged update was applied")

            // DE answers BE's withdrawn request with a forged envelope of its own.
            let answer = ExchangeMessage.answer(AnswerBody(exchangeID: id, outcome: .notFound, handlingCode: .h0, marking: .unclassified))
            let deNode = network.nodes["de-1"]!
            let row = try await deNode.federation!.enqueue(to: "be-1", toAuthority: "be-imm", fromAuthority: "de-imm", kind: answer.kind.rawValue, body: try answer.encoded(), on: deNode.db)
            try await flow.deliver(network, from: "de-1")
            #expect(try await OutboxMessageModel.find(row.id, on: deNode.db)?.lastError == "policy.R3.noActiveNotification")
        }
    }

    @Test("a signed body with a key twice is refused at the receiver: another reader of the same bytes could see another message")
    func duplicateKeysInSignedBodies() async throws {
        try await flow.withExchangeNetwork { network, _ in
            let body = try JSONSerialization.jsonObject(with: try ContentSchemaCases.spontaneous { _ in }.encoded()) as! [String: Any]
            var json = String(decoding: try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys]), as: UTF8.self)
            // The same purpose twice: the first for one reader, the second for another.
            json.removeLast()
            json += #","purpose":"something else"}"#
            let row = try await forge(network, kind: .spontaneous, body: Data(json.utf8))
            #expect(row.state == .failed && row.lastError == "input.invalid")
            #expect(try await ExchangeModel.query(on: network.nodes["de-1"]!.db).count() == 0)
        }
    }

    @Test("R4 and R5 at the receiver: every field case and every disguised nationality, forged past BE's checks, is refused by DE's inbox with the code the sender gives")
    func R4_R5_everyCaseThroughTheInbox() async throws {
        try await flow.withExchangeNetwork { network, _ in
            let beNode = network.nodes["be-1"]!
            var forged: [(expected: String, row: UUID, description: String)] = []
            func enqueue(_ message: ExchangeMessage, expected: String, _ description: String) async throws {
                let row = try await beNode.federation!.enqueue(
                    to: "de-1", toAuthority: "de-imm", fromAuthority: "be-imm", kind: message.kind.rawValue, body: try message.encoded(), on: beNode.db)
                forged.append((expected, try row.requireID(), description))
            }
            for field in ContentSchemaCases.fieldCases { try await enqueue(field.message, expected: field.code, field.description) }
            for spelling in ContentSchemaCases.disguisedNationals {
                var national = ContentSchemaCases.subject
                national.nationalities = [spelling]
                try await enqueue(ContentSchemaCases.spontaneous { $0.subject = national }, expected: "policy.R5.notAForeigner", spelling)
            }
            let client = try network.client(for: "be-1")
            while await network.worker("be-1").deliverDue(client: client) > 0 {}
            try await client.shutdown()
            for (expected, id, description) in forged {
                let row = try #require(try await OutboxMessageModel.find(id, on: beNode.db))
                #expect(row.state == .failed && row.lastError == expected, "\(description)")
            }
            #expect(try await ExchangeModel.query(on: network.nodes["de-1"]!.db).count() == 0)
        }
    }

    @Test("R5 not a foreigner at the receiver: a national in any spelling is refused, an unknown code too, and nothing is stored")
    func R5_notAForeigner_forgedSpellings() async throws {
        try await flow.withExchangeNetwork { network, staff in
            func forgedRequest(nationality: String) throws -> Data {
                // Written as raw JSON so that no Swift initialiser canonicalises it first.
                var subject = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(Flow.omar)) as! [String: Any]
                subject["nationalities"] = ["SYR", nationality]
                var body =
                    try JSONSerialization.jsonObject(
                        with: try ExchangeMessage.request(
                            RequestBody(
                                exchangeID: UUID(), notificationReference: "BE-CT-1", recipientState: "DE", subject: Flow.omar, purpose: "p", legalBasis: "l",
                                urgency: .normal, handlingCode: .h0, marking: .unclassified, requestedCategories: [.identity])
                        ).encoded()) as! [String: Any]
                body["subject"] = subject
                return try JSONSerialization.data(withJSONObject: body)
            }
            for (nationality, expected) in [
                ("D<<", "policy.R5.notAForeigner"), ("deu", "policy.R5.notAForeigner"), ("fra", "policy.R5.notAForeigner"), ("REU", "policy.R5.notAForeigner"), (" AUT<", "policy.R5.notAForeigner"),
                ("ZZZ", "input.invalid"), ("DE", "input.invalid"),
            ] {
                let sent = try await forge(network, kind: .request, body: try forgedRequest(nationality: nationality))
                #expect(sent.lastError == expected, "\(nationality)")
            }
            #expect(try await ExchangeModel.query(on: network.nodes["de-1"]!.db).count() == 0)
            // The sender refuses the same spellings for a notification, with the same codes.
            let be = network.nodes["be-1"]!.exchange
            for (nationality, expected) in [("D<<", "policy.R5.notAForeigner"), ("ZZZ", "input.invalid")] {
                var person = Flow.omar
                person.nationalities = [nationality]
                #expect(
                    await flow.code { _ = try await be.createNotification(.init(subject: person, validUntil: Date().addingTimeInterval(86400), handlingCode: .h0), by: staff["be-1"]!.ct) } == expected)
            }
        }
    }

    @Test("R4 not administrative at the receiver: narrative in a date, a code or a reason is refused; the sender refuses it for records too")
    func R4_notAdministrative_forgedFields() async throws {
        try await flow.withExchangeNetwork { network, staff in
            let narrative = String(repeating: "Seen with known associates; assessed as dangerous. ", count: 8)
            var person = Flow.omar
            person.documents = [TravelDocument(type: "P", number: "N0123456", issuingState: "SYR", expiryDate: narrative)]
            let request = ExchangeMessage.request(
                RequestBody(
                    exchangeID: UUID(), notificationReference: "BE-CT-1", recipientState: "DE", subject: person, purpose: "p", legalBasis: "l",
                    urgency: .normal, handlingCode: .h0, marking: .unclassified, requestedCategories: [.identity]))
            let forgedRequest = try await forge(network, kind: .request, body: try request.encoded())
            #expect(forgedRequest.lastError == "input.invalid")
            let banned = AdministrativeSituation(entryBan: EntryBan(until: "2030-01-01", issuedBy: narrative))
            let spontaneous = ExchangeMessage.spontaneous(
                SpontaneousBody(
                    exchangeID: UUID(), notificationReference: "BE-CT-1", recipientState: "DE", subject: Flow.omar, situation: banned, purpose: "p",
                    legalBasis: "l", handlingCode: .h0, marking: .unclassified))
            let forgedInformation = try await forge(network, kind: .spontaneous, body: try spontaneous.encoded())
            #expect(forgedInformation.lastError == "input.invalid")
            #expect(try await ExchangeModel.query(on: network.nodes["de-1"]!.db).count() == 0)
            let de = network.nodes["de-1"]!.exchange
            #expect(await flow.code { _ = try await de.createRecord(reference: "DE-9", subject: person, situation: AdministrativeSituation(), by: staff["de-1"]!.imm) } == "input.invalid")
            #expect(await flow.code { _ = try await de.createRecord(reference: "DE-9", subject: Flow.omar, situation: banned, by: staff["de-1"]!.imm) } == "input.invalid")
            await #expect(throws: ServiceError.self) {
                _ = try await de.importRecords("reference,familyNames,birthDate\nDE-9,HASHIMI,1990-02-30\n", format: .csv, by: staff["de-1"]!.imm)
            }
        }
    }

    @Test("R8 personal data in a message: a contact-point message naming a notified person or holding identifiers is refused at the sender, and a forged one at the receiver")
    func R8_personalDataInMessage_contactMessages() async throws {
        try await flow.withExchangeNetwork { network, staff in
            let be = network.nodes["be-1"]!.exchange
            let beStaff = staff["be-1"]!
            _ = try await be.createNotification(.init(subject: Flow.omar, validUntil: Date().addingTimeInterval(86400), handlingCode: .h0), by: beStaff.ct)
            for text in ["Do you know Omar AL-HASHIMI?", "Subject born 14.03.1990, passport N0123456"] {
                #expect(
                    await flow.code { _ = try await be.sendContactMessage(to: "DE", title: "Question", text: text, handlingCode: .h0, marking: .unclassified, by: beStaff.ct) }
                        == "policy.R8.personalDataInMessage", "\(text)")
            }
            let fine = try await be.sendContactMessage(to: "DE", title: "Meeting", text: "Call at 10:00 CET.", handlingCode: .h0, marking: .unclassified, by: beStaff.ct)
            #expect(fine.state == .sent, "a message without personal data needs no approval")
            let refusals = try await network.nodes["be-1"]!.audit.entries(AuditFilter(action: AuditAction.ruleRefused.rawValue), on: network.nodes["be-1"]!.db)
            #expect(refusals.filter { $0.detail == "policy.R8.personalDataInMessage" }.count == 2)

            let forged = ExchangeMessage.contactMessage(
                ContactMessageBody(messageID: UUID(), title: "Check", text: "P<SYRAL<HASHIMI<<OMAR<<<<<<<<<<<<<<<<<<<<<<", handlingCode: .h0, marking: .unclassified))
            let sent = try await forge(network, kind: .contactMessage, body: try forged.encoded(), from: "be-ct", to: "de-ct")
            #expect(sent.lastError == "policy.R8.personalDataInMessage")
            let inbox = try await network.nodes["de-1"]!.exchange.inbox(for: staff["de-1"]!.ct)
            #expect(inbox.map(\.id) == [fine.id])
        }
    }

    @Test("R8 lawful processing: a refusal's reason is read by a supervisor before it leaves")
    func R8_freeTextWaitsForApproval() async throws {
        try await flow.withExchangeNetwork { network, staff in
            let be = network.nodes["be-1"]!.exchange, de = network.nodes["de-1"]!.exchange
            let (beStaff, deStaff) = (staff["be-1"]!, staff["de-1"]!)
            let notification = try await be.createNotification(.init(subject: Flow.omar, validUntil: Date().addingTimeInterval(86400), handlingCode: .h0), by: beStaff.ct)
            let id = try await be.createRequests(flow.request(to: ["DE"], notification: try notification.requireID()), by: beStaff.imm)[0].requireID()
            _ = try await be.approve(id, by: beStaff.supervisor)
            try await flow.deliver(network, from: "be-1")
            let answered = try await de.answer(id, .init(outcome: .refused, reason: "Outside our competence"), by: deStaff.imm)
            #expect(answered.answerState == .awaitingApproval)
            _ = try await de.approve(id, by: deStaff.supervisor)
            try await flow.deliver(network, from: "de-1")
            #expect(try await be.exchange(id, for: beStaff.ct).answer?.reason == "Outside our competence")
        }
    }
}
