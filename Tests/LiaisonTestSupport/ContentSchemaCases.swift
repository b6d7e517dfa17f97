import Foundation
import LiaisonCore
import LiaisonExchange
import LiaisonNode

/// Messages of every kind, valid, and the ways a misuser would change them: the catalogue
/// the content-schema tests run at the sender, as a receiver decodes, and through a real
/// node's federation inbox.
public enum ContentSchemaCases {
    public static let subject = PersonIdentity(
        familyNames: "AL-HASHIMI", givenNames: "Omar", sex: "M", birthDate: "1990-03-14", placeOfBirth: "Aleppo", nationalities: ["SYR"],
        documents: [TravelDocument(type: "P", number: "N0123456", issuingState: "SYR", expiryDate: "2030-01-31")])
    public static let situation = AdministrativeSituation(
        procedures: [Procedure(type: .internationalProtection, status: .rejected, competentAuthority: "BAMF", fileReference: "7788-439", keyDates: [KeyDate(event: "lodged", date: "2024-02-29")])],
        rightToStay: .no, entryBan: EntryBan(until: "2029-06-30", issuedBy: "BAMF"), remarks: "Appeal pending")

    public static func request(_ change: (inout RequestBody) -> Void = { _ in }) -> ExchangeMessage {
        var body = RequestBody(
            exchangeID: UUID(), notificationReference: "BE-CT-2026-0001", recipientState: "DE", subject: subject, purpose: "Follow-up of a threat notification",
            legalBasis: "Art. 6(1)(e) GDPR", urgency: .normal, handlingCode: .h0, marking: .unclassified, requestedCategories: [.internationalProtection])
        change(&body)
        return .request(body)
    }

    public static func spontaneous(_ change: (inout SpontaneousBody) -> Void = { _ in }) -> ExchangeMessage {
        var body = SpontaneousBody(
            exchangeID: UUID(), notificationReference: "BE-CT-2026-0001", recipientState: "DE", subject: subject, situation: situation,
            purpose: "Information", legalBasis: "Art. 6(1)(e) GDPR", handlingCode: .h0, marking: .unclassified)
        change(&body)
        return .spontaneous(body)
    }

    public static func answer(_ change: (inout AnswerBody) -> Void = { _ in }) -> ExchangeMessage {
        var body = AnswerBody(exchangeID: UUID(), outcome: .found, subject: subject, situation: situation, handlingCode: .h0, marking: .unclassified)
        change(&body)
        return .answer(body)
    }

    public static func followUp(_ change: (inout FollowUpBody) -> Void = { _ in }) -> ExchangeMessage {
        var body = FollowUpBody(exchangeID: UUID(), followUp: .update, reason: "New decision", subject: subject, situation: situation, handlingCode: .h0, marking: .unclassified)
        change(&body)
        return .followUp(body)
    }

    public static func message(title: String = "Meeting", _ text: String) -> ExchangeMessage {
        .contactMessage(ContactMessageBody(messageID: UUID(), title: title, text: text, handlingCode: .h0, marking: .unclassified))
    }

    /// Every way a participating state's nationality can be written: ICAO and ISO codes, lower
    /// case, MRZ fillers, blanks, and the codes of its territories.
    public static var disguisedNationals: [String] {
        var spellings: [String] = []
        for state in ParticipatingState.all where state.membership != .commission {
            let code = state.icaoCode
            spellings += [code, code.lowercased(), code.padding(toLength: 3, withPad: "<", startingAt: 0), " \(code) ", "<\(code)"]
        }
        return spellings + ["DEU", "deu", "D<<", "d", "REU", "GLP", "CUW", "FRO", "ALA", "SJM"]
    }

    /// One field of the schema with a value it must not hold, and the code it is refused with.
    public struct FieldCase: CustomStringConvertible, Sendable {
        public var description: String
        public var message: ExchangeMessage
        public var code: String
    }

    public static let narrative = String(repeating: "The subject was seen meeting known associates and is assessed as dangerous. ", count: 6)

