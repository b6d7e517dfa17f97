import Foundation
import LiaisonCore
import Testing

/// One test per rule and refusal path, named after the rule (docs/RULES.md lists them).
@Suite("Exchange rules R1–R8")
struct ExchangeRulesTests {
    static let beIMM = ContactPoint(stateCode: "BE", kind: .immigrationAsylum)
    static let beCT = ContactPoint(stateCode: "BE", kind: .counterTerrorism)
    static let deIMM = ContactPoint(stateCode: "DE", kind: .immigrationAsylum)
    static let deCT = ContactPoint(stateCode: "DE", kind: .counterTerrorism)
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static let subject = PersonIdentity(familyNames: "AL-HASHIMI", givenNames: "Omar", sex: "M", birthDate: "1990-03-14", nationalities: ["SYR"])

    static func request(
        subject: PersonIdentity = subject, recipient: String = "DE", marking: Marking = .unclassified, purpose: String = "Follow-up of a threat notification", reference: String = "BE-CT-2026-0001"
    ) -> ExchangeMessage {
        .request(
            RequestBody(
                exchangeID: UUID(), notificationReference: reference, recipientState: recipient, subject: subject, purpose: purpose,
                legalBasis: "Art. 6(1)(e) GDPR; national aliens act", urgency: .normal, handlingCode: .h0, marking: marking,
                requestedCategories: [.internationalProtection]))
    }

    /// The code of the refusal `body` throws, nil when it passes.
    func refusal(_ body: () throws -> Void) -> PolicyError.Code? {
        do { try body() } catch let error as PolicyError { return error.code } catch { return PolicyError.Code(rawValue: "unexpected") }
        return nil
    }

    @Test("R1 same kind abroad: IMM → IMM and CT → CT pass, every cross-kind pair abroad is refused")
    func R1_sameKindAbroad() {
        #expect(refusal { try ExchangeRules.checkSameKindAbroad(from: Self.beIMM, to: Self.deIMM) } == nil)
        #expect(refusal { try ExchangeRules.checkSameKindAbroad(from: Self.beCT, to: Self.deCT) } == nil)
        #expect(refusal { try ExchangeRules.checkSameKindAbroad(from: Self.beIMM, to: Self.deCT) } == .r1SameKindAbroad)
        #expect(refusal { try ExchangeRules.checkSameKindAbroad(from: Self.beCT, to: Self.deIMM) } == .r1SameKindAbroad)
        let border = ContactPoint(stateCode: "DE", kind: .borderManagement)
        #expect(refusal { try ExchangeRules.checkSameKindAbroad(from: Self.beIMM, to: border) } == .r1SameKindAbroad)
    }

    @Test("R1 same kind abroad applies to every message kind, contact-point messages included")
    func R1_sameKindAbroad_everyKind() {
        let message = ExchangeMessage.contactMessage(ContactMessageBody(messageID: UUID(), title: "Meeting", text: "Call at 10:00.", handlingCode: .h0, marking: .unclassified))
        #expect(refusal { try ExchangeRules.checkMessage(message, from: Self.beCT, to: Self.deCT, ceiling: .default, now: Self.now) } == nil)
        #expect(refusal { try ExchangeRules.checkMessage(message, from: Self.beCT, to: Self.deIMM, ceiling: .default, now: Self.now) } == .r1SameKindAbroad)
        #expect(refusal { try ExchangeRules.checkMessage(Self.request(), from: Self.beIMM, to: Self.deCT, ceiling: .default, now: Self.now) } == .r1SameKindAbroad)
    }

    @Test("R2 national link: notifications CT → IMM and information IMM → CT within one state only")
    func R2_nationalLink() {
        #expect(refusal { try ExchangeRules.checkNationalLink(.notification, from: Self.beCT, to: Self.beIMM) } == nil)
        #expect(refusal { try ExchangeRules.checkNationalLink(.administrativeInformation, from: Self.beIMM, to: Self.beCT) } == nil)
        #expect(refusal { try ExchangeRules.checkNationalLink(.notification, from: Self.beIMM, to: Self.beCT) } == .r2WrongDirection)
        #expect(refusal { try ExchangeRules.checkNationalLink(.notification, from: Self.beCT, to: Self.deIMM) } == .r2NationalOnly)
        #expect(refusal { try ExchangeRules.checkNationalLink(.administrativeInformation, from: Self.beIMM, to: Self.deCT) } == .r2NationalOnly)
    }

