import ArgumentParser
import AsyncHTTPClient
import Foundation
import LiaisonExchange
import LiaisonFederation
import LiaisonNode
import LiaisonServer
import LiaisonStore
import Logging
import NIOCore
import NIOPosix

struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure parts of a node on loopback.", subcommands: [Federation.self, PII.self])

    /// N messages from an in-process BE node to a DE node running as its own process, through
    /// the full path, side by side with bare HTTPS POSTs over the same mutual TLS.
    struct Federation: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Receipted messages per second and latency between two nodes, against bare HTTPS POSTs.")

        @Option(help: "Messages (and bare POSTs) to send.") var messages = 2000
        @Option(help: "Messages in flight at once (a delivery worker sends up to 32 to one node).") var concurrency = 32
        @Option(help: "Working folder (recreated).") var dir = "liaison-data/bench-federation"
        @Option(help: "PostgreSQL URL for the sender (default: SQLite).") var senderDatabaseURL: String?
        @Option(help: "PostgreSQL URL for the receiver (default: SQLite).") var receiverDatabaseURL: String?
        @Option(help: "Web port of the receiver; its federation port is this + 1000.") var port = 18280

        func run() async throws {
            try? FileManager.default.removeItem(atPath: dir)
            let pki = PKIDirectory(path: "\(dir)/pki")
            try pki.initialise(network: "bench", operatorNode: "be-1")
            let receiverFederationPort = port + 1000
            for (node, state, federationPort) in [("be-1", "BE", port + 1001), ("de-1", "DE", receiverFederationPort)] {
                try pki.issue(
                    nodeID: node, stateCode: state, endpoint: "https://127.0.0.1:\(federationPort)", hosts: ["127.0.0.1"],
                    authorities: [.init(id: "\(state.lowercased())-imm", name: "\(state) immigration", kind: .immigrationAsylum)])
            }
            _ = try pki.signManifest()

            // The receiver: a separate `liaison serve` process.
            let receiver = Process()
            receiver.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            receiver.arguments =
                [
                    "serve", "--state", "DE", "--node-id", "de-1", "--port", String(port), "--federation-port", String(receiverFederationPort),
                    "--federation-dir", "\(dir)/pki/nodes/de-1", "--data-dir", "\(dir)/de",
                ] + (receiverDatabaseURL.map { ["--database-url", $0] } ?? [])
            receiver.standardOutput = FileHandle.nullDevice
            receiver.standardError = FileHandle.nullDevice
            try receiver.run()
            defer { receiver.terminate(); receiver.waitUntilExit() }

            var logger = Logger(label: "bench")
            logger.logLevel = .warning
            let location: DatabaseLocation = senderDatabaseURL.map { .postgres(url: $0) } ?? .sqliteFile("\(dir)/be/liaison-be.sqlite")
            let database = try LiaisonDatabase(location: location, logger: logger)
            try await database.migrate()
            var configuration = LiaisonConfiguration(database: location, stateCode: "BE")
            configuration.federation = FederationSettings(nodeID: "be-1", port: port + 1001, folder: "\(dir)/pki/nodes/be-1")
            let services = try await LiaisonServices(configuration: configuration, database: database)
            let node = services.federation!
            let client = try node.makeHTTPClient()
            try await waitForReceiver(client: client, port: receiverFederationPort)

            let body = Data(String(repeating: "x", count: 512).utf8)
            let envelopeSize = try JSONEncoder().encode(
                try Envelope(fromNode: "be-1", fromAuthority: "be-imm", toNode: "de-1", toAuthority: "de-imm", kind: NetworkCheck.kind, created: Date(), lifetime: 60, body: body)
                    .signed(with: node.signingKey)
            ).count
            let bare = try await measure(count: messages, concurrency: concurrency) {
                var request = HTTPClientRequest(url: "https://127.0.0.1:\(receiverFederationPort)/federation/v1/echo")
                request.method = .POST
                request.body = .bytes(ByteBuffer(repeating: UInt8(ascii: "x"), count: envelopeSize))
                let response = try await client.execute(request, timeout: .seconds(10))
                _ = try await response.body.collect(upTo: 1024)
                return response.status.code == 204
            }
            let worker = DeliveryWorker(node: node, logger: logger)
            let full = try await measure(count: messages, concurrency: concurrency) {
                let row = try await node.enqueue(
                    to: "de-1", toAuthority: "de-imm", fromAuthority: "be-imm", kind: NetworkCheck.kind, body: body, on: services.db)
                return try await worker.deliverNow(row, client: client)
            }
            try await client.shutdown()
            await database.shutdown()

            let store = senderDatabaseURL == nil ? "SQLite" : "PostgreSQL"
            print("| path (\(store), \(messages) messages, \(concurrency) in flight, body \(body.count) B) | messages/s | p50 ms | p99 ms | failures |")
            print("|---|---|---|---|---|")
            print(full.row("signed envelope: sign, outbox, mTLS, verify, persist, signed receipt, verify, record"))
            print(bare.row("bare HTTPS POST over the same mutual TLS (no signing, no persistence)"))
            print(String(format: "\nFull path at %.0f %% of the bare POST rate.", full.rate / bare.rate * 100))
        }

        struct Result {
            var rate: Double
            var latencies: [Double]
            var failures: Int

            func percentile(_ p: Double) -> Double {
                let sorted = latencies.sorted()
                return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
            }

            func row(_ name: String) -> String {
                String(format: "| %@ | %.0f | %.2f | %.2f | %d |", name, rate, percentile(0.5), percentile(0.99), failures)
            }
        }

        /// Runs `operation` `count` times with `concurrency` in flight; latencies in milliseconds.
        func measure(count: Int, concurrency: Int, _ operation: @escaping @Sendable () async throws -> Bool) async throws -> Result {
            let started = ContinuousClock.now
            var latencies: [Double] = []
            var failures = 0
            try await withThrowingTaskGroup(of: (Double, Bool).self) { group in
                var issued = 0
                func add() {
                    issued += 1
                    group.addTask {
                        let start = ContinuousClock.now
                        let ok = (try? await operation()) ?? false
                        let elapsed = ContinuousClock.now - start
                        return (Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15, ok)
                    }
                }
                for _ in 0..<min(concurrency, count) { add() }
                while let (latency, ok) = try await group.next() {
                    latencies.append(latency)
                    if !ok { failures += 1 }
                    if issued < count { add() }
                }
            }
            let total = ContinuousClock.now - started
            let seconds = Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
            return Result(rate: Double(count) / seconds, latencies: latencies, failures: failures)
        }

        func waitForReceiver(client: HTTPClient, port: Int) async throws {
            for _ in 0..<300 {
                var request = HTTPClientRequest(url: "https://127.0.0.1:\(port)/federation/v1/echo")
                request.method = .POST
                if let response = try? await client.execute(request, timeout: .seconds(1)), response.status.code == 204 { return }
                try await Task.sleep(for: .milliseconds(100))
            }
            throw ValidationError("The receiving node did not start.")
        }
    }
}
