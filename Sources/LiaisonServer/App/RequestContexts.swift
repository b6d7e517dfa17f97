import Foundation
import Hummingbird
import LiaisonAccess
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import Logging

/// The context of every request: a request id for the logs, and the principal once the
/// authentication middleware has found one.
public struct LiaisonRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var requestID: String
    public var principal: Principal?
    /// Set when a request presented a session or token that is no longer valid, so the
    /// sign-in page can say why.
    public var expiredCredential = false
    /// The peer's address, for throttling sign-in attempts per client.
    public let clientAddress: String
    /// The language of pages, and the address a page's language switcher returns to (nil
    /// for a form post); set by `LanguageMiddleware` before any page, the error page
    /// included, is rendered.
    public var language: Language = .english
    public var pagePath: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
        self.requestID = Secrets.randomToken(bytes: 9)
        self.principal = nil
    }
}

/// The context of routes that require a signed-in user: its principal is not optional, so
/// a handler cannot forget to ask.
public struct AuthenticatedContext: ChildRequestContext {
    public typealias ParentContext = LiaisonRequestContext
    public var coreContext: CoreRequestContextStorage
    public let requestID: String
    public let principal: Principal
    public let language: Language
    public let pagePath: String?

    public init(context: LiaisonRequestContext) throws {
        guard let principal = context.principal else { throw AppError.unauthenticated }
        self.coreContext = context.coreContext
        self.requestID = context.requestID
        self.principal = principal
        self.language = context.language
        self.pagePath = context.pagePath
    }

    public var actor: String { principal.username }
}
