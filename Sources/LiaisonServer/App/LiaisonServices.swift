import FluentKit
import Foundation
import Hummingbird
import LiaisonAccess
import LiaisonCore
import LiaisonExchange
import LiaisonILO
import LiaisonNode
import LiaisonStore

/// The node's services, built once by `buildApplication` and shared by every route.
public struct LiaisonServices: Sendable {
    public let configuration: LiaisonConfiguration
    public let database: LiaisonDatabase
    public let audit: any AuditTrail
    public let auth: AuthService
    public let administration: Administration
    public let renderer: WebRenderer
    public let clock: @Sendable () -> Date
    public let federation: FederationNode?
    public let exchange: ExchangeService
    public let network: ILONetworkService
    /// Prints reports to PDF.
    let printer = PDFPrinter(executable: PDFPrinter.locate())

    public init(configuration: LiaisonConfiguration, database: LiaisonDatabase, clock: @escaping @Sendable () -> Date = Date.init) async throws {
        self.configuration = configuration
        self.database = database
        self.clock = clock
        let audit = HashChainedAuditTrail(clock: clock)
        self.audit = audit
        var access = AccessSettings(
            stateCode: configuration.stateCode, publicURL: configuration.publicURL, sessionIdleTimeout: configuration.sessionIdleTimeout,
            sessionAbsoluteTimeout: configuration.sessionAbsoluteTimeout, apiTokenLifetime: configuration.apiTokenLifetime,
            passwordHashCost: configuration.passwordHashCost)
        access.reconfirmationMonths = configuration.reconfirmationMonths
        access.overviewMarking = configuration.overviewMarking
        let auth = AuthService(database: database, audit: audit, settings: access, passwords: BcryptPasswords(), clock: clock)
        self.auth = auth
        let federation = try configuration.federation.map {
            try FederationNode(settings: $0, database: database, audit: audit, clock: clock)
        }
        self.federation = federation
        let exchange = ExchangeService(
            database: database, audit: audit, federation: federation, stateCode: configuration.stateCode, settings: configuration.exchange, clock: clock)
        self.exchange = exchange
        // Each capability declares its envelope kinds to the node runtime, here and only here.
        let network = ILONetworkService(database: database, audit: audit, federation: federation, stateCode: configuration.stateCode, clock: clock)
        self.network = network
        if let federation {
            exchange.registerKinds(with: federation)
            network.registerKinds(with: federation)
        }
        self.administration = Administration(
            database: database, audit: audit, auth: auth, settings: access, federation: federation)
        let state = configuration.state?.name ?? configuration.stateCode
        self.renderer = try await WebRenderer(nodeTitle: "Liaison · \(state)", stateCode: configuration.stateCode)
    }

    public var db: any Database { database.database() }

    /// The single gate every protected route passes: the decision is `AccessPolicy`'s, and
    /// a refusal is written to the audit trail before it is returned.
    public func authorize(_ context: AuthenticatedContext, _ action: Action) async throws {
        do {
            try AccessPolicy.authorize(context.principal.roles, action)
        } catch {
            try await audit.append(
                AuditEvent(actor: context.actor, action: .accessDenied, outcome: .denied, detail: action.rawValue, requestID: context.requestID),
                on: db)
            throw AppError.forbidden(error)
        }
    }

    static let maximumFormBytes = 64 * 1024

    /// Decodes a form and checks its CSRF token against the session's.
    public func form<T: Decodable>(_ type: T.Type, from request: Request, context: AuthenticatedContext) async throws -> T {
        var request = request
        let body = try await request.collectBody(upTo: Self.maximumFormBytes)
        let text = String(buffer: body)
        let token = Self.field("_csrf", in: text)
        guard case .session(_, let expected) = context.principal.credential, let token, Secrets.constantTimeEquals(token, expected) else {
            try await auditCSRFRefusal(actor: context.actor, requestID: context.requestID)
            throw AppError.csrf
        }
        return try URLEncodedFormDecoder().decode(T.self, from: text)
    }

