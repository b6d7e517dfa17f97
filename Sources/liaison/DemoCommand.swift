import ArgumentParser
import Foundation
import LiaisonAccess
import LiaisonCore
import LiaisonExchange
import LiaisonFederation
import LiaisonNode
import LiaisonServer
import ServiceLifecycle
import UnixSignals

/// `liaison demo`: a small network on loopback — the operator node (EU) and nodes for BE, DE
/// and FR — each a separate process with its own database and ports, with the PKI and the
/// manifest generated at start. Stopping the demo stops every node.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Start a demo network on loopback (EU, BE, DE, FR) and write demo-network.json.")

    @Option(help: "Web port of the first node (BE); the others follow (DE, FR, EU). Federation ports are these + 1000.") var port = 8080
    @Option(help: "Where to write the demo network description.") var output = "demo-network.json"
    @Option(help: "Folder for the demo's databases and PKI (recreated at each start).") var dataDir = "liaison-data/demo"
    @Option(help: "States to run, comma-separated; EU is always added as the operator.") var states = "BE,DE,FR"

    struct NetworkFile: Codable {
        struct Node: Codable {
            var state: String
            var nodeId: String
            var name: String
            var webURL: String
            var apiURL: String
            var federationEndpoint: String
            var users: [DemoSeeder.DemoUser]
        }

        var network: String
        var createdAt: String
        var nodes: [Node]
    }

    struct Plan {
        let state: ParticipatingState
        let nodeID: String
        let webPort: Int
        var federationPort: Int { webPort + 1000 }
    }

    func run() async throws {
        let codes = states.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { $0 != "EU" } + ["EU"]
        let plans = try codes.enumerated().map { index, code -> Plan in
            guard let state = ParticipatingState.named(code) else { throw ValidationError("Unknown state \(code).") }
            return Plan(state: state, nodeID: "\(state.code.lowercased())-1", webPort: port + index)
        }
        try PortCheck.require(
            plans.flatMap { [($0.webPort, "\($0.state.code) web"), ($0.federationPort, "\($0.state.code) federation")] }, host: "127.0.0.1",
            instead: "start the demo on other ports, e.g. --port 18080")
        try? FileManager.default.removeItem(atPath: dataDir)
        let pki = PKIDirectory(path: "\(dataDir)/pki")
        try pki.initialise(network: "liaison-demo", operatorNode: "eu-1")
        for plan in plans {
            let prefix = plan.state.code.lowercased()
            let authorities: [NetworkManifest.ManifestAuthority] =
                plan.state.membership == .commission
                ? [.init(id: "eu-com", name: "European Commission — Migration and Home Affairs", kind: .commission)]
                : [
                    .init(id: "\(prefix)-imm", name: "\(plan.state.name) — immigration and asylum contact point", kind: .immigrationAsylum),
                    .init(id: "\(prefix)-ct", name: "\(plan.state.name) — counter-terrorism contact point", kind: .counterTerrorism),
                ]
            try pki.issue(
                nodeID: plan.nodeID, stateCode: plan.state.code, endpoint: "https://127.0.0.1:\(plan.federationPort)",
                hosts: ["127.0.0.1", "localhost"], authorities: authorities)
        }
        _ = try pki.signManifest()

        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        var children: [(Plan, Process)] = []
        func stopAll() {
            for (_, process) in children where process.isRunning { process.terminate() }
            for (_, process) in children { process.waitUntilExit() }
        }
        // Each node logs to its own file, so that the users printed at the end stay on screen.
        let logs = "\(dataDir)/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        func logFile(_ plan: Plan) -> String { "\(logs)/\(plan.nodeID).log" }
        for plan in plans {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            _ = FileManager.default.createFile(atPath: logFile(plan), contents: nil)
            let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile(plan)))
            process.standardOutput = log
            process.standardError = log
            process.arguments = [
                "demo-node", "--state", plan.state.code, "--node-id", plan.nodeID, "--port", String(plan.webPort),
                "--federation-port", String(plan.federationPort), "--federation-dir", "\(dataDir)/pki/nodes/\(plan.nodeID)",
                "--data-dir", dataDir, "--users-out", "\(dataDir)/\(plan.nodeID).users.json",
            ]
            try process.run()
            children.append((plan, process))
        }
        var nodes: [NetworkFile.Node] = []
        do {
            for plan in plans {
                let usersFile = "\(dataDir)/\(plan.nodeID).users.json"
                try await waitFor(usersFile, process: children.first { $0.0.nodeID == plan.nodeID }!.1, log: logFile(plan))
                let users = try JSONDecoder().decode([DemoSeeder.DemoUser].self, from: Data(contentsOf: URL(fileURLWithPath: usersFile)))
                try? FileManager.default.removeItem(atPath: usersFile)
                let web = "http://127.0.0.1:\(plan.webPort)"
                nodes.append(
                    .init(
                        state: plan.state.code, nodeId: plan.nodeID, name: plan.state.name, webURL: web, apiURL: "\(web)/api/v1",
                        federationEndpoint: "https://127.0.0.1:\(plan.federationPort)", users: users))
            }
        } catch {
            stopAll()
            throw error
        }
        let file = NetworkFile(network: "liaison-demo", createdAt: Date().formatted(Date.ISO8601FormatStyle()), nodes: nodes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try SecretFile.write(String(decoding: try encoder.encode(file), as: UTF8.self), to: output)
        // Written at once, not buffered: a script reading it sees it whole.
        FileHandle.standardOutput.write(Data((Self.summary(nodes, output: output, logs: logs) + "\n").utf8))

        // Until Ctrl-C or SIGTERM, or until a node stops by itself.
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let watched = Processes(children.map(\.1))
        let (finished, finish) = AsyncStream<Void>.makeStream()
        let onSignal = Task {
            for await _ in signals { break }
            finish.yield()
        }
        let onNodeExit = Task {
            while watched.allRunning { try await Task.sleep(for: .milliseconds(300)) }
            finish.yield()
        }
        for await _ in finished { break }
        onSignal.cancel()
        onNodeExit.cancel()
        stopAll()
        print("The demo network has stopped.")
    }

    private func waitFor(_ path: String, process: Process, log: String) async throws {
        for _ in 0..<600 {
            if FileManager.default.fileExists(atPath: path) { return }
            guard process.isRunning else {
                throw ValidationError("A demo node stopped during start-up. The end of its log (\(log)):\n\(Self.tail(of: log))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ValidationError("A demo node did not start within a minute; its log is \(log).")
    }

    /// The last lines of a node's log, for a start-up that failed.
    static func tail(of log: String, lines: Int = 15) -> String {
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(lines).joined(separator: "\n")
    }

    static func summary(_ nodes: [NetworkFile.Node], output: String, logs: String) -> String {
        var lines = ["", "Liaison demo network (passwords and TOTP secrets are new at every start; all of it is in \(output)):"]
        for node in nodes {
            lines.append("")
            lines.append("\(node.name) (\(node.nodeId)) — \(node.webURL)")
            let width = node.users.map(\.username.count).max() ?? 10
            for user in node.users {
                let name = user.username.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                lines.append("  \(name)\(user.password)   TOTP \(user.totpSecret)   \(user.roles.joined(separator: ","))")
            }
        }
        lines.append("")
        lines.append("Sign in with a user name, its password and the code of an authenticator app set up with the TOTP")
        lines.append("secret (for example: oathtool --totp -b SECRET). Each node's log is in \(logs)/.")
        lines.append("Stop the whole network with Ctrl-C.")
        return lines.joined(separator: "\n")
    }
}

/// The node processes, watched from a task: `Process` is thread-safe for `isRunning`.
final class Processes: @unchecked Sendable {
    let processes: [Process]
    init(_ processes: [Process]) { self.processes = processes }
    var allRunning: Bool { processes.allSatisfy(\.isRunning) }
}

/// One node of the demo network, started by `liaison demo`.
struct DemoNodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo-node", abstract: "One node of the demo network.", shouldDisplay: false)

    @OptionGroup var node: NodeOptions
    @Option var port: Int
    @Option var usersOut: String

    func run() async throws {
        // A node of the demo never outlives the demo: if it goes, however it goes, so does the node.
        let parent = getppid()
        Task.detached {
            while getppid() == parent { try? await Task.sleep(for: .seconds(1)) }
            Foundation.exit(0)
        }
        let configuration = try node.resolved(host: "127.0.0.1", port: port)
        let registry = Observability.bootstrap()
        let logger = Logger(label: "liaison.demo.\(configuration.stateCode.lowercased())")
        let (app, services) = try await buildApplication(configuration: configuration, logger: logger, metrics: registry)
        let users = try await DemoSeeder(services: services).seed()
        // The seeded authorities reach the other nodes' directories.
        try await services.federation?.publishDirectory(on: services.db)
        try SecretFile.write(String(decoding: try JSONEncoder().encode(users), as: UTF8.self), to: usersOut)
        try await app.runService()
    }
}

import Logging
