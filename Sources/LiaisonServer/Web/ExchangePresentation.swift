import Foundation
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore

/// Turns exchange values into what the templates show: names in their original script and
/// in Latin, dates in ISO 8601, states as translated badges.
struct ExchangePresentation {
    let strings: Strings
    let now: Date
    static let transliterator = Transliterator()

    /// "الهاشمي, عمر" with "AL HASHIMI, OMAR" beside it when the script is not Latin.
    func person(_ person: PersonIdentity) -> [String: Any] {
        let name = person.displayName
        let latin = [person.familyNames, person.givenNames ?? ""].map { Self.transliterator.latin($0) }.filter { !$0.isEmpty }.joined(separator: ", ")
        let isLatinAlready = name.unicodeScalars.allSatisfy { $0.value < 0x250 }
        return Self.compact([
            "name": name, "latin": isLatinAlready ? "" : latin, "sex": person.sex ?? "", "birthDate": person.birthDate ?? "",
            "placeOfBirth": person.placeOfBirth ?? "", "nationalities": person.nationalities.joined(separator: ", "),
            "aliases": person.aliases.joined(separator: "; "),
            "documents": person.documents.map { "\($0.type) \($0.number) (\($0.issuingState))" }.joined(separator: "; "),
        ])
    }

    /// One ranked record as the candidate tables show it; the first is preselected when the
    /// matcher flags it.
    func candidate(_ record: AdministrativeRecordModel, _ match: MatchCandidate, first: Bool) throws -> [String: Any] {
        var row = person(try record.person())
        row["reference"] = record.reference
        row["score"] = String(format: "%.2f", match.score)
        row["match"] = match.isMatch
        row["explanation"] = match.explanation
        row["checked"] = first && match.isMatch
        row["situation"] = situation(try record.administrativeSituation())
        return row
    }

    // The choices of the exchange forms.

    func handlingCodes(selected: String?) -> [[String: Any]] {
        HandlingCode.allCases.map { ["value": $0.rawValue, "title": strings("exchange.handling.\($0.rawValue)"), "selected": $0.rawValue == selected] }
    }

    static func classifications(selected: String?) -> [[String: Any]] {
        Classification.allCases.map { ["value": $0.rawValue, "selected": $0.rawValue == selected] }
    }

    static func states(_ codes: [String], chosen: Set<String> = []) -> [[String: Any]] {
        codes.map { code in ["code": code, "name": ParticipatingState.named(code)?.name ?? code, "checked": chosen.contains(code)] }
    }

    /// The marking a form chose; UNCLASSIFIED when it chose none.
    static func marking(_ classification: String?, _ limite: String?) -> Marking {
        Marking(classification: Classification(rawValue: classification ?? "") ?? .unclassified, limite: limite == "on")
    }

    /// Without its empty texts: a Mustache section shows for an empty string too.
    static func compact(_ values: [String: Any]) -> [String: Any] {
        values.filter { !(($0.value as? String)?.isEmpty ?? false) }
    }

    func situation(_ situation: AdministrativeSituation) -> [String: Any] {
        Self.compact([
            "rightToStay": strings("exchange.rightToStay.\(situation.rightToStay.rawValue)"),
            "entryBan": situation.entryBan.map { ban in [ban.until ?? "", ban.issuedBy ?? ""].filter { !$0.isEmpty }.joined(separator: " · ") } ?? "",
            "hasEntryBan": situation.entryBan != nil,
            "remarks": situation.remarks ?? "",
            "procedures": situation.procedures.map { procedure -> [String: Any] in
                [
                    "type": strings("exchange.procedure.\(procedure.type.rawValue)"), "status": strings("exchange.status.\(procedure.status.rawValue)"),
                    "authority": procedure.competentAuthority ?? "", "file": procedure.fileReference ?? "",
                    "dates": procedure.keyDates.map { "\($0.event) \($0.date)" }.joined(separator: "; "),
                ]
            },
        ])
    }

    func stateBadge(_ state: String) -> [String: Any] {
        let tone: String =
            switch state {
            case "answered", "delivered", "sent": "success"
            case "rejected", "failed", "withdrawn": "denied"
            default: "warn"
            }
        return ["state": state, "stateTitle": strings.lookup("exchange.state.\(state)") ?? state, "stateClass": tone]
    }

    /// One row of an exchange list.
    func row(_ exchange: ExchangeModel) -> [String: Any] {
        var row: [String: Any] = stateBadge(exchange.state.rawValue)
        let id = exchange.id?.uuidString ?? ""
        row["id"] = id
        row["shortID"] = String(id.prefix(8))
        row["kind"] = strings.lookup("exchange.kind.\(exchange.kind)") ?? exchange.kind.rawValue
        row["counterpart"] = exchange.counterpartState
        row["created"] = DisplayFormat.minute(exchange.createdAt)
        row["urgent"] = exchange.urgency == .urgent
        if let deadline = exchange.deadline {
            row["deadline"] = DisplayFormat.minute(deadline)
            row["overdue"] = exchange.state == ExchangeModel.State.received && deadline < now
        }
        if let message = try? ExchangeMessage.decode(kind: exchange.kind, body: exchange.body) {
            switch message {
            case .request(let body): row["subject"] = body.subject.displayName
            case .spontaneous(let body): row["subject"] = body.subject.displayName
            case .contactMessage(let body): row["subject"] = body.title
            case .answer, .followUp: break
            }
        }
        if let answer = exchange.answer.flatMap({ try? JSONDecoder().decode(AnswerBody.self, from: $0) }) {
            row["outcome"] = strings("exchange.outcome.\(answer.outcome.rawValue)")
        }
        if exchange.answerState == ExchangeModel.State.awaitingApproval {
            row["answerPending"] = true
        }
        return row
    }
}

/// What a page shows when a form is refused: the readable detail and the stable code.
extension PolicyError {
    var pageFailure: [String: Any] { ["detail": detail, "code": code.rawValue] }
}

extension AppError {
    var pageFailure: [String: Any] { ["detail": detail, "code": code] }
}
