import HTTPTypes
import Hummingbird
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import NIOConcurrencyHelpers

/// Every route that needs a signed-in user, with the action it performs. The list is
/// what the authorization matrix test walks: a route cannot be added without an action.
public final class RouteCatalogue: Sendable {
    public struct Entry: Sendable, Hashable {
        public let method: HTTPRequest.Method
        public let path: String
        public let action: Action
    }

    private let storage = NIOLockedValueBox<[Entry]>([])
    public var entries: [Entry] { storage.withLockedValue { $0 } }
    func add(_ entry: Entry) { storage.withLockedValue { $0.append(entry) } }
}

/// Registers protected routes: each handler runs only after `LiaisonServices.authorize`
/// has allowed its action for the principal, and, on the API, after a browser session's
/// state-changing request has shown its CSRF token, whether or not it has a body.
struct ProtectedRoutes {
    let group: RouterGroup<AuthenticatedContext>
    let services: LiaisonServices
    let catalogue: RouteCatalogue
    let prefix: String
    /// The API takes the token as `X-CSRF-Token`; pages take it as a form field (`services.form`).
    var csrfHeader = false

    func on(
        _ method: HTTPRequest.Method, _ path: String, _ action: Action,
        use handler: @escaping @Sendable (Request, AuthenticatedContext) async throws -> Response
    ) {
        catalogue.add(.init(method: method, path: prefix + path, action: action))
        let services = services, csrfHeader = csrfHeader
        group.on(RouterPath(path), method: method) { request, context in
            // The token first: a forged request is refused before it can even be refused for its action.
            if csrfHeader, ![.get, .head, .options].contains(method) { try await services.checkCSRFHeader(request, context) }
            try await services.authorize(context, action)
            return try await handler(request, context)
        }
    }

    func get(_ path: String, _ action: Action, use handler: @escaping @Sendable (Request, AuthenticatedContext) async throws -> Response) {
        on(.get, path, action, use: handler)
    }

    func post(_ path: String, _ action: Action, use handler: @escaping @Sendable (Request, AuthenticatedContext) async throws -> Response) {
        on(.post, path, action, use: handler)
    }
}

extension Response {
    static func redirect(_ location: String, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.location] = location
        return Response(status: .seeOther, headers: fields)
    }
}
