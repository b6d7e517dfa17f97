import FluentKit
import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonAccess
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonServer
import LiaisonStore
import Logging
import NIOConcurrencyHelpers
import SQLKit

/// A clock the tests move by hand, so that expiry, idle timeouts and TOTP steps are exact.
public final class TestClock: Sendable {
    private let now: NIOLockedValueBox<Date>
    public init(_ start: Date = Date(timeIntervalSince1970: 1_790_000_000)) { now = .init(start) }
    public func advance(_ seconds: TimeInterval) { now.withLockedValue { $0 = $0.addingTimeInterval(seconds) } }
    public var date: Date { now.withLockedValue { $0 } }
    public var function: @Sendable () -> Date { { self.date } }
}

/// Where tests keep their data: SQLite in memory, or, when `LIAISON_TEST_DATABASE_URL` is
/// set (as `scripts/test` does), a fresh schema of that PostgreSQL database per test.
public enum TestDatabase {
    public static let quietLogger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        return logger
    }()

    public static var postgresURL: String? {
        ProcessInfo.processInfo.environment["LIAISON_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public static func open(logger: Logger = quietLogger) async throws -> LiaisonDatabase {
        guard let url = postgresURL else { return try LiaisonDatabase(location: .sqliteMemory, logger: logger) }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let admin = try LiaisonDatabase(location: .postgres(url: url), logger: logger)
        _ = try await (admin.database() as! any SQLDatabase).raw("CREATE SCHEMA \(unsafeRaw: String(schema))").all()
        await admin.shutdown()
        return try LiaisonDatabase(location: .postgres(url: url, searchPath: [String(schema)]), logger: logger)
    }
}

/// A node in memory with one user per role, for HTTP tests through the real router.
public struct TestNode: @unchecked Sendable {
    public struct Account: Sendable {
        public let username: String
        public let password: String
        public let totp: TOTP
        public let userID: UUID
        public let token: String
    }

    public let services: LiaisonServices
    public let router: Router<LiaisonRequestContext>
    public let catalogue: RouteCatalogue
    public let clock: TestClock
    public let accounts: [Role: Account]

    public static func make() async throws -> TestNode {
        let clock = TestClock()
        let database = try await TestDatabase.open()
        try await database.migrate()
        let configuration = LiaisonConfiguration(database: database.location, stateCode: "BE", passwordHashCost: 4)
        let services = try await LiaisonServices(configuration: configuration, database: database, clock: clock.function)
        let db = services.db
        let imm = AuthorityModel(name: "Belgium — immigration", kind: .immigrationAsylum, stateCode: "BE")
        let ct = AuthorityModel(name: "Belgium — counter-terrorism", kind: .counterTerrorism, stateCode: "BE")
        try await imm.create(on: db)
        try await ct.create(on: db)
        var accounts: [Role: Account] = [:]
        for role in Role.allCases {
            let authority = role == .counterTerrorismOfficer ? ct : imm
            let user = UserModel(
                username: "u." + role.rawValue, displayName: role.title, authorityID: try authority.requireID(), roles: [role])
            try await user.create(on: db)
            let password = "correct horse \(role.rawValue) staple"
            let totp = TOTP.generate()
            _ = try await services.auth.setCredentials(for: user, password: password, totp: totp)
            let token = try await services.auth.issueToken(
                userID: try user.requireID(), actor: "test", name: "test", lifetimeDays: 30, requestID: nil)
            accounts[role] = Account(username: user.username, password: password, totp: totp, userID: try user.requireID(), token: token.token)
        }
        let (router, catalogue) = buildRouter(services: services, metrics: nil)
        return TestNode(services: services, router: router, catalogue: catalogue, clock: clock, accounts: accounts)
    }

    public func shutdown() async { await services.database.shutdown() }

    public var application: some ApplicationProtocol {
        Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: TestDatabase.quietLogger)
    }
}

extension TestNode {
    /// One more enrolled user with `roles` and an API token, e.g. a second administrator.
    public func addAccount(_ username: String, roles: Set<Role>) async throws -> Account {
        let db = services.db
        guard let authority = try await AuthorityModel.query(on: db).filter(\.$kind == AuthorityKind.immigrationAsylum.rawValue).first() else {
            throw ServiceError.notFound
        }
        let user = UserModel(username: username, displayName: username, authorityID: try authority.requireID(), roles: roles)
        try await user.create(on: db)
        let password = "correct horse \(username) staple"
        let totp = TOTP.generate()
        _ = try await services.auth.setCredentials(for: user, password: password, totp: totp)
        let token = try await services.auth.issueToken(userID: try user.requireID(), actor: "test", name: "test", lifetimeDays: 30, requestID: nil)
        return Account(username: username, password: password, totp: totp, userID: try user.requireID(), token: token.token)
    }
}
