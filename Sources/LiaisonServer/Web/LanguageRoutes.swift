import Foundation
import HTTPTypes
import Hummingbird

/// Chooses the language of every page before any handler, or the error page, renders one:
/// the `liaison_lang` cookie, else `Accept-Language`, else English. It also notes the
/// address the page's language switcher should come back to.
struct LanguageMiddleware: RouterMiddleware {
    typealias Context = LiaisonRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.language = Language.negotiate(
            cookie: request.cookies[Language.cookieName]?.value, acceptLanguage: request.headers[.acceptLanguage])
        // A page answering a form post is not at an address one can come back to by GET;
        // the renderer then uses the page's own section instead.
        if request.method == .get || request.method == .head {
            context.pagePath = request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        }
        return try await next(request, context)
    }
}

/// `GET /language/{code}?next=/path`: remembers the choice in a cookie and goes back.
/// A link rather than a form post: it changes no data on the node, only a preference in this
/// browser, so it needs no CSRF token and works on the sign-in page like everywhere else.
struct LanguageRoutes {
    let services: LiaisonServices

    static let cookieLifetime = 365 * 86400

    func register(on router: Router<LiaisonRequestContext>) {
        router.get("/language/{code}") { request, context in
            guard let language = Language(rawValue: try context.parameters.require("code")) else { throw AppError.notFound }
            var parts = ["\(Language.cookieName)=\(language.rawValue)", "Path=/", "Max-Age=\(Self.cookieLifetime)", "HttpOnly", "SameSite=Strict"]
            if services.configuration.servedOverTLS { parts.append("Secure") }
            let next = request.uri.queryParameters["next"].map(String.init)
            return Response.redirect(Self.returnPath(next), headers: [.setCookie: parts.joined(separator: "; ")])
        }
    }

    /// Where to go back to: the same rules as after sign-in (same-site paths only), except
    /// that the sign-in page itself is a fine place to return to.
    static func returnPath(_ next: String?) -> String {
        if let next, next == "/signin" || next.hasPrefix("/signin?"), SignInRoutes.isSameSitePath(next) { return next }
        return SignInRoutes.safeNext(next)
    }

    /// The switcher's entries for a page at `path`.
    static func links(current: Language, path: String) -> [[String: Any]] {
        let next = path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_.~"))) ?? "/dashboard"
        return Language.allCases.map { language -> [String: Any] in
            ["code": language.rawValue, "name": language.endonym, "href": "/language/\(language.rawValue)?next=\(next)", "current": language == current]
        }
    }
}
