import ArgumentParser
import Foundation
import LiaisonExchange
import LiaisonNode
import LiaisonServer
import LiaisonStore
import Logging
import Metrics
import Prometheus

/// Options shared by the commands that open a node's database. Every option can also be
/// given in the environment (shown in `--help`); a flag wins over the environment.
struct NodeOptions: ParsableArguments {
    @Option(help: "PostgreSQL URL (env LIAISON_DATABASE_URL). Without it, an SQLite file in --data-dir.")
    var databaseURL: String?

    @Option(help: "Folder for the SQLite database (env LIAISON_DATA_DIR).")
    var dataDir: String?

    @Option(help: "Two-letter code of the state this node serves (env LIAISON_STATE).")
    var state: String?

    @Option(help: "Folder with this node's federation credentials and manifest, from `liaison pki issue` (env LIAISON_FEDERATION_DIR). Without it, the node runs alone.")
    var federationDir: String?

    @Option(help: "Port of the federation listener for other nodes (env LIAISON_FEDERATION_PORT).")
    var federationPort: Int?

    @Option(help: "This node's id in the network manifest, e.g. be-1 (env LIAISON_NODE_ID).")
    var nodeID: String?

    @Option(
        name: .customLong("settings"),
        help: "A YAML file of node settings (env LIAISON_SETTINGS); the environment overrides it. Keys and variables: docs/SETTINGS.md.")
    var settingsFile: String?

    func resolved(host: String = "127.0.0.1", port: Int = 8080) throws -> LiaisonConfiguration {
        let env = ProcessInfo.processInfo.environment
        let stateCode = (state ?? env["LIAISON_STATE"] ?? "BE").uppercased()
        guard ParticipatingState.named(stateCode) != nil else {
            throw ValidationError("Unknown state “\(stateCode)”. Use a two-letter code such as BE, DE, FR, or EU for the Commission.")
        }
        let database: DatabaseLocation
        if let url = databaseURL ?? env["LIAISON_DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw ValidationError("The database URL must start with postgres:// or postgresql://.")
            }
            database = .postgres(url: url)
        } else {
            let folder = dataDir ?? env["LIAISON_DATA_DIR"] ?? "liaison-data"
            database = .sqliteFile("\(folder)/liaison-\(stateCode.lowercased()).sqlite")
        }
        var configuration = LiaisonConfiguration(
            host: host, port: port, database: database, stateCode: stateCode,
            publicURL: env["LIAISON_PUBLIC_URL"], servedOverTLS: env["LIAISON_BEHIND_TLS"] == "1",
            metricsToken: env["LIAISON_METRICS_TOKEN"])
        do {
            try NodeSettings.resolve(&configuration, file: settingsFile ?? env["LIAISON_SETTINGS"], environment: env)
        } catch {
            throw ValidationError(error.description)
        }
        if let folder = federationDir ?? env["LIAISON_FEDERATION_DIR"] {
            guard let node = nodeID ?? env["LIAISON_NODE_ID"] else {
                throw ValidationError("A federated node needs its node id (--node-id or LIAISON_NODE_ID).")
            }
            let federationPort = federationPort ?? env["LIAISON_FEDERATION_PORT"].flatMap(Int.init) ?? 9443
            configuration.federation = FederationSettings(nodeID: node, host: host, port: federationPort, folder: folder)
        }
        return configuration
    }
}

import LiaisonCore

enum Observability {
    /// Structured JSON logs on stderr and Prometheus metrics, set up once per process.
    static func bootstrap() -> PrometheusCollectorRegistry {
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = JSONLogHandler(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }
}
