import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import Logging
import NIOCore
import NIOPosix

/// Where a node keeps its data: an embedded SQLite file (the single-instance default) or
/// PostgreSQL (production, several instances).
public enum DatabaseLocation: Sendable, Equatable {
    case sqliteFile(String)
    case sqliteMemory
    case postgres(url: String, searchPath: [String]? = nil)

    /// A description that is safe to log: never the password of a PostgreSQL URL.
    public var redactedDescription: String {
        switch self {
        case .sqliteFile(let path): "sqlite file \(path)"
        case .sqliteMemory: "sqlite in memory"
        case .postgres(let url, _):
            if let parsed = URLComponents(string: url) {
                "postgresql \(parsed.host ?? "?"):\(parsed.port.map(String.init) ?? "5432")\(parsed.path)"
            } else {
                "postgresql (unparseable URL)"
            }
        }
    }
}

/// Owns the connection pools and runs migrations. One per process; shut down on exit.
public final class LiaisonDatabase: Sendable {
    public let databases: Databases
    public let location: DatabaseLocation
    private let eventLoopGroup: any EventLoopGroup
    private let ownsEventLoopGroup: Bool
    private let logger: Logger

    public init(location: DatabaseLocation, logger: Logger) throws {
        self.location = location
        self.logger = logger
        switch location {
        case .sqliteFile, .sqliteMemory:
            // One connection, on one event loop: SQLite takes one writer at a time, and a
            // single connection makes that a queue instead of "database is locked" errors.
            let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
            self.eventLoopGroup = group
            self.ownsEventLoopGroup = true
        case .postgres:
            self.eventLoopGroup = MultiThreadedEventLoopGroup.singleton
            self.ownsEventLoopGroup = false
        }
        databases = Databases(threadPool: NIOThreadPool.singleton, on: eventLoopGroup)
        switch location {
        case .sqliteFile(let path):
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            databases.use(.sqlite(.file(path), connectionPoolTimeout: Self.sqliteWait, sqlLogLevel: nil), as: .sqlite)
        case .sqliteMemory:
            databases.use(.sqlite(.memory, connectionPoolTimeout: Self.sqliteWait, sqlLogLevel: nil), as: .sqlite)
        case .postgres(let url, let searchPath):
            var configuration = try SQLPostgresConfiguration(url: url)
            configuration.searchPath = searchPath
            databases.use(
                .postgres(configuration: configuration, maxConnectionsPerEventLoop: 8, sqlLogLevel: .trace),
                as: .psql)
        }
    }

    /// How long a statement waits for SQLite's one connection. A burst of writes (a batch of
    /// envelopes, an import, the retention job) queues behind it on a busy machine; the
    /// statements after it wait their turn rather than fail.
    static let sqliteWait = TimeAmount.seconds(30)

    public var isPostgres: Bool {
        if case .postgres = location { return true }
        return false
    }

    /// A database handle. SQL is logged only at trace level, and only by FluentKit's own
    /// logger, which this never raises: statements can carry values that are personal data.
    public func database(logger: Logger? = nil) -> any Database {
        databases.database(logger: logger ?? self.logger, on: eventLoopGroup.any())!
    }

    public func migrate() async throws {
        let migrator = makeMigrator()
        try await migrator.setupIfNeeded().get()
        try await migrator.prepareBatch().get()
        if case .sqliteFile = location {
            // WAL lets readers continue while the single writer commits.
            _ = try await (database() as? any SQLDatabase)?.raw("PRAGMA journal_mode=WAL").all()
        }
    }

    /// Reverts the last batch of migrations (used by `liaison migrate --revert`).
    public func revertLastBatch() async throws {
        try await makeMigrator().revertLastBatch().get()
    }

    public func pendingMigrations() async throws -> [String] {
        let migrator = makeMigrator()
        try await migrator.setupIfNeeded().get()
        return try await migrator.previewPrepareBatch().get().map { $0.0.name }
    }

    private func makeMigrator() -> Migrator {
        let migrations = Migrations()
        migrations.add(LiaisonMigrations.all)
        return Migrator(databases: databases, migrations: migrations, logger: logger, on: eventLoopGroup.any())
    }

    public func shutdown() async {
        await databases.shutdownAsync()
        if ownsEventLoopGroup { try? await eventLoopGroup.shutdownGracefully() }
    }
}