    @Test("R3 CT first: no notification, a withdrawn one, one not yet or no longer valid are refused")
    func R3_ctFirst() {
        let active = NotificationStanding(validFrom: Self.now - 86400, validUntil: Self.now + 86400, withdrawn: false)
        #expect(refusal { try ExchangeRules.checkCTFirst(active, now: Self.now) } == nil)
        #expect(refusal { try ExchangeRules.checkCTFirst(nil, now: Self.now) } == .r3NoActiveNotification)
        var withdrawn = active
        withdrawn.withdrawn = true
        #expect(refusal { try ExchangeRules.checkCTFirst(withdrawn, now: Self.now) } == .r3NoActiveNotification)
        #expect(refusal { try ExchangeRules.checkCTFirst(active, now: Self.now + 2 * 86400) } == .r3NoActiveNotification)
        #expect(refusal { try ExchangeRules.checkCTFirst(active, now: Self.now - 2 * 86400) } == .r3NoActiveNotification)
    }

    @Test("R3 CT first at the receiver: a request without a notification reference is refused")
    func R3_ctFirst_receiverNeedsReference() {
        #expect(refusal { try ExchangeRules.checkMessage(Self.request(reference: " "), from: Self.beIMM, to: Self.deIMM, ceiling: .default, now: Self.now) } == .r3NoActiveNotification)
    }

    @Test("R4 administrative only: a field outside the schema is refused, at any depth")
    func R4_notAdministrative_unknownField() throws {
        let valid = try Self.request().encoded()
        var object = try #require(try JSONSerialization.jsonObject(with: valid) as? [String: Any])
        #expect(refusal { _ = try ExchangeMessage.decode(kind: .request, body: valid) } == nil)
        object["threatAssessment"] = "member of a cell"
        let topLevel = try JSONSerialization.data(withJSONObject: object)
        #expect(refusal { _ = try ExchangeMessage.decode(kind: .request, body: topLevel) } == .r4NotAdministrative)
        object.removeValue(forKey: "threatAssessment")
        var subject = try #require(object["subject"] as? [String: Any])
        subject["intelligence"] = "seen with X"
        object["subject"] = subject
        let nested = try JSONSerialization.data(withJSONObject: object)
        #expect(refusal { _ = try ExchangeMessage.decode(kind: .request, body: nested) } == .r4NotAdministrative)
    }

    @Test("R4 administrative only: long remarks and CT information sent as an exchange are refused")
    func R4_notAdministrative_remarksAndCTSenders() {
        let situation = AdministrativeSituation(remarks: String(repeating: "x", count: 501))
        #expect(refusal { try ExchangeRules.checkAdministrativeOnly(subject: nil, situation: situation, remarks: nil) } == .r4NotAdministrative)
        #expect(refusal { try ExchangeRules.checkMessage(Self.request(), from: Self.beCT, to: Self.deCT, ceiling: .default, now: Self.now) } == .r4NotAdministrative)
    }

    @Test("R5 foreigners only: an EU or Schengen national, even with a second nationality, is refused")
    func R5_notAForeigner() {
        var subject = Self.subject
        #expect(refusal { try ExchangeRules.checkForeigner(subject) } == nil)
        subject.nationalities = ["XXA"]
        #expect(refusal { try ExchangeRules.checkForeigner(subject) } == nil)
        subject.nationalities = ["SYR", "FRA"]
        #expect(refusal { try ExchangeRules.checkForeigner(subject) } == .r5NotAForeigner)
        subject.nationalities = ["D"]
        #expect(refusal { try ExchangeRules.checkForeigner(subject) } == .r5NotAForeigner)
        subject.nationalities = ["CHE"]
        #expect(refusal { try ExchangeRules.checkMessage(Self.request(subject: subject), from: Self.beIMM, to: Self.deIMM, ceiling: .default, now: Self.now) } == .r5NotAForeigner)
    }

    @Test("R6 bilateral: several states make several exchanges; none, the own state or an unknown state are refused")
    func R6_notBilateral() throws {
        let network: Set<String> = ["BE", "DE", "FR", "EU"]
        #expect(try ExchangeRules.bilateralTargets(["de", "FR", "DE"], ownState: "BE", network: network) == ["DE", "FR"])
        #expect(refusal { _ = try ExchangeRules.bilateralTargets([], ownState: "BE", network: network) } == .r6NotBilateral)
        #expect(refusal { _ = try ExchangeRules.bilateralTargets(["BE", "DE"], ownState: "BE", network: network) } == .r6NotBilateral)
        #expect(refusal { _ = try ExchangeRules.bilateralTargets(["IT"], ownState: "BE", network: network) } == .r6NotBilateral)
        // A receiver refuses an exchange addressed to another state.
        #expect(refusal { try ExchangeRules.checkMessage(Self.request(recipient: "FR"), from: Self.beIMM, to: Self.deIMM, ceiling: .default, now: Self.now) } == .r6NotBilateral)
    }

