import Foundation
import LiaisonCore
import LiaisonExchange
import LiaisonStore

extension ExchangeDetailView {
    /// What a supervisor approves: what it is, who wrote it and when, and for a follow-up
    /// what it changes in the data the other state holds, field by field.
    struct ApprovalContext {
        struct Change {
            let field: String
            let before: String
            let after: String
        }

        let what: String
        let author: String
        let at: String
        let changes: [Change]
        let hasChanges: Bool
    }

    /// The context of what waits for approval on `exchangeView`; `creator` is the display
    /// name of the official who wrote the request or information.
    static func approvalContext(_ exchangeView: ExchangeView, creator: String?, strings: Strings, present: ExchangePresentation) throws -> ApprovalContext? {
        let model = exchangeView.exchange
        let kind = strings.lookup("exchange.kind.\(model.kind)") ?? model.kind.rawValue
        if let event = exchangeView.events.first(where: { $0.event.hasPrefix(ExchangeService.pendingPrefix) }), let body = event.body,
            case .followUp(let followUp) = try ExchangeMessage.decode(kind: .followUp, body: body)
        {
            let changes = changes(of: followUp, on: exchangeView, strings: strings, present: present)
            return ApprovalContext(
                what: "\(strings("exchange.event.\(followUp.followUp.rawValue)")) · \(kind)", author: event.actor ?? "", at: DisplayFormat.minute(event.at),
                changes: changes, hasChanges: !changes.isEmpty)
        }
        if model.answerState == ExchangeModel.State.awaitingApproval, let written = exchangeView.events.last(where: { $0.event == "answer-written" }) {
            return ApprovalContext(
                what: strings("approvals.whatAnswer", ["state": model.counterpartState]), author: written.actor ?? "", at: DisplayFormat.minute(written.at),
                changes: [], hasChanges: false)
        }
        guard model.state == ExchangeModel.State.awaitingApproval else { return nil }
        return ApprovalContext(
            what: "\(kind) \(strings("exchange.to")) \(model.counterpartState)", author: creator ?? "", at: DisplayFormat.minute(model.createdAt), changes: [],
            hasChanges: false)
    }

    /// Field by field, what an update or correction replaces in what the other state holds.
    private static func changes(of followUp: FollowUpBody, on exchangeView: ExchangeView, strings: Strings, present: ExchangePresentation) -> [ApprovalContext.Change] {
        let outgoing = exchangeView.exchange.direction == ExchangeModel.Direction.outgoing
        var heldSubject: PersonIdentity?
        var heldSituation: AdministrativeSituation?
        switch exchangeView.message {
        case .request(let body) where outgoing: heldSubject = body.subject
        case .spontaneous(let body) where outgoing: (heldSubject, heldSituation) = (body.subject, body.situation)
        default: (heldSubject, heldSituation) = (exchangeView.answer?.subject, exchangeView.answer?.situation)
        }
        var result: [ApprovalContext.Change] = []
        func compare(_ key: String, _ before: String?, _ after: String?) {
            let (was, will) = (before ?? "", after ?? "")
            if was != will { result.append(.init(field: strings(key), before: was.isEmpty ? "—" : was, after: will.isEmpty ? "—" : will)) }
        }
        if let subject = followUp.subject {
            let (was, will) = (heldSubject.map(present.person), present.person(subject))
            compare("identity.name", was?.name, will.name)
            compare("identity.birthDate", was?.birthDate, will.birthDate)
            compare("identity.nationality", was?.nationalities, will.nationalities)
            compare("identity.documents", was?.documents, will.documents)
        }
        if let situation = followUp.situation {
            let (was, will) = (heldSituation.map(present.situation), present.situation(situation))
            compare("exchange.rightToStayLabel", was?.rightToStay, will.rightToStay)
            compare("exchange.procedures", was.map(procedures), procedures(will))
            compare("request.remarks", was?.remarks, will.remarks)
        }
        return result
    }

    private static func procedures(_ situation: SituationView) -> String {
        situation.procedures.map { "\($0.type): \($0.status)" }.joined(separator: "; ")
    }
}
