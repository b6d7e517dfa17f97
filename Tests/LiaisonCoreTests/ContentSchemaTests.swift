import Foundation
import LiaisonCore
import LiaisonTestSupport
import Testing

/// The rules against someone who tries to get around them: every spelling of a nationality,
/// every field of the content schema with a value it must not hold, and the free text that
/// could carry a person abroad. Each case runs twice: as the sender checks the message it
/// built, and as a receiver checks the same message decoded from a forged envelope body.
@Suite("Content schema and the rules against misuse")
struct ContentSchemaTests {
    typealias Cases = ContentSchemaCases
    static let beIMM = ContactPoint(stateCode: "BE", kind: .immigrationAsylum)
    static let deIMM = ContactPoint(stateCode: "DE", kind: .immigrationAsylum)
    static let beCT = ContactPoint(stateCode: "BE", kind: .counterTerrorism)
    static let deCT = ContactPoint(stateCode: "DE", kind: .counterTerrorism)
    static let now = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30

    /// The code the sender's check gives, and the code the receiver's gives for the same
    /// message sent as JSON (decoded as an envelope body is); both must agree.
    static func refusals(_ message: ExchangeMessage, from: ContactPoint = beIMM, to: ContactPoint = deIMM) -> (sender: String?, receiver: String?) {
        func code(_ body: () throws -> Void) -> String? {
            do { try body() } catch let error as PolicyError { return error.code.rawValue } catch { return "unexpected: \(error)" }
            return nil
        }
        let sender = code { try ExchangeRules.checkMessage(message, from: from, to: to, ceiling: .default, now: now) }
        let receiver = code {
            let decoded = try ExchangeMessage.decode(kind: message.kind, body: try message.encoded())
            try ExchangeRules.checkMessage(decoded, from: from, to: to, ceiling: .default, now: now)
        }
        return (sender, receiver)
    }

    @Test("the valid messages pass on both sides, so that every refusal below is about its one field")
    func validMessagesPass() {
        for message in [Cases.request(), Cases.spontaneous(), Cases.answer(), Cases.followUp(), Cases.message("Call at 10:00 CET.")] {
            let (sender, receiver) = Self.refusals(message, from: message.kind == .contactMessage ? Self.beCT : Self.beIMM, to: message.kind == .contactMessage ? Self.deCT : Self.deIMM)
            #expect(sender == nil && receiver == nil, "\(message.kind)")
        }
    }

    // MARK: R5

    @Test("R5 not a foreigner: every spelling of an EU or Schengen nationality is refused, in every message kind, at sender and receiver")
    func R5_notAForeigner_everySpelling() {
        for spelling in Cases.disguisedNationals {
            var national = Cases.subject
            national.nationalities = ["SYR", spelling]
            let messages = [
                Cases.request { $0.subject = national }, Cases.spontaneous { $0.subject = national },
                Cases.answer { $0.subject = national }, Cases.followUp { $0.subject = national },
            ]
            for message in messages {
                let (sender, receiver) = Self.refusals(message)
                #expect(sender == "policy.R5.notAForeigner", "\(spelling) in \(message.kind) at the sender")
                #expect(receiver == "policy.R5.notAForeigner", "\(spelling) in \(message.kind) at the receiver")
            }
            #expect(throws: PolicyError.self) { try ExchangeRules.checkForeigner(national) }
        }
    }