    @Test("R7 non-classified: above the ceiling is refused; LIMITE passes only where allowed")
    func R7_aboveCeiling() {
        let limite = Marking(classification: .unclassified, limite: true)
        #expect(refusal { try ExchangeRules.checkMarking(limite, ceiling: .default) } == nil)
        #expect(refusal { try ExchangeRules.checkMarking(Marking(classification: .restricted), ceiling: .default) } == .r7AboveCeiling)
        #expect(refusal { try ExchangeRules.checkMarking(limite, ceiling: MarkingCeiling(allowsLimite: false)) } == .r7AboveCeiling)
        #expect(
            refusal { try ExchangeRules.checkMessage(Self.request(marking: Marking(classification: .confidential)), from: Self.beIMM, to: Self.deIMM, ceiling: .default, now: Self.now) }
                == .r7AboveCeiling)
    }

    @Test("R8 lawful processing: purpose and legal basis required, four eyes, approval before leaving")
    func R8_lawfulProcessing() {
        #expect(refusal { try ExchangeRules.checkMessage(Self.request(purpose: "  "), from: Self.beIMM, to: Self.deIMM, ceiling: .default, now: Self.now) } == .r8PurposeRequired)
        #expect(refusal { try ExchangeRules.checkFourEyes(author: "u1", approver: "u1") } == .r8FourEyes)
        #expect(refusal { try ExchangeRules.checkFourEyes(author: "u1", approver: "u2") } == nil)
        #expect(refusal { try ExchangeRules.checkFourEyes(author: nil, approver: "u2") } == .r8FourEyes, "an author not recorded cannot be shown to be someone else")
        let request = Self.request()
        let notFound = ExchangeMessage.answer(AnswerBody(exchangeID: UUID(), outcome: .notFound, handlingCode: .h0, marking: .unclassified))
        #expect(refusal { try ExchangeRules.checkMayLeave(request, approvalRequired: true, approvedBy: nil) } == .r8ApprovalRequired)
        #expect(refusal { try ExchangeRules.checkMayLeave(request, approvalRequired: true, approvedBy: "u2") } == nil)
        #expect(refusal { try ExchangeRules.checkMayLeave(request, approvalRequired: false, approvedBy: nil) } == nil)
        #expect(refusal { try ExchangeRules.checkMayLeave(notFound, approvalRequired: true, approvedBy: nil) } == nil)
    }

    @Test("deadlines: urgent 8 hours, otherwise 7 calendar days; a late answer needs a reason")
    func deadlines() {
        let policy = DeadlinePolicy.default
        #expect(policy.deadline(receivedAt: Self.now, urgency: .urgent) == Self.now + 8 * 3600)
        #expect(policy.deadline(receivedAt: Self.now, urgency: .normal) == Self.now + 7 * 86400)
        #expect(DeadlinePolicy(urgentHours: 4, normalDays: 3).deadline(receivedAt: Self.now, urgency: .normal) == Self.now + 3 * 86400)
        let deadline = Self.now
        #expect(refusal { try ExchangeRules.checkLateReason(answeredAt: deadline + 1, deadline: deadline, lateReason: nil) } == .lateReasonRequired)
        #expect(refusal { try ExchangeRules.checkLateReason(answeredAt: deadline + 1, deadline: deadline, lateReason: "File archived") } == nil)
        #expect(refusal { try ExchangeRules.checkLateReason(answeredAt: deadline, deadline: deadline, lateReason: nil) } == nil)
    }

    @Test("answers: found needs the situation; refusals and needs-more-identifiers need a reason")
    func answerShapes() {
        func answer(_ outcome: AnswerOutcome, situation: AdministrativeSituation? = nil, reason: String? = nil) -> ExchangeMessage {
            .answer(AnswerBody(exchangeID: UUID(), outcome: outcome, situation: situation, reason: reason, handlingCode: .h0, marking: .unclassified))
        }
        #expect(refusal { try ExchangeRules.checkMessage(answer(.found), from: Self.deIMM, to: Self.beIMM, ceiling: .default, now: Self.now) } == .invalidContent)
        #expect(
            refusal { try ExchangeRules.checkMessage(answer(.found, situation: AdministrativeSituation(rightToStay: .no)), from: Self.deIMM, to: Self.beIMM, ceiling: .default, now: Self.now) } == nil)
        #expect(refusal { try ExchangeRules.checkMessage(answer(.refused), from: Self.deIMM, to: Self.beIMM, ceiling: .default, now: Self.now) } == .invalidContent)
        #expect(refusal { try ExchangeRules.checkMessage(answer(.notFound), from: Self.deIMM, to: Self.beIMM, ceiling: .default, now: Self.now) } == nil)
    }
}
