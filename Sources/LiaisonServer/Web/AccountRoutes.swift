import Foundation
import Hummingbird
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore

/// The signed-in user's own account: API tokens and sessions.
struct AccountRoutes {
    let services: LiaisonServices

    struct TokenForm: Decodable {
        var name: String?
        var lifetimeDays: String?
    }

    struct PasswordForm: Decodable {
        var currentPassword: String?
        var newPassword: String?
        var confirmation: String?
        var code: String?
    }

    struct Empty: Decodable {}

    func register(on routes: ProtectedRoutes) {
        routes.post("/signout", .manageOwnAccount) { request, context in
            _ = try await services.form(Empty.self, from: request, context: context)
            if case .session(let id, _) = context.principal.credential {
                try await services.auth.signOut(sessionID: id, actor: context.actor, requestID: context.requestID)
            }
            return Response.redirect("/signin", headers: [.setCookie: AuthenticationMiddleware.expiredSessionCookie(secure: services.configuration.servedOverTLS)])
        }
        routes.post("/signout-everywhere", .manageOwnAccount) { request, context in
            _ = try await services.form(Empty.self, from: request, context: context)
            try await services.auth.signOutEverywhere(userID: context.principal.userID, actor: context.actor, requestID: context.requestID)
            return Response.redirect("/signin", headers: [.setCookie: AuthenticationMiddleware.expiredSessionCookie(secure: services.configuration.servedOverTLS)])
        }
        routes.get("/account", .manageOwnAccount) { request, context in
            try await page(context)
        }
        routes.post("/account/tokens", .manageOwnAccount) { request, context in
            let form = try await services.form(TokenForm.self, from: request, context: context)
            let days = form.lifetimeDays.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            do {
                let issued = try await services.auth.issueToken(
                    userID: context.principal.userID, actor: context.actor, name: form.name ?? "", lifetimeDays: days,
                    requestID: context.requestID)
                return try await page(context, newToken: issued.token)
            } catch let presentable as any Presentable {
                let failure = presentable.pageFailure(services.renderer.strings(context), order: ["name", "lifetimeDays"])
                return try await page(context, failure: failure, status: presentable.presented.status)
            }
        }
        routes.post("/account/password", .manageOwnAccount) { request, context in
            let form = try await services.form(PasswordForm.self, from: request, context: context)
            var keeping: UUID?
            if case .session(let id, _) = context.principal.credential { keeping = id }
            do {
                try await services.auth.changePassword(
                    userID: context.principal.userID, keeping: keeping, current: form.currentPassword ?? "", new: form.newPassword ?? "",
                    confirmation: form.confirmation ?? "", code: form.code ?? "", actor: context.actor, requestID: context.requestID)
                return Response.redirect("/account?done=password-changed")
            } catch let presentable as any Presentable {
                let failure = presentable.pageFailure(
                    services.renderer.strings(context), order: ["currentPassword", "newPassword", "confirmation", "code"])
                return try await page(context, failure: failure, status: presentable.presented.status)
            }
        }
        routes.post("/account/tokens/{id}/revoke", .manageOwnAccount) { request, context in
            _ = try await services.form(Empty.self, from: request, context: context)
            guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
            try await services.auth.revokeToken(id: id, of: context.principal.userID, actor: context.actor, requestID: context.requestID)
            return Response.redirect("/account")
        }
    }

    private func page(
        _ context: AuthenticatedContext, newToken: String? = nil, failure: PageFailure? = nil, status: HTTPResponse.Status = .ok
    ) async throws -> Response {
        let now = services.clock()
        let strings = services.renderer.strings(context)
        let tokens = try await services.auth.tokens(of: context.principal.userID).map { token -> [String: Any] in
            let state = token.revokedAt != nil ? "revoked" : (token.expiresAt <= now ? "expired" : "active")
            return [
                "id": token.id?.uuidString ?? "", "name": token.name, "prefix": token.prefix,
                "created": DisplayFormat.day(token.createdAt), "expires": DisplayFormat.day(token.expiresAt),
                "lastUsed": token.lastUsedAt.map(DisplayFormat.minute) ?? strings("account.never"), "state": strings("token.state.\(state)"),
                "stateClass": state == "active" ? "success" : "muted", "active": state == "active",
            ]
        }
        var data: [String: Any] = ["tokens": tokens, "maxDays": Int(services.configuration.apiTokenLifetime / 86400)]
        if let newToken { data["newToken"] = newToken }
        if let failure { data["failure"] = failure }
        return services.renderer.page(
            "account", title: strings("account.title"), request: context, principal: context.principal, currentPath: "/account", data: data,
            status: status)
    }
}

/// Dates as officials read them: ISO 8601, UTC.
enum DisplayFormat {
    static func day(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }

    /// A time to the minute, with its zone said: officials in every time zone of the network
    /// read the same deadline, and "11:46" alone reads as local time.
    static func minute(_ date: Date) -> String {
        let style = Date.ISO8601FormatStyle(timeZone: .gmt)
        return String(date.formatted(style).prefix(16)).replacingOccurrences(of: "T", with: " ") + " UTC"
    }

    /// The time left until `deadline`, or past it, to the minute: "due in 2 d 3 h",
    /// "due in 5 h 12 min", "40 min overdue".
    static func countdown(to deadline: Date, now: Date, strings: Strings) -> String {
        let minutes = Int((abs(deadline.timeIntervalSince(now)) / 60).rounded(.up))
        let (days, hours, rest) = (minutes / 1440, minutes % 1440 / 60, minutes % 60)
        let span =
            days > 0
            ? strings("time.span.days", ["d": String(days), "h": String(hours)])
            : hours > 0 ? strings("time.span.hours", ["h": String(hours), "m": String(rest)]) : strings("time.span.minutes", ["m": String(rest)])
        return strings(deadline < now ? "time.overdueBy" : "time.dueIn", ["span": span])
    }

    static func second(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }
}
