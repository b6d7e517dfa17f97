import Foundation
import HTTPTypes
import Hummingbird
import LiaisonAccess
import LiaisonCore
import LiaisonExchange
import LiaisonNode

/// Finds the principal from a bearer token or a session cookie. It never rejects: routes
/// that need a user use `AuthenticatedContext`, which refuses a request without one.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = LiaisonRequestContext
    let auth: AuthService

    static let sessionCookie = "liaison_session"

    /// The `Set-Cookie` value that removes the session cookie, with the same attributes it was set with.
    static func expiredSessionCookie(secure: Bool) -> String {
        "\(sessionCookie)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        // The metrics route checks its own bearer (LIAISON_METRICS_TOKEN), which is not a
        // user's API token; it is never a user's page either.
        if request.uri.path == "/metrics" { return try await next(request, context) }
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer",
                let principal = try await auth.principal(forBearer: String(parts[1]), requestID: context.requestID)
            else { throw AppError.unauthenticated }
            context.principal = principal
        } else if let token = request.cookies[Self.sessionCookie]?.value, !token.isEmpty {
            context.principal = try await auth.principal(forSessionToken: token, touch: request.uri.path != "/live")
            context.expiredCredential = context.principal == nil
        }
        if let principal = context.principal { context.logger[metadataKey: "user"] = .string(principal.username) }
        return try await next(request, context)
    }
}