    /// Every field × an oversize value, a wrong format, a disguised forbidden value.
    public static var fieldCases: [FieldCase] {
        func person(_ change: (inout PersonIdentity) -> Void) -> ExchangeMessage {
            var subject = Self.subject
            change(&subject)
            return request { $0.subject = subject }
        }
        func situated(_ change: (inout AdministrativeSituation) -> Void) -> ExchangeMessage {
            var situation = Self.situation
            change(&situation)
            return spontaneous { $0.situation = situation }
        }
        let invalid = "input.invalid", r4 = "policy.R4.notAdministrative"
        return [
            FieldCase(description: "familyNames oversize", message: person { $0.familyNames = narrative }, code: invalid),
            FieldCase(description: "familyNames with digits", message: person { $0.familyNames = "HASHIMI P1234567" }, code: invalid),
            FieldCase(description: "familyNames blank", message: person { $0.familyNames = "  " }, code: invalid),
            FieldCase(description: "familyNames with a line break", message: person { $0.familyNames = "HASHIMI\nThreat: high" }, code: invalid),
            FieldCase(description: "givenNames oversize", message: person { $0.givenNames = narrative }, code: invalid),
            FieldCase(description: "givenNames with a colon", message: person { $0.givenNames = "Omar; assessment: dangerous" }, code: invalid),
            FieldCase(description: "givenNames of combining marks", message: person { $0.givenNames = "O" + String(repeating: "\u{0301}", count: 500) }, code: invalid),
            FieldCase(description: "alias oversize", message: person { $0.aliases = [narrative] }, code: invalid),
            FieldCase(description: "too many aliases", message: person { $0.aliases = Array(repeating: "Abu Omar", count: 21) }, code: invalid),
            FieldCase(description: "sex not a code", message: person { $0.sex = "male, armed" }, code: invalid),
            FieldCase(description: "birthDate narrative", message: person { $0.birthDate = "1990-born in Raqqa, fought for" }, code: invalid),
            FieldCase(description: "birthDate impossible", message: person { $0.birthDate = "1990-02-30" }, code: invalid),
            FieldCase(description: "birthDate month 13", message: person { $0.birthDate = "1990-13" }, code: invalid),
            FieldCase(description: "birthDate day without month", message: person { $0.birthDate = "1990-00-14" }, code: invalid),
            FieldCase(description: "placeOfBirth oversize", message: person { $0.placeOfBirth = narrative }, code: invalid),
            FieldCase(description: "too many nationalities", message: person { $0.nationalities = ["SYR", "IRQ", "JOR", "LBN", "EGY", "TUR"] }, code: invalid),
            FieldCase(description: "document type not ICAO", message: person { $0.documents[0].type = "Passport" }, code: invalid),
            FieldCase(description: "document number with punctuation", message: person { $0.documents[0].number = "N01;armed" }, code: invalid),
            FieldCase(description: "document number oversize", message: person { $0.documents[0].number = String(repeating: "A1", count: 11) }, code: invalid),
            FieldCase(description: "document issuer unknown", message: person { $0.documents[0].issuingState = "Syria" }, code: invalid),
            FieldCase(description: "document expiry narrative", message: person { $0.documents[0].expiryDate = narrative }, code: invalid),
            FieldCase(description: "document expiry impossible", message: person { $0.documents[0].expiryDate = "2030-04-31" }, code: invalid),
            FieldCase(description: "document expiry partial", message: person { $0.documents[0].expiryDate = "2030" }, code: invalid),
            FieldCase(description: "remarks oversize", message: situated { $0.remarks = narrative + narrative }, code: r4),
            FieldCase(description: "remarks with control characters", message: situated { $0.remarks = "ok\u{0007}" }, code: invalid),
            FieldCase(description: "competentAuthority oversize", message: situated { $0.procedures[0].competentAuthority = narrative }, code: invalid),
            FieldCase(description: "competentAuthority multi-line", message: situated { $0.procedures[0].competentAuthority = "BAMF\nNote: informant" }, code: invalid),
            FieldCase(description: "fileReference oversize", message: situated { $0.procedures[0].fileReference = narrative }, code: invalid),
            FieldCase(description: "keyDate event oversize", message: situated { $0.procedures[0].keyDates[0].event = narrative }, code: invalid),
            FieldCase(description: "keyDate date impossible", message: situated { $0.procedures[0].keyDates[0].date = "2023-02-29" }, code: invalid),
            FieldCase(description: "keyDate date narrative", message: situated { $0.procedures[0].keyDates[0].date = "2024-01-01 after arrest" }, code: invalid),
            FieldCase(description: "entryBan until narrative", message: situated { $0.entryBan?.until = narrative }, code: invalid),
            FieldCase(description: "entryBan issuedBy oversize", message: situated { $0.entryBan?.issuedBy = narrative }, code: invalid),
            FieldCase(description: "request remarks oversize", message: request { $0.remarks = narrative + narrative }, code: r4),
            FieldCase(description: "request notification reference oversize", message: request { $0.notificationReference = narrative }, code: "policy.R3.noActiveNotification"),
            FieldCase(description: "request notification reference multi-line", message: request { $0.notificationReference = "BE-1\nsee file" }, code: invalid),
            FieldCase(description: "request categories repeated", message: request { $0.requestedCategories = [.identity, .identity] }, code: invalid),
            FieldCase(description: "request purpose oversize", message: request { $0.purpose = narrative + narrative }, code: "policy.R8.purposeRequired"),
            FieldCase(description: "spontaneous legal basis with control characters", message: spontaneous { $0.legalBasis = "GDPR\u{0000}" }, code: invalid),
            FieldCase(
                description: "answer reason oversize",
                message: answer {
                    $0.outcome = .refused; $0.subject = nil; $0.situation = nil; $0.reason = narrative
                }, code: r4),
            FieldCase(description: "answer late reason oversize", message: answer { $0.lateReason = narrative }, code: r4),
            FieldCase(description: "follow-up reason oversize", message: followUp { $0.reason = narrative }, code: r4),
            FieldCase(description: "withdrawal carrying an identity", message: followUp { $0.followUp = .withdrawal }, code: invalid),
        ]
    }

}
