import Foundation
import Hummingbird
import LiaisonCore
import LiaisonExchange
import LiaisonFederation
import LiaisonNode
import LiaisonStore

/// One exchange: what was sent or received, its delivery and receipt, its answer and
/// history; and what the user may do next — approve or reject (supervisor), choose a
/// candidate and answer (receiving officer), withdraw (sender).
struct ExchangeDetailRoutes {
    let services: LiaisonServices

    struct AnswerForm: Decodable {
        var outcome: String?
        var recordReference: String?
        var reason: String?
        var lateReason: String?
        var sourceEvaluation: String?
        var informationEvaluation: String?
    }

    struct FollowUpForm: Decodable {
        var followUp: String?
        var reason: String?
        var recordReference: String?
    }

    func register(on routes: ProtectedRoutes) {
        let exchange = services.exchange
        routes.get("/exchanges/{id}", .viewExchanges) { _, context in
            try await page(context, id: try APIRoutes.id(context))
        }
        routes.post("/exchanges/{id}/approve", .approveExchanges) { request, context in
            _ = try await services.form(ExchangeRoutes.Empty.self, from: request, context: context)
            let id = try APIRoutes.id(context)
            return try await act(context, id: id) { _ = try await exchange.approve(id, by: context.exchangeActor) }
        }
        routes.post("/exchanges/{id}/reject", .approveExchanges) { request, context in
            let form = try await services.form(ExchangeRoutes.ReasonForm.self, from: request, context: context)
            let id = try APIRoutes.id(context)
            return try await act(context, id: id) { _ = try await exchange.reject(id, reason: form.reason ?? "", by: context.exchangeActor) }
        }
        routes.post("/exchanges/{id}/answer", .answerRequests) { request, context in
            let form = try await services.form(AnswerForm.self, from: request, context: context)
            let id = try APIRoutes.id(context)
            return try await act(context, id: id) {
                guard let outcome = AnswerOutcome(rawValue: form.outcome ?? "") else {
                    throw AppError.invalid("Choose how to answer.", fields: ["outcome": "Required."])
                }
                func text(_ value: String?) -> String? { (value ?? "").trimmingCharacters(in: .whitespaces).isEmpty ? nil : value }
                _ = try await exchange.answer(
                    id,
                    .init(
                        outcome: outcome, recordReference: text(form.recordReference), reason: text(form.reason), lateReason: text(form.lateReason),
                        sourceEvaluation: SourceEvaluation(rawValue: form.sourceEvaluation ?? ""),
                        informationEvaluation: InformationEvaluation(rawValue: form.informationEvaluation ?? "")),
                    by: context.exchangeActor)
            }
        }
        routes.post("/exchanges/{id}/follow-up", .sendExchanges) { request, context in
            let form = try await services.form(FollowUpForm.self, from: request, context: context)
            let id = try APIRoutes.id(context)
            return try await act(context, id: id) {
                guard let kind = FollowUpKind(rawValue: form.followUp ?? ""), kind != .withdrawal else {
                    throw AppError.invalid("Choose update or correction.", fields: ["followUp": "update or correction"])
                }
                var subject: PersonIdentity?, situation: AdministrativeSituation?
                if let reference = form.recordReference?.trimmingCharacters(in: .whitespaces), !reference.isEmpty {
                    let record = try await services.exchange.record(reference: reference)
                    subject = try record.person()
                    situation = try record.administrativeSituation()
                }
                _ = try await exchange.followUp(id, kind, reason: form.reason ?? "", subject: subject, situation: situation, by: context.exchangeActor)
            }
        }
        routes.post("/exchanges/{id}/withdraw", .sendExchanges) { request, context in
            let form = try await services.form(ExchangeRoutes.ReasonForm.self, from: request, context: context)
            let id = try APIRoutes.id(context)
            return try await act(context, id: id) {
                _ = try await exchange.followUp(id, .withdrawal, reason: form.reason ?? "", wholeBatch: false, by: context.exchangeActor)
            }
        }
    }

    /// Runs an action and returns to the exchange; a refusal is shown on the same page.
    func act(_ context: AuthenticatedContext, id: UUID, _ action: () async throws -> Void) async throws -> Response {
        do {
            try await action()
            return Response.redirect("/exchanges/\(id.uuidString)")
        } catch let error as PolicyError {
            return try await page(context, id: id, failure: error.pageFailure, status: error.isAboutContent ? .unprocessableContent : .forbidden)
        } catch let presentable as any Presentable where presentable.presented.status != .notFound {
            let error = presentable.presented
            return try await page(context, id: id, failure: error.pageFailure, status: error.status)
        }
    }

