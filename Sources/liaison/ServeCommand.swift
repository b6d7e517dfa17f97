import ArgumentParser
import Foundation
import Hummingbird
import LiaisonExchange
import LiaisonNode
import LiaisonServer
import Logging

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run one node.")

    @OptionGroup var node: NodeOptions

    @Option(help: "Address to listen on (env LIAISON_HOST).")
    var host: String?

    @Option(help: "Port to listen on (env LIAISON_PORT).")
    var port: Int?

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        let configuration = try node.resolved(
            host: host ?? env["LIAISON_HOST"] ?? "127.0.0.1", port: port ?? env["LIAISON_PORT"].flatMap(Int.init) ?? 8080)
        var ports = [(port: configuration.port, use: "web")]
        if let federation = configuration.federation { ports.append((federation.port, "federation")) }
        try PortCheck.require(ports, host: configuration.host, instead: "choose others with --port and --federation-port")
        let registry = Observability.bootstrap()
        let logger = Logger(label: "liaison")
        logger.info("starting node", metadata: ["state": .string(configuration.stateCode), "database": .string(configuration.database.redactedDescription)])
        let (app, services) = try await buildApplication(configuration: configuration, logger: logger, metrics: registry)
        if let link = try await services.bootstrapFirstAdministrator() {
            // Printed for the operator at the terminal, deliberately not through the logger.
            print(
                """

                This node has no users yet. The first node administrator is “admin”.
                Open this one-time link within 72 hours to set a password and an authenticator:

                    \(link)

                """)
        }
        try await app.runService()
    }
}

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "migrate", abstract: "Bring the database schema up to date (or revert the last batch).")

    @OptionGroup var node: NodeOptions

    @Flag(help: "Revert the last batch of migrations instead.")
    var revert = false

    @Flag(help: "List the migrations that would run, and change nothing.")
    var dryRun = false

    func run() async throws {
        let configuration = try node.resolved()
        let database = try LiaisonDatabase(location: configuration.database, logger: Logger(label: "liaison.migrate"))
        do {
            if dryRun {
                let pending = try await database.pendingMigrations()
                print(pending.isEmpty ? "The schema is up to date." : "Pending:\n" + pending.map { "  \($0)" }.joined(separator: "\n"))
            } else if revert {
                try await database.revertLastBatch()
                print("Reverted the last batch of migrations.")
            } else {
                try await database.migrate()
                print("The schema is up to date.")
            }
        } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
    }
}

import LiaisonStore
