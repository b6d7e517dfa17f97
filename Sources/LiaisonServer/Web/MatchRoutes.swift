import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
import LiaisonExchange

/// Matches to decide: the officer of the immigration contact point compares a notified person
/// with a record the matcher suggests, and confirms or rejects the pair with a reason.
struct MatchRoutes {
    let services: LiaisonServices

    struct DecisionForm: Decodable {
        var decision: String?
        var reason: String?
    }

    func register(web: ProtectedRoutes, api: ProtectedRoutes) {
        let exchange = services.exchange
        web.get("/matches", .decideMatches) { request, context in
            let strings = services.renderer.strings(context)
            let decided = request.uri.queryParameters.get("decided").flatMap(MatchDecision.init(rawValue:))
            return try await page(context, notice: decided.map { strings("matches.done.\($0.rawValue)") })
        }
        web.post("/matches/{id}", .decideMatches) { request, context in
            let form = try await services.form(DecisionForm.self, from: request, context: context)
            let id = try APIRoutes.id(context)
            guard let confirm = ["confirm": true, "reject": false][form.decision ?? ""] else {
                throw AppError.invalid("Choose confirm or reject.", fields: ["decision": "Required."])
            }
            do {
                let outcome = try await exchange.decideMatch(id, confirm: confirm, reason: form.reason, by: context.exchangeActor)
                return Response.redirect("/matches?decided=\(outcome.decision.state.rawValue)")
            } catch let presentable as any Presentable {
                return try await page(context, failed: (id, form.reason ?? "", presentable.presented))
            }
        }
        api.get("/matches", .decideMatches) { _, context in
            try json(try await exchange.matchSuggestions(for: context.exchangeActor).map(Self.suggestion))
        }
        for (path, confirm) in [("confirm", true), ("reject", false)] {
            api.post("/matches/{id}/\(path)", .decideMatches) { request, context in
                let input = try await services.closedJSON(API.MatchDecisionInput.self, from: request, context: context)
                let outcome = try await exchange.decideMatch(try APIRoutes.id(context), confirm: confirm, reason: input.reason, by: context.exchangeActor)
                let pair = outcome.decision
                return try json(
                    API.MatchDecisionOutcome(
                        id: pair.id?.uuidString ?? "", state: pair.state == .confirmed ? .confirmed : .rejected, decidedBy: pair.decidedBy ?? "",
                        decidedAt: pair.decidedAt ?? pair.updatedAt, automatic: pair.automatic, alertsReleased: outcome.alertsReleased))
            }
        }
    }

    static func suggestion(_ item: ExchangeService.MatchSuggestion) throws -> API.MatchSuggestion {
        API.MatchSuggestion(
            id: item.decision.id?.uuidString ?? "", notificationReference: item.notification.reference, recordReference: item.record.reference,
            notifiedPerson: item.notifiedPerson, recordPerson: item.recordPerson, score: item.decision.score, explanation: item.decision.explanation,
            heldChanges: try item.decision.held().count, suggestedAt: item.decision.updatedAt)
    }

    /// The page of pairs waiting; after a refused decision, that pair shows the reason typed
    /// and what was wrong with it.
    private func page(_ context: AuthenticatedContext, notice: String? = nil, failed: (UUID, String, AppError)? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let present = ExchangePresentation(strings: strings, now: services.clock())
        let suggestions = try await services.exchange.matchSuggestions(for: context.exchangeActor)
        var rows: [[String: Any]] = []
        for item in suggestions {
            let id = item.decision.id ?? UUID()
            let held = try item.decision.held().count
            var row: [String: Any] = [
                "id": id.uuidString, "notification": item.notification.reference, "record": item.record.reference,
                "notified": present.person(item.notifiedPerson), "recorded": present.person(item.recordPerson),
                "score": String(format: "%.2f", item.decision.score), "explanation": strings.explanation(item.decision.explanation),
                "held": held == 0 ? "" : strings("matches.held", ["count": String(held)]),
            ]
            if let (failedID, reason, error) = failed, failedID == id {
                row["reason"] = reason
                row["error"] = strings.fields(of: error)["reason"] ?? strings.detail(of: error)
            }
            rows.append(row)
        }
        var data: [String: Any] = ["suggestions": rows]
        if let notice { data["decided"] = notice }
        if let failed { data["failure"] = strings.detail(of: failed.2) }
        return services.renderer.page(
            "matches", title: strings("matches.title"), request: context, principal: context.principal, currentPath: "/matches", data: data,
            status: failed?.2.status ?? .ok)
    }
}
