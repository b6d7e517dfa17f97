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
    func person(_ person: PersonIdentity) -> PersonView {
        let name = person.displayName
        let latin = [person.familyNames, person.givenNames ?? ""].map { Self.transliterator.latin($0) }.filter { !$0.isEmpty }.joined(separator: ", ")
        let isLatinAlready = name.unicodeScalars.allSatisfy { $0.value < 0x250 }
        return PersonView(
            name: name, latin: isLatinAlready ? nil : Self.text(latin), sex: person.sex, birthDate: person.birthDate, placeOfBirth: person.placeOfBirth,
            nationalities: person.nationalities.joined(separator: ", "), aliases: Self.text(person.aliases.joined(separator: "; ")),
            documents: Self.text(person.documents.map { "\($0.type) \($0.number) (\($0.issuingState))" }.joined(separator: "; ")))
    }

    /// One ranked record as the candidate tables show it; the first is preselected when the
    /// matcher flags it.
    func candidate(_ record: AdministrativeRecordModel, _ match: MatchCandidate, first: Bool) throws -> ExchangeDetailView.Candidate {
        ExchangeDetailView.Candidate(
            reference: record.reference, person: person(try record.person()), score: String(format: "%.2f", match.score), match: match.isMatch,
            explanation: strings.explanation(match.explanation), checked: first && match.isMatch, situation: situation(try record.administrativeSituation()))
    }

    // The choices of the exchange forms.

    func handlingCodes(selected: String?) -> [Choice] {
        HandlingCode.allCases.map { Choice(value: $0.rawValue, title: strings("exchange.handling.\($0.rawValue)"), selected: $0.rawValue == selected) }
    }

    /// The markings the node may send (R7): nothing above its ceiling is offered, only to be refused.
    static func classifications(selected: String?, ceiling: MarkingCeiling) -> [[String: Any]] {
        Classification.allCases.filter { $0 <= ceiling.classification }.map { ["value": $0.rawValue, "selected": $0.rawValue == selected] }
    }

    static func states(_ codes: [String], chosen: Set<String> = [], open: Set<String> = [], strings: Strings) -> [[String: Any]] {
        codes.map { code in ["code": code, "name": strings.stateName(code), "checked": chosen.contains(code), "open": open.contains(code)] }
    }

    /// The marking a form chose; UNCLASSIFIED when it chose none.
    static func marking(_ classification: String?, _ limite: String?) -> Marking {
        Marking(classification: Classification(rawValue: classification ?? "") ?? .unclassified, limite: limite == "on")
    }

    /// No text where there is nothing to say: a Mustache section shows for an empty string too.
    static func text(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    func situation(_ situation: AdministrativeSituation) -> SituationView {
        SituationView(
            rightToStay: strings("exchange.rightToStay.\(situation.rightToStay.rawValue)"),
            entryBan: situation.entryBan.map { ban in [ban.until ?? "", ban.issuedBy ?? ""].filter { !$0.isEmpty }.joined(separator: " · ") },
            hasEntryBan: situation.entryBan != nil, remarks: Self.text(situation.remarks),
            procedures: situation.procedures.map { procedure in
                SituationView.ProcedureView(
                    type: strings("exchange.procedure.\(procedure.type.rawValue)"), status: strings("exchange.status.\(procedure.status.rawValue)"),
                    authority: procedure.competentAuthority ?? "", file: procedure.fileReference ?? "",
                    dates: procedure.keyDates.map { "\($0.event) \($0.date)" }.joined(separator: "; "))
            })
    }

    /// How a state reads as a badge: its title and its tone.
    func badge(_ state: String, titles prefix: String) -> (title: String, tone: String) {
        let tone: String =
            switch state {
            case "answered", "delivered", "sent": "success"
            case "rejected", "failed", "withdrawn": "denied"
            default: "warn"
            }
        return (strings.lookup("\(prefix).\(state)") ?? state, tone)
    }

    /// One row of an exchange list.
    func row(_ exchange: ExchangeModel, unread: Bool = false) -> ExchangeRowView {
        let id = exchange.id?.uuidString ?? ""
        let badge = badge(exchange.state.rawValue, titles: "exchange.state")
        var subject: String?
        if let message = try? ExchangeMessage.decode(kind: exchange.kind, body: exchange.body) {
            switch message {
            case .request(let body): subject = body.subject.displayName
            case .spontaneous(let body): subject = body.subject.displayName
            case .contactMessage(let body): subject = body.title
            case .answer, .followUp: break
            }
        }
        let answer = exchange.answer.flatMap { try? JSONDecoder().decode(AnswerBody.self, from: $0) }
        return ExchangeRowView(
            id: id, shortID: String(id.prefix(8)), kind: strings.lookup("exchange.kind.\(exchange.kind)") ?? exchange.kind.rawValue,
            state: exchange.state.rawValue, stateTitle: badge.title, stateClass: badge.tone, counterpart: strings.stateName(exchange.counterpartState),
            created: DisplayFormat.minute(exchange.createdAt), urgent: exchange.urgency == .urgent, deadline: exchange.deadline.map(DisplayFormat.minute),
            dueIn: exchange.awaitsAnswer ? exchange.deadline.map { DisplayFormat.countdown(to: $0, now: now, strings: strings) } : nil,
            overdue: exchange.isOverdue(at: now), subject: subject,
            outcome: answer.map { strings("exchange.outcome.\($0.outcome.rawValue)") }, answerPending: exchange.answerState == ExchangeModel.State.awaitingApproval,
            unread: unread, arrival: unread ? exchange.arrival.flatMap { strings.lookup("arrival.\($0)") } : nil)
    }
}

/// What a page shows when a form is refused: the readable detail and the stable code.
extension Presentable {
    /// The refusal as a page shows it, in the reader's language.
    func pageFailure(_ strings: Strings, order: [String] = []) -> PageFailure { PageFailure(presented, strings: strings, order: order) }
}
