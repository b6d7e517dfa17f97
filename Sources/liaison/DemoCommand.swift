import ArgumentParser
import Foundation
import Hummingbird
import LiaisonCore
import LiaisonServer
import Logging

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Start a demo node on loopback with demo users, and write demo-network.json.")

    @Option(help: "Port of the Belgian demo node.") var port = 8080
    @Option(help: "Where to write the demo network description.") var output = "demo-network.json"
    @Option(help: "Folder for the demo databases (recreated at each start).") var dataDir = "liaison-data/demo"

    struct NetworkFile: Codable {
        struct Node: Codable {
            var state: String
            var nodeId: String
            var name: String
            var webURL: String
            var apiURL: String
            var users: [DemoSeeder.DemoUser]
        }

        var network: String
        var createdAt: String
        var nodes: [Node]
    }

    func run() async throws {
        let registry = Observability.bootstrap()
        let logger = Logger(label: "liaison.demo")
        let state = "BE"
        let databasePath = "\(dataDir)/liaison-\(state.lowercased()).sqlite"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: databasePath + suffix) }
        let configuration = LiaisonConfiguration(host: "127.0.0.1", port: port, database: .sqliteFile(databasePath), stateCode: state)
        let (app, services) = try await buildApplication(configuration: configuration, logger: logger, metrics: registry)
        let users = try await DemoSeeder(services: services).seed()
        let node = NetworkFile.Node(
            state: state, nodeId: "\(state.lowercased())-1", name: ParticipatingState.named(state)?.name ?? state,
            webURL: configuration.publicURL, apiURL: "\(configuration.publicURL)/api/v1", users: users)
        let file = NetworkFile(network: "liaison-demo", createdAt: Date().formatted(Date.ISO8601FormatStyle()), nodes: [node])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(file).write(to: URL(fileURLWithPath: output), options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: output)
        print(Self.summary(node, output: output))
        try await app.runService()
    }

    static func summary(_ node: NetworkFile.Node, output: String) -> String {
        var lines = [
            "", "Liaison demo network — \(node.name) (\(node.state)) at \(node.webURL)",
            "Demo users (passwords and TOTP secrets are new at every start; all of it is in \(output)):", "",
        ]
        let width = node.users.map(\.username.count).max() ?? 10
        for user in node.users {
            let name = user.username.padding(toLength: width + 2, withPad: " ", startingAt: 0)
            lines.append("  \(name)\(user.password)   TOTP \(user.totpSecret)   \(user.roles.joined(separator: ","))")
        }
        lines.append("")
        lines.append("Sign in at \(node.webURL)/signin with the user name, the password and the code of an authenticator app")
        lines.append("set up with the TOTP secret (for example: oathtool --totp -b SECRET). Stop with Ctrl-C.")
        return lines.joined(separator: "\n")
    }
}
