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
            return try await act(context, id: id, done: "approved") { _ = try await exchange.approve(id, by: context.exchangeActor) }
        }
        routes.post("/exchanges/{id}/reject", .approveExchanges) { request, context in
            let form = try await services.form(ExchangeRoutes.ReasonForm.self, from: request, context: context)
            let id = try APIRoutes.id(context)
            return try await act(context, id: id, done: "rejected") { _ = try await exchange.reject(id, reason: form.reason ?? "", by: context.exchangeActor) }
        }
        routes.post("/exchanges/{id}/answer", .answerRequests) { request, context in
            let form = try await services.form(AnswerForm.self, from: request, context: context)
            let id = try APIRoutes.id(context)
            return try await act(context, id: id, done: "answered") {
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
            return try await act(context, id: id, done: "follow-up-sent") {
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
            return try await act(context, id: id, done: "withdrawn") {
                _ = try await exchange.followUp(id, .withdrawal, reason: form.reason ?? "", wholeBatch: false, by: context.exchangeActor)
            }
        }
    }

    /// Runs an action and returns to the exchange; a refusal is shown on the same page.
    func act(_ context: AuthenticatedContext, id: UUID, done: String, _ action: () async throws -> Void) async throws -> Response {
        do {
            try await action()
            return Response.redirect("/exchanges/\(id.uuidString)?done=\(done)")
        } catch let error as PolicyError {
            return try await page(context, id: id, failure: error.pageFailure(services.renderer.strings(context)), status: error.isAboutContent ? .unprocessableContent : .forbidden)
        } catch let presentable as any Presentable where presentable.presented.status != .notFound {
            let error = presentable.presented
            return try await page(context, id: id, failure: error.pageFailure(services.renderer.strings(context)), status: error.status)
        }
    }

    func page(_ context: AuthenticatedContext, id: UUID, failure: PageFailure? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let strings = services.renderer.strings(context)
        let exchangeView = try await services.exchange.exchange(id, for: context.exchangeActor)
        try await services.exchange.markSeen(id, by: context.exchangeActor)
        var view = try ExchangeDetailView(
            exchangeView, reader: context.principal, readerAuthority: context.exchangeActor.authorityID, strings: strings, now: services.clock())
        if view.canApprove {
            var creator: String?
            if let author = exchangeView.exchange.createdBy { creator = try await UserModel.find(author, on: services.db)?.displayName }
            view.approval = try ExchangeDetailView.approvalContext(
                exchangeView, creator: creator, strings: strings, present: ExchangePresentation(strings: strings, now: services.clock()))
        }
        if view.canAnswer {
            let present = ExchangePresentation(strings: strings, now: services.clock())
            view.candidates = try await services.exchange.candidates(for: id, by: context.exchangeActor).enumerated().map { index, pair in
                try present.candidate(pair.0, pair.1, first: index == 0)
            }
            view.proposeOutcome()
        }
        view.failure = failure
        return services.renderer.page(
            "exchange", title: strings("exchange.title"), request: context, principal: context.principal,
            currentPath: view.incoming ? "/inbox" : "/exchanges", view: view, status: status)
    }
}