    /// Decodes a JSON API body; a browser session must also send its CSRF token as a header.
    /// A field of the wrong type or out of its enumeration is named in a 422; a body that is
    /// not JSON at all stays a 400.
    public func json<T: Decodable>(_ type: T.Type, from request: Request, context: AuthenticatedContext) async throws -> T {
        try decodeJSON(T.self, try await rawBody(from: request, context: context))
    }

    private func decodeJSON<T: Decodable>(_ type: T.Type, _ body: Data) throws -> T {
        if let key = JSONKeys.firstDuplicate(in: body) {
            throw AppError.invalid("“\(key)” appears twice.", fields: [key: "Appears twice"])
        }
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch let error as DecodingError {
            guard let field = Self.field(of: error) else { throw error }
            throw AppError.invalid("“\(field)” is missing or has a value that is not allowed.", fields: [field: "Missing or not allowed"])
        }
    }

    /// The top-level field a decoding error is about, if it is about one.
    static func field(of error: DecodingError) -> String? {
        switch error {
        case .keyNotFound(let key, let context): (context.codingPath.first ?? key).stringValue
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): context.codingPath.first?.stringValue
        @unknown default: nil
        }
    }

    /// Decodes a JSON API body outside the exchange strictly: a field its schema does not have is
    /// refused with `input.invalid`, naming it, rather than dropped.
    public func closedJSON<T: Codable>(_ type: T.Type, from request: Request, context: AuthenticatedContext) async throws -> T {
        let body = try await rawBody(from: request, context: context)
        let value = try decodeJSON(T.self, body)
        if let field = AdministrativeContent.firstUnknownField(in: body, decodedAs: value) {
            throw AppError.invalid("“\(field)” is not a field of this request.", fields: [field: "Not a field of this request"])
        }
        return value
    }

    /// Decodes a JSON API body strictly: a field outside the schema is refused (R4), not
    /// dropped.
    // Not inlined: inlined into the answer route, it crashes this toolchain's optimiser
    // (LLVM coroutine splitting) in release builds.
    @inline(never)
    public func strictJSON<T: Codable>(_ type: T.Type, from request: Request, context: AuthenticatedContext) async throws -> T {
        try AdministrativeContent.decode(T.self, from: try await rawBody(from: request, context: context), iso8601Dates: true)
    }

    /// An API body as bytes, bounded. (The CSRF check a browser session needs has run before
    /// the handler: `ProtectedRoutes`.)
    public func rawBody(from request: Request, context: AuthenticatedContext) async throws -> Data {
        var request = request
        return Data(buffer: try await request.collectBody(upTo: configuration.maximumRequestBody))
    }

    /// A state-changing API request made with the browser session's cookie must carry the
    /// session's CSRF token as `X-CSRF-Token`; a request with a bearer token needs none, as
    /// no browser sends one by itself. A refusal is audited, like a form's.
    func checkCSRFHeader(_ request: Request, _ context: AuthenticatedContext) async throws {
        guard case .session(_, let expected) = context.principal.credential else { return }
        if let token = request.headers[.init("X-CSRF-Token")!], Secrets.constantTimeEquals(token, expected) { return }
        try await auditCSRFRefusal(actor: context.actor, requestID: context.requestID)
        throw AppError.csrf
    }

    /// Every CSRF refusal, of a form, an API call or a sign-in form's double-submit token, is
    /// written to the audit trail: a pattern of them shows a forging site at work.
    func auditCSRFRefusal(actor: String, detail: String? = nil, requestID: String) async throws {
        try await audit.append(AuditEvent(actor: actor, action: .csrfRejected, outcome: .denied, detail: detail, requestID: requestID), on: db)
    }

    /// One field of an urlencoded body, without decoding the rest.
    static func field(_ name: String, in body: String) -> String? {
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0] == name {
                return String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
        }
        return nil
    }
}