    func page(_ context: AuthenticatedContext, id: UUID, failure: [String: Any]? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let strings = services.renderer.strings(context)
        let present = ExchangePresentation(strings: strings, now: services.clock())
        let view = try await services.exchange.exchange(id, for: context.exchangeActor)
        let model = view.exchange
        let principal = context.principal
        var data: [String: Any] = present.row(model)
        data["incoming"] = model.direction == ExchangeModel.Direction.incoming
        data["counterpartNode"] = model.counterpartNode
        switch view.message {
        case .request(let body):
            data["person"] = present.person(body.subject)
            data["request"] = ExchangePresentation.compact([
                "reference": body.notificationReference, "purpose": body.purpose, "legalBasis": body.legalBasis,
                "urgency": strings("exchange.urgency.\(body.urgency.rawValue)"), "handlingCode": body.handlingCode.rawValue, "marking": body.marking.label,
                "categories": body.requestedCategories.map { strings("exchange.category.\($0.rawValue)") }.joined(separator: ", "), "remarks": body.remarks ?? "",
            ])
        case .spontaneous(let body):
            data["person"] = present.person(body.subject)
            data["request"] = [
                "reference": body.notificationReference, "purpose": body.purpose, "legalBasis": body.legalBasis, "handlingCode": body.handlingCode.rawValue,
                "marking": body.marking.label,
            ]
            data["sentSituation"] = present.situation(body.situation)
        case .contactMessage(let body):
            data["contactMessage"] = ["title": body.title, "text": body.text, "handlingCode": body.handlingCode.rawValue, "marking": body.marking.label]
        case .answer, .followUp, nil:
            break
        }
        if let answer = view.answer {
            var shown: [String: Any] = ExchangePresentation.compact([
                "outcome": strings("exchange.outcome.\(answer.outcome.rawValue)"), "reason": answer.reason ?? "", "lateReason": answer.lateReason ?? "",
                "evaluation": [answer.sourceEvaluation?.rawValue, answer.informationEvaluation?.rawValue].compactMap { $0 }.joined(),
                "marking": answer.marking.label, "handlingCode": answer.handlingCode.rawValue,
            ])
            if let subject = answer.subject { shown["person"] = present.person(subject) }
            if let situation = answer.situation { shown["situation"] = present.situation(situation) }
            if let answeredAt = model.answeredAt { shown["at"] = DisplayFormat.minute(answeredAt) }
            if let state = model.answerState { shown["pending"] = state == ExchangeModel.State.awaitingApproval }
            data["answer"] = shown
        }
        data["deliveries"] = view.deliveries.map { row -> [String: Any] in
            ExchangePresentation.compact([
                "kind": strings.lookup("exchange.kind.\(row.kind)") ?? row.kind,
                "stateTitle": strings.lookup("network.state.\(row.state)") ?? row.state,
                "stateClass": row.state == "delivered" ? "success" : (row.state == "failed" ? "denied" : "warn"),
                "attempts": row.attempts, "lastError": row.lastError ?? "", "receipt": row.receipt != nil,
                "delivered": row.deliveredAt.map(DisplayFormat.second) ?? "",
            ])
        }
        data["events"] = view.events.map { ["at": DisplayFormat.minute($0.at), "event": strings.lookup("exchange.event.\($0.event)") ?? $0.event, "actor": $0.actor ?? ""] }
        if let reason = model.rejectionReason { data["rejectionReason"] = reason }
        let pendingFollowUp = view.events.first { $0.event.hasPrefix(ExchangeService.pendingPrefix) }
        if let event = pendingFollowUp, let body = event.body, case .followUp(let followUp) = try ExchangeMessage.decode(kind: .followUp, body: body) {
            var shown: [String: Any] = ["kind": strings("exchange.event.\(followUp.followUp.rawValue)"), "reason": followUp.reason, "author": event.actor ?? ""]
            if let situation = followUp.situation { shown["situation"] = present.situation(situation) }
            data["pendingFollowUp"] = shown
        }
        let pending =
            model.state == ExchangeModel.State.awaitingApproval || model.answerState == ExchangeModel.State.awaitingApproval
            || pendingFollowUp != nil
        let ownAuthority = model.localAuthorityID == context.exchangeActor.authorityID
        data["canApprove"] = pending && ownAuthority && principal.may(.approveExchanges)
        data["canWithdraw"] =
            ownAuthority && principal.may(.sendExchanges) && model.direction == ExchangeModel.Direction.outgoing
            && model.outboxMessageID != nil && model.state != ExchangeModel.State.withdrawn
        let answeredHere = data["incoming"] as? Bool == true && model.answerOutboxID != nil
        let sentHere = data["incoming"] as? Bool != true && model.outboxMessageID != nil && model.kind != ExchangeKind.contactMessage
        data["canFollowUp"] =
            ownAuthority && principal.may(.sendExchanges) && (answeredHere || sentHere) && pendingFollowUp == nil
            && model.state != ExchangeModel.State.withdrawn
        if answeredHere, let written = view.events.last(where: { $0.event == "answer-written" }), let reference = written.body {
            data["answerRecord"] = String(decoding: reference, as: UTF8.self)
        }
        let canAnswer =
            ownAuthority && principal.may(.answerRequests) && data["incoming"] as? Bool == true
            && model.kind == ExchangeKind.request && model.state == ExchangeModel.State.received
        data["canAnswer"] = canAnswer
        if canAnswer {
            data["candidates"] = try await services.exchange.candidates(for: id, by: context.exchangeActor).enumerated().map { index, pair in
                try present.candidate(pair.0, pair.1, first: index == 0)
            }
            data["late"] = model.deadline.map { $0 < services.clock() } ?? false
            data["outcomes"] = AnswerOutcome.allCases.map { ["value": $0.rawValue, "title": strings("exchange.outcome.\($0.rawValue)")] }
        }
        if let failure { data["failure"] = failure }
        return services.renderer.page(
            "exchange", title: strings("exchange.title"), request: context, principal: principal,
            currentPath: data["incoming"] as? Bool == true ? "/inbox" : "/exchanges", data: data, status: status)
    }
}