    @Test("R5 not a foreigner: a code that is no ICAO nationality is refused, and the canonical form is what is stored")
    func R5_notAForeigner_unknownCodes() throws {
        for code in ["ZZZ", "DE", "FR", "GERMAN", "D1", "ＦＲＡ", "EUE", "UNO", "", "SY R", "S<Y<R"] where Nationality.canonical(code) == nil {
            var subject = Cases.subject
            subject.nationalities = [code]
            let (sender, receiver) = Self.refusals(Cases.request { $0.subject = subject })
            #expect(sender == "input.invalid", "\(code)")
            #expect(receiver == "input.invalid", "\(code)")
        }
        #expect(Nationality.canonical("S<Y<R") == "SYR", "fillers are dropped wherever they are")
        #expect(Nationality.canonical("xxa") == "XXA")
        #expect(Nationality.canonical("UNO", allowingOrganisations: true) == "UNO")
        #expect(Nationality.canonical("UNO") == nil, "an organisation issues documents, it is no nationality")
        let decoded = try JSONDecoder().decode(
            PersonIdentity.self, from: Data(#"{"familyNames":"X","nationalities":["syr<"],"documents":[{"type":"p<","number":"n 0123456","issuingState":"deu"}]}"#.utf8))
        #expect(decoded.nationalities == ["SYR"])
        #expect(decoded.documents[0] == TravelDocument(type: "P", number: "N0123456", issuingState: "D"))
        #expect(PersonIdentity(familyNames: "X", nationalities: ["D<<"]).nationalities == ["D"])
    }

    // MARK: R4

    @Test("R4 not administrative: every field of the schema refuses an oversize value, a wrong format and a disguised value, with the same code at sender and receiver", arguments: Cases.fieldCases)
    func R4_notAdministrative_everyField(_ field: Cases.FieldCase) {
        let (sender, receiver) = Self.refusals(field.message)
        #expect(sender == field.code, "sender")
        #expect(receiver == field.code, "receiver")
    }

    @Test("R4 not administrative: generated values within each field's format pass, and one scalar over its limit is refused")
    func R4_notAdministrative_generatedLimits() {
        var random = SeededRandom(seed: 20261201)
        let alphabets: [[Character]] = [Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghij'-"), Array("ابتثجحخدذرزسشصضطظعغفقكلمنهوي "), Array("АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЮЯ ")]
        for _ in 0..<200 {
            let alphabet = alphabets[random.next(alphabets.count)]
            let length = 1 + random.next(ContentFormat.nameLimit - 1)
            var name = "X" + String((1..<length).map { _ in alphabet[random.next(alphabet.count)] })
            var subject = Cases.subject
            subject.familyNames = name
            #expect(Self.refusals(Cases.request { $0.subject = subject }).receiver == nil, "\(name.unicodeScalars.count) scalars")
            name += String(repeating: "A", count: ContentFormat.nameLimit + 1 - name.unicodeScalars.count)
            subject.familyNames = name
            #expect(Self.refusals(Cases.request { $0.subject = subject }).receiver == "input.invalid")
        }
        for year in [2023, 2024, 1900, 2000] {
            for month in 1...12 {
                for day in 1...31 {
                    let text = String(format: "%04d-%02d-%02d", year, month, day)
                    let real =
                        Calendar(identifier: .gregorian).date(from: DateComponents(year: year, month: month, day: day)).map {
                            Calendar(identifier: .gregorian).component(.day, from: $0) == day
                        } ?? false
                    #expect(ContentFormat.isCalendarDay(text) == real, "\(text)")
                    #expect(ContentFormat.isBirthDate(text) == real, "\(text)")
                }
            }
        }
        for partial in ["1990", "1990-05", "1990-00", "1990-00-00", "1990-05-00"] { #expect(ContentFormat.isBirthDate(partial), "\(partial)") }
        for wrong in ["90", "1990-5", "1990-05-5", "19900514", "1990/05/14", "١٩٩٠", "1990-05-14T00:00", "0990"] { #expect(!ContentFormat.isBirthDate(wrong), "\(wrong)") }
        // Months beyond 12 with a day once stopped the node (an empty range of days).
        for impossible in ["1990-13-01", "1990-30-14", "1990-99-99", "1990-13-00", "1990-13"] {
            #expect(!ContentFormat.isBirthDate(impossible), "\(impossible)")
        }
        // Nobody is born after today; this year and this month alone may stand for a birth today.
        #expect(ContentFormat.isBirthDate("2026-12-01", today: "2026-12-01") && ContentFormat.isBirthDate("2026-12", today: "2026-12-01"))
        #expect(ContentFormat.isBirthDate("2026", today: "2026-01-01") && ContentFormat.isBirthDate("2026-00-00", today: "2026-01-01"))
        for future in ["2026-12-02", "2027", "2027-01", "2026-12-02"] { #expect(!ContentFormat.isBirthDate(future, today: "2026-12-01"), "\(future)") }
        let tomorrow = Date().addingTimeInterval(86400).formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
        var unborn = Cases.subject
        unborn.birthDate = tomorrow
        #expect(Self.refusals(Cases.request { $0.subject = unborn }).receiver == "input.invalid")
    }

    // MARK: R8

    @Test("R8 personal data in a message: identifiers of a person are refused at sender and receiver; ordinary messages pass")
    func R8_personalDataInMessage() {
        let refused = [
            "Please check P<SYRAL<HASHIMI<<OMAR<<<<<<<<<<<<<<<<<<<<<<",
            "His passport is N0123456, can you confirm?",
            "Passport no. 123456789 issued in Damascus",
            "Person born 14.03.1990 in Aleppo",
            "DOB: 1990-03-14",
            "Geb. 1990, wohnhaft in Köln",
            "Mentioned on 1990-03-14 in the file",
            "Né le 14 mars 1990",
        ]
        for text in refused {
            let (sender, receiver) = Self.refusals(Cases.message(text), from: Self.beCT, to: Self.deCT)
            #expect(sender == "policy.R8.personalDataInMessage", "\(text)")
            #expect(receiver == "policy.R8.personalDataInMessage", "\(text)")
        }
        #expect(Self.refusals(Cases.message(title: "P1234567", "See title"), from: Self.beCT, to: Self.deCT).sender == "policy.R8.personalDataInMessage")
        let passes = [
            "Call at 10:00 CET.",
            "The meeting is on 2026-12-05 in Brussels, room 3.",
            "Please reply by 15.01.2027 under Regulation (EU) 2019/1240 and doc 6146/24.",
            "Our function mailbox is ct-contact@example.eu, phone +32 2 123 45 67.",
            "In 2019 the network met twice.",
        ]
        for text in passes {
            let (sender, receiver) = Self.refusals(Cases.message(text), from: Self.beCT, to: Self.deCT)
            #expect(sender == nil && receiver == nil, "\(text)")
        }
    }

    @Test("R8 personal data in a message: the sender also refuses the names of the persons it holds, in either order and any case")
    func R8_personalDataInMessage_knownPersons() {
        let screen = PersonalDataScreen(
            now: Self.now, knownPersons: [Cases.subject, PersonIdentity(familyNames: "Коваленко", givenNames: "Олександр", aliases: ["Sasha Kowalenko"], nationalities: ["UKR"])])
        for text in ["Any news on omar al-hashimi?", "HASHIMI, Omar", "Коваленко Олександр прибув", "Known as Sasha Kowalenko"] {
            #expect(screen.findings(in: text) == [.knownPerson], "\(text)")
        }
        for text in ["Omar will call you", "The Hashimi file is closed", "Kowalenko"] {
            #expect(screen.findings(in: text).isEmpty, "\(text)")
        }
    }

    @Test("R8 lawful processing: free text about the person (remarks, reasons, late reasons) waits for a supervisor; a bare not-found answer does not")
    func R8_freeTextNeedsApproval() {
        let notFound = AnswerBody(exchangeID: UUID(), outcome: .notFound, handlingCode: .h0, marking: .unclassified)
        var late = notFound
        late.lateReason = "Registry offline"
        var refused = notFound
        refused.outcome = .refused
        refused.reason = "No competence"
        #expect(!ExchangeRules.needsApproval(.answer(notFound), approvalRequired: true))
        #expect(ExchangeRules.needsApproval(.answer(late), approvalRequired: true))
        #expect(ExchangeRules.needsApproval(.answer(refused), approvalRequired: true))
        #expect(
            ExchangeRules.needsApproval(
                Cases.followUp {
                    $0.followUp = .withdrawal; $0.subject = nil; $0.situation = nil
                }, approvalRequired: true))
        #expect(!ExchangeRules.needsApproval(Cases.message("Call at 10:00"), approvalRequired: true), "a screened message needs no approval")
        #expect(!ExchangeRules.needsApproval(.answer(refused), approvalRequired: false))
    }

    // MARK: R3

    @Test("R3 CT first for follow-ups: updates need the ground standing, corrections of what was sent and withdrawals go after it ends")
    func R3_ctFirst_followUps() {
        let active = NotificationStanding(validFrom: Self.now - 86400, validUntil: Self.now + 86400, withdrawn: false)
        let withdrawn = NotificationStanding(validFrom: Self.now - 86400, validUntil: Self.now + 86400, withdrawn: true)
        let expired = NotificationStanding(validFrom: Self.now - 86400 * 10, validUntil: Self.now - 1, withdrawn: false)
        func code(_ kind: FollowUpKind, data: Bool = true, _ standing: ExchangeRules.FollowUpStanding) -> String? {
            var body = FollowUpBody(exchangeID: UUID(), followUp: kind, reason: "r", handlingCode: .h0, marking: .unclassified)
            if data { body.situation = Cases.situation }
            do { try ExchangeRules.checkCTFirst(followUp: body, on: standing, now: Self.now) } catch { return error.code.rawValue }
            return nil
        }
        func request(_ notification: NotificationStanding?, withdrawn: Bool = false) -> ExchangeRules.FollowUpStanding {
            .init(exchangeKind: .request, ground: .ownNotification(notification), withdrawn: withdrawn, sentPersonalData: true)
        }
        let r3 = "policy.R3.noActiveNotification"
        #expect(code(.update, request(active)) == nil)
        for ended in [request(withdrawn), request(expired), request(nil), request(active, withdrawn: true)] {
            #expect(code(.update, ended) == r3)
            #expect(code(.correction, ended) == nil, "a correction of what was sent still goes")
            #expect(code(.withdrawal, data: false, ended) == nil)
        }
        // The answering side: its ground is the other state's request.
        let answered = ExchangeRules.FollowUpStanding(exchangeKind: .request, ground: .counterpartExchange, withdrawn: false, sentPersonalData: false)
        #expect(code(.update, answered) == nil)
        var requestWithdrawn = answered
        requestWithdrawn.withdrawn = true
        #expect(code(.update, requestWithdrawn) == r3)
        #expect(code(.correction, requestWithdrawn) == r3, "nothing about the person was sent, so a 'correction' with data is new information")
        requestWithdrawn.sentPersonalData = true
        #expect(code(.correction, requestWithdrawn) == nil)
        let contact = ExchangeRules.FollowUpStanding(exchangeKind: .contactMessage, ground: .ownNotification(nil), withdrawn: false, sentPersonalData: false)
        #expect(code(.correction, contact) == r3)
        #expect(code(.withdrawal, data: false, contact) == nil)
        #expect(throws: PolicyError.self) { try ExchangeRules.checkRequestStands(withdrawn: true) }
    }
}

/// A small deterministic generator (SplitMix64), so a failing case can be replayed.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
