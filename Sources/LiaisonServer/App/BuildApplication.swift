import FluentKit
import Foundation
import Hummingbird
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore
import Logging
import Prometheus
import ServiceLifecycle

/// The composition root, used by `liaison serve`, `liaison demo` and the tests.
public func buildApplication(
    configuration: LiaisonConfiguration, logger: Logger, metrics: PrometheusCollectorRegistry? = nil,
    clock: @escaping @Sendable () -> Date = Date.init
) async throws -> (some ApplicationProtocol, LiaisonServices) {
    let database = try LiaisonDatabase(location: configuration.database, logger: logger)
    try await database.migrate()
    let services = try await LiaisonServices(configuration: configuration, database: database, clock: clock)
    let (router, _) = buildRouter(services: services, metrics: metrics)
    var app = Application(
        router: router,
        server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(configuration.connectionIdleTimeout * 1000)))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "Liaison"),
        logger: logger)
    // Services stop in reverse order: the database last, after everything that uses it.
    app.addServices(DatabaseService(database: database), RetentionJob(network: services.network, exchange: services.exchange, logger: logger))
    if let node = services.federation {
        try await node.publishDirectory(on: services.db)
        try await services.network.republish()
        app.addServices(try buildFederationListener(node: node, logger: logger), DeliveryWorker(node: node, logger: logger))
    }
    return (app, services)
}

/// The routes of a node, and the catalogue of its protected routes.
public func buildRouter(services: LiaisonServices, metrics: PrometheusCollectorRegistry?) -> (Router<LiaisonRequestContext>, RouteCatalogue) {
    let router = Router(context: LiaisonRequestContext.self)
    let publicFolder = Bundle.module.resourceURL?.appendingPathComponent("Public").path ?? "Public"
    router.addMiddleware {
        SecurityHeadersMiddleware(servedOverTLS: services.configuration.servedOverTLS)
        RequestLogMiddleware()
        LanguageMiddleware()
        ErrorRenderingMiddleware(renderer: services.renderer)
        MetricsMiddleware()
        FileMiddleware(publicFolder, urlBasePath: "/static")
        AuthenticationMiddleware(auth: services.auth)
    }
    OpsRoutes(services: services, metrics: metrics).register(on: router)
    SignInRoutes(services: services).register(on: router)
    LanguageRoutes(services: services).register(on: router)

    let catalogue = RouteCatalogue()
    let web = ProtectedRoutes(group: router.group(context: AuthenticatedContext.self), services: services, catalogue: catalogue, prefix: "")
    DashboardRoutes(services: services).register(on: web)
    LiveRoutes(services: services).register(on: web)
    AccountRoutes(services: services).register(on: web)
    AdminRoutes(services: services).register(on: web)
    AuditRoutes(services: services).register(on: web)
    ExchangeRoutes(services: services).register(on: web)
    ExchangeDetailRoutes(services: services).register(on: web)
    ExchangeSendingRoutes(services: services).register(on: web)
    NotificationEditRoutes(services: services).register(on: web)
    DeploymentRoutes(services: services).register(on: web)
    ReportRoutes(services: services).register(on: web)
    LocalNetworkRoutes(services: services).register(on: web)
    BoardRoutes(services: services).register(on: web)

    let api = ProtectedRoutes(
        group: router.group("/api/v1", context: AuthenticatedContext.self), services: services, catalogue: catalogue, prefix: "/api/v1",
        csrfHeader: true)
    APIRoutes(services: services).register(on: api)
    ExchangeAPIRoutes(services: services).register(on: api)
    DeploymentAPIRoutes(services: services).register(on: api)
    LocalNetworkAPIRoutes(services: services).register(on: api)
    BoardAPIRoutes(services: services).register(on: api)
    ReportAPIRoutes(services: services).register(on: api)
    NetworkRoutes(services: services).register(web: web, api: api)
    DirectoryRoutes(services: services).register(web: web, api: api)
    ContactPointRoutes(services: services).register(web: web, api: api)
    OfficerDataRoutes(services: services).register(web: web, api: api)
    MatchRoutes(services: services).register(web: web, api: api)
    PersonReadRoutes(services: services).register(web: web, api: api)
    AccessRequestRoutes(services: services).register(web: web, api: api)
    RectificationRoutes(services: services).register(web: web, api: api)
    SettingsRoutes(services: services).register(web: web)
    NetworkDocumentRoutes(services: services).register(web: web, api: api)
    return (router, catalogue)
}

/// Closes the database pools after the HTTP server has stopped (services stop in reverse order).
struct DatabaseService: Service {
    let database: LiaisonDatabase

    func run() async throws {
        try? await gracefulShutdown()
        await database.shutdown()
    }
}

extension LiaisonServices {
    /// On a node with no users, creates the first node administrator and returns their
    /// one-time enrolment link, for the operator's terminal only: never logged.
    public func bootstrapFirstAdministrator(
        authorityName: String = "National immigration contact point", authorityKind: AuthorityKind = .immigrationAsylum
    ) async throws -> String? {
        guard try await UserModel.query(on: db).count() == 0 else { return nil }
        let authority =
            try await AuthorityModel.query(on: db).first()
            ?? AuthorityModel(name: authorityName, kind: authorityKind, stateCode: configuration.stateCode)
        if authority.id == nil { try await authority.create(on: db) }
        let (_, enrolment) = try await administration.createUser(
            .init(username: "admin", displayName: "Node administrator", authorityID: try authority.requireID(), roles: [.nodeAdministrator]),
            actorID: nil, actor: "system", requestID: nil)
        return enrolment.link
    }
}
