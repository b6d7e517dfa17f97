import Foundation
import LiaisonAccess
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore

extension ExchangeDetailView {
    /// The page of one exchange as `reader` sees it; the candidates of an answer are added by
    /// the route, which asks the matcher only when the reader may answer.
    init(_ exchangeView: ExchangeView, reader: Principal, readerAuthority: UUID, strings: Strings, now: Date) throws {
        let present = ExchangePresentation(strings: strings, now: now)
        let model = exchangeView.exchange
        let incoming = model.direction == ExchangeModel.Direction.incoming
        var view = ExchangeDetailView(id: model.id?.uuidString ?? "", summary: present.row(model), incoming: incoming, counterpartNode: model.counterpartNode)
        switch exchangeView.message {
        case .request(let body):
            view.person = present.person(body.subject)
            view.request = .init(
                reference: body.notificationReference, purpose: body.purpose, legalBasis: body.legalBasis,
                urgency: strings("exchange.urgency.\(body.urgency.rawValue)"), handlingCode: body.handlingCode.rawValue, marking: body.marking.label,
                categories: ExchangePresentation.text(body.requestedCategories.map { strings("exchange.category.\($0.rawValue)") }.joined(separator: ", ")),
                remarks: ExchangePresentation.text(body.remarks))
        case .spontaneous(let body):
            view.person = present.person(body.subject)
            view.request = .init(
                reference: body.notificationReference, purpose: body.purpose, legalBasis: body.legalBasis, handlingCode: body.handlingCode.rawValue,
                marking: body.marking.label)
            view.sentSituation = present.situation(body.situation)
        case .contactMessage(let body):
            view.contactMessage = .init(
                title: body.title, text: body.text, handlingCode: body.handlingCode.rawValue, marking: body.marking.label,
                inReplyTo: body.inReplyTo.map { "/exchanges/\($0.uuidString)" },
                replyHref: model.localAuthorityID == readerAuthority && reader.may(.sendContactMessages) && model.erasedAt == nil
                    ? "/messages/new?replyTo=\(model.id?.uuidString ?? "")" : nil)
        case .answer, .followUp, nil:
            break
        }
        if let answer = exchangeView.answer {
            view.answer = .init(
                outcome: strings("exchange.outcome.\(answer.outcome.rawValue)"), reason: ExchangePresentation.text(answer.reason),
                lateReason: ExchangePresentation.text(answer.lateReason),
                evaluation: ExchangePresentation.text([answer.sourceEvaluation?.rawValue, answer.informationEvaluation?.rawValue].compactMap { $0 }.joined()),
                marking: answer.marking.label, handlingCode: answer.handlingCode.rawValue, answerPerson: answer.subject.map(present.person),
                answerSituation: answer.situation.map(present.situation), at: model.answeredAt.map(DisplayFormat.minute),
                pending: model.answerState == ExchangeModel.State.awaitingApproval)
        }
        view.deliveries = exchangeView.deliveries.map { row in
            let badge = present.badge(row.state.rawValue, titles: "network.state")
            return .init(
                kind: strings.lookup("exchange.kind.\(row.kind)") ?? row.kind, stateTitle: badge.title, stateClass: badge.tone, attempts: row.attempts,
                lastError: ExchangePresentation.text(row.lastError), receipt: row.receipt != nil, delivered: row.deliveredAt.map(DisplayFormat.second))
        }
        view.events = exchangeView.events.map { event in
            var line = ExchangeDetailView.Event(
                at: DisplayFormat.minute(event.at), event: strings.lookup("exchange.event.\(event.event)") ?? event.event,
                actor: Self.actor(event.actor, counterpartNode: model.counterpartNode, counterpartState: model.counterpartState, strings: strings))
            if event.event.hasPrefix("reply-"), let body = event.body, let reply = UUID(uuidString: String(decoding: body, as: UTF8.self)) {
                line.link = "/exchanges/\(reply.uuidString)"
            }
            // A follow-up shows what it said, at both ends: the reason and what it corrected.
            if FollowUpKind(rawValue: event.event) != nil, let body = event.body, case .followUp(let followUp)? = try? ExchangeMessage.decode(kind: .followUp, body: body) {
                line.followUpReason = followUp.isNotificationWithdrawal ? strings("exchange.notificationWithdrawn") : ExchangePresentation.text(followUp.reason)
                line.correctedPerson = followUp.subject.map(present.person)
                line.correctedSituation = followUp.situation.map { situation in
                    let now = situation.currentProcedure.map { "\(strings("exchange.procedure.\($0.type.rawValue)")): \(strings("exchange.status.\($0.status.rawValue)"))" }
                    return ([strings("exchange.rightToStay.\(situation.rightToStay.rawValue)")] + [now].compactMap { $0 }).joined(separator: " · ")
                }
            }
            return line
        }
        view.rejectionReason = model.rejectionReason
        view.erasedOn = model.erasedAt.map(DisplayFormat.day)
        let pendingFollowUp = exchangeView.events.first { $0.event.hasPrefix(ExchangeService.pendingPrefix) }
        if let event = pendingFollowUp, let body = event.body, case .followUp(let followUp) = try ExchangeMessage.decode(kind: .followUp, body: body) {
            view.pendingFollowUp = .init(
                kind: strings("exchange.event.\(followUp.followUp.rawValue)"), reason: followUp.reason, author: event.actor ?? "",
                followUpSituation: followUp.situation.map(present.situation))
        }
        let pending =
            model.state == ExchangeModel.State.awaitingApproval || model.answerState == ExchangeModel.State.awaitingApproval
            || pendingFollowUp != nil
        let ownAuthority = model.localAuthorityID == readerAuthority
        view.canApprove = pending && ownAuthority && reader.may(.approveExchanges)
        view.canWithdraw =
            ownAuthority && reader.may(.sendExchanges) && model.direction == ExchangeModel.Direction.outgoing
            && model.outboxMessageID != nil && model.state != ExchangeModel.State.withdrawn
        let answeredHere = incoming && model.answerOutboxID != nil
        let sentHere = !incoming && model.outboxMessageID != nil && model.kind != ExchangeKind.contactMessage
        view.canFollowUp =
            ownAuthority && reader.may(.sendExchanges) && (answeredHere || sentHere) && pendingFollowUp == nil
            && model.state != ExchangeModel.State.withdrawn
        if answeredHere, let written = exchangeView.events.last(where: { $0.event == "answer-written" }), let reference = written.body {
            view.answerRecord = String(decoding: reference, as: UTF8.self)
        }
        view.canAnswer =
            ownAuthority && reader.may(.answerRequests) && incoming && model.kind == ExchangeKind.request
            && model.state == ExchangeModel.State.received
        if view.canAnswer {
            view.late = model.deadline.map { $0 < now } ?? false
            view.outcomes = AnswerOutcome.allCases.map { Choice(value: $0.rawValue, title: strings("exchange.outcome.\($0.rawValue)")) }
        }
        self = view
    }

    /// The answer the form starts from: "found" only when the matcher flags a likely match
    /// among the candidates, "not found" otherwise; the officer decides either way.
    mutating func proposeOutcome() {
        let proposed: AnswerOutcome = candidates.contains(where: \.match) ? .found : .notFound
        outcomes = outcomes.map { Choice(value: $0.value, title: $0.title, selected: $0.value == proposed.rawValue) }
    }

    /// Who wrote an event, as an official reads it: the other state by name, not `node:de-1`.
    static func actor(_ actor: String?, counterpartNode: String, counterpartState: String, strings: Strings) -> String? {
        guard let actor = ExchangePresentation.text(actor) else { return nil }
        guard actor == "node:\(counterpartNode)" else { return actor }
        return "\(strings.stateName(counterpartState)) (\(counterpartNode))"
    }
}
