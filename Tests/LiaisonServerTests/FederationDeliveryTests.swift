import AsyncHTTPClient
import Crypto
import FluentKit
import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
@testable import LiaisonExchange
import LiaisonFederation
@testable import LiaisonNode
@testable import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle
import Testing

/// Two nodes in this process, each with its own database, talking over real mutual TLS on
/// loopback with real signatures.
@Suite("Federation: delivery between nodes over mutual TLS", .serialized)
struct FederationDeliveryTests {
    final class Network: @unchecked Sendable {
        let pki: PKIDirectory
        var nodes: [String: LiaisonServices] = [:]
        var listeners: [String: (ServiceGroup, Task<Void, any Error>)] = [:]
        var ports: [String: Int] = [:]
        let clock: TestClock?
        /// Changes to each node's federation settings, for tests of its limits.
        let adjust: @Sendable (inout FederationSettings) -> Void

        init(clock: TestClock? = nil, withCommission: Bool = false, adjust: @escaping @Sendable (inout FederationSettings) -> Void = { _ in }) throws {
            self.clock = clock
            self.adjust = adjust
            pki = PKIDirectory(path: FileManager.default.temporaryDirectory.appendingPathComponent("liaison-fed-\(UUID())").path)
            try pki.initialise(network: "test", operatorNode: "eu-1")
            for (id, state) in [("be-1", "BE"), ("de-1", "DE"), ("fr-1", "FR")] + (withCommission ? [("eu-1", "EU")] : []) {
                let port = try Self.freePort()
                ports[id] = port
                try pki.issue(
                    nodeID: id, stateCode: state, endpoint: "https://127.0.0.1:\(port)", hosts: ["127.0.0.1"],
                    authorities: state == "EU"
                        ? [.init(id: "eu-com", name: "European Commission", kind: .commission)]
                        : [
                            .init(id: "\(state.lowercased())-imm", name: "\(state) immigration", kind: .immigrationAsylum),
                            .init(id: "\(state.lowercased())-ct", name: "\(state) counter-terrorism", kind: .counterTerrorism),
                        ])
            }
            _ = try pki.signManifest()
        }

        func start(_ id: String) async throws {
            if nodes[id] == nil {
                let database = try await TestDatabase.open()
                try await database.migrate()
                var settings = FederationSettings(nodeID: id, port: ports[id]!, folder: pki.path + "/nodes/\(id)")
                adjust(&settings)
                let configuration = LiaisonConfiguration(database: database.location, stateCode: String(id.prefix(2)).uppercased(), passwordHashCost: 4)
                var withFederation = configuration
                withFederation.federation = settings
                nodes[id] = try await LiaisonServices(configuration: withFederation, database: database, clock: clock?.function ?? Date.init)
            }
            let listener = try buildFederationListener(node: nodes[id]!.federation!, logger: TestDatabase.quietLogger)
            // Stopped by graceful shutdown, as in production: cancelling a server mid-accept races.
            let group = ServiceGroup(configuration: .init(services: [listener], logger: TestDatabase.quietLogger))
            listeners[id] = (group, Task { try await group.run() })
            try await waitUntilListening(ports[id]!)
        }

        func stop(_ id: String) async {
            guard let (group, task) = listeners[id] else { return }
            await group.triggerGracefulShutdown()
            _ = try? await task.value
            listeners[id] = nil
        }

        func shutdown() async {
            for id in Array(listeners.keys) { await stop(id) }
            for node in nodes.values { await node.database.shutdown() }
        }

        func worker(_ id: String) -> DeliveryWorker { DeliveryWorker(node: nodes[id]!.federation!, logger: TestDatabase.quietLogger) }

        func client(for id: String, tls: TLSConfiguration? = nil) throws -> HTTPClient {
            try nodes[id]!.federation!.makeHTTPClient(tls: tls)
        }

        static func freePort() throws -> Int {
            let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).wait()
            let port = channel.localAddress!.port!
            try channel.close().wait()
            return port
        }

        func waitUntilListening(_ port: Int) async throws {
            for _ in 0..<100 {
                if (try? await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get().close().get()) != nil {
                    return
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    func withNetwork(
        withCommission: Bool = false, adjust: @escaping @Sendable (inout FederationSettings) -> Void = { _ in }, _ body: (Network) async throws -> Void
    ) async throws {
        let network = try Network(withCommission: withCommission, adjust: adjust)
        do {
            for node in ["be-1", "de-1", "fr-1"] + (withCommission ? ["eu-1"] : []) { try await network.start(node) }
            try await body(network)
        } catch {
            await network.shutdown()
            throw error
        }
        await network.shutdown()
    }

    func post(_ client: HTTPClient, to network: Network, node: String, body: Data) async throws -> (Int, String) {
        var request = HTTPClientRequest(url: "https://127.0.0.1:\(network.ports[node]!)/federation/v1/envelopes")
        request.method = .POST
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await client.execute(request, timeout: .seconds(5))
        return (Int(response.status.code), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    func envelope(
        _ network: Network, id: UUID = UUID(), from: String = "be-1", body: String = #"{"ping":1}"#, created: Date = Date(),
        lifetime: TimeInterval = 3600, key: Curve25519.Signing.PrivateKey? = nil, kind: String = "network.ping"
    ) throws -> Data {
        let signer = try key ?? PKIDirectory.signingKey(at: network.pki.path + "/nodes/be-1/signing.key")
        let envelope = try Envelope(
            id: id, fromNode: from, fromAuthority: "be-imm", toNode: "de-1", toAuthority: "de-imm", kind: kind,
            created: created, lifetime: lifetime, body: Data(body.utf8)
        ).signed(with: signer)
        return try JSONEncoder().encode(envelope)
    }

    @Test("a message from BE reaches DE once, with a receipt BE verifies; three nodes exchange in every direction")
    func delivery() async throws {
        try await withNetwork { network in
            let be = network.nodes["be-1"]!
            let de = network.nodes["de-1"]!
            let message = try await be.federation!.enqueue(
                to: "de-1", toAuthority: "de-imm", fromAuthority: "be-imm", kind: "network.ping", body: Data(#"{"ping":1}"#.utf8), on: be.db)
            try await be.federation!.enqueue(
                to: "fr-1", toAuthority: "fr-imm", fromAuthority: "be-imm", kind: "network.ping", body: Data(#"{"ping":2}"#.utf8), on: be.db)
            let fr = network.nodes["fr-1"]!
            try await fr.federation!.enqueue(
                to: "de-1", toAuthority: "de-imm", fromAuthority: "fr-1", kind: "network.ping", body: Data(#"{"ping":3}"#.utf8), on: fr.db)
            let client = try network.client(for: "be-1")
            #expect(await network.worker("be-1").deliverDue(client: client) == 2)
            let frClient = try network.client(for: "fr-1")
            #expect(await network.worker("fr-1").deliverDue(client: frClient) == 1)
            try await frClient.shutdown()
            #expect(try await InboxMessageModel.query(on: fr.db).count() == 1)
            #expect(try await OutboxMessageModel.query(on: fr.db).filter(\.$state == .delivered).count() == 1)
            let sent = try #require(try await OutboxMessageModel.find(message.id, on: be.db))
            #expect(sent.state == .delivered)
            let receipt = try JSONDecoder().decode(Receipt.self, from: try #require(sent.receipt))
            let envelope = try JSONDecoder().decode(Envelope.self, from: sent.envelope)
            let deKey = try PKIDirectory.signingKey(at: network.pki.path + "/nodes/de-1/signing.key").publicKey
            #expect(receipt.confirms(envelope, receiverKey: deKey))
            #expect(try await InboxMessageModel.query(on: de.db).filter(\.$fromNode == "be-1").count() == 1)

            // Sent again (a retry after a lost answer): the same receipt, nothing stored twice.
            let (status, body) = try await post(client, to: network, node: "de-1", body: sent.envelope)
            #expect(status == 200)
            #expect(try JSONDecoder().decode(Receipt.self, from: Data(body.utf8)) == receipt)
            #expect(try await InboxMessageModel.query(on: de.db).count() == 2, "one from BE, one from FR")
            let received = try await de.audit.entries(.init(action: AuditAction.envelopeReceived.rawValue), on: de.db)
            #expect(received.count == 2)
            try await client.shutdown()
        }
    }

    @Test("an envelope of a kind the receiver does not know, from a well-formed signed peer, is refused with its code and audited; nothing is stored and no receipt is given")
    func unknownKindRefused() async throws {
        try await withNetwork { network in
            let be = network.nodes["be-1"]!, de = network.nodes["de-1"]!
            #expect(de.federation!.kinds.registered.isSuperset(of: Set(ExchangeKind.allCases.map(\.rawValue)).union([DirectoryPublication.kind, "network.ping"])))
            var rows: [UUID] = []
            for kind in ["exchange.unknown", "capability.unknown", "network.ping "] {
                let row = try await be.federation!.enqueue(to: "de-1", toAuthority: "de-imm", fromAuthority: "be-imm", kind: kind, body: Data("{}".utf8), on: be.db)
                rows.append(try row.requireID())
            }
            let client = try network.client(for: "be-1")
            #expect(await network.worker("be-1").deliverDue(client: client) == 3)
            let (status, text) = try await post(client, to: network, node: "de-1", body: try envelope(network, kind: "exchange.unknown"))
            #expect(status == 422 && text.contains("federation.unknownKind"))
            try await client.shutdown()
            for id in rows {
                let sent = try #require(try await OutboxMessageModel.find(id, on: be.db))
                #expect(sent.state == .failed)
                #expect(sent.lastError == "federation.unknownKind")
                #expect(sent.receipt == nil)
            }
            #expect(try await InboxMessageModel.query(on: de.db).count() == 0)
            let refused = try await de.audit.entries(.init(action: AuditAction.envelopeRefused.rawValue), on: de.db)
            #expect(refused.filter { $0.detail == "federation.unknownKind" }.count == 4)
        }
    }

    @Test("the node-to-node protocol document is served over mutual TLS and names every kind the receiver applies and every refusal code")
    func protocolDocument() async throws {
        try await withNetwork { network in
            let client = try network.client(for: "be-1")
            let response = try await client.execute(
                HTTPClientRequest(url: "https://127.0.0.1:\(network.ports["de-1"]!)/federation/v1/openapi.yaml"), timeout: .seconds(5))
            let document = String(buffer: try await response.body.collect(upTo: 1 << 20))
            try await client.shutdown()
            #expect(response.status.code == 200)
            #expect(document == (try OpenAPIDocument.federationYAML()))
            for kind in network.nodes["de-1"]!.federation!.kinds.registered { #expect(document.contains(kind), "\(kind)") }
            let codes = [
                "badSignature", "unknownNode", "revokedNode", "senderMismatch", "unknownAuthority", "replay", "tooLarge", "expired", "notYetValid",
                "malformed", "notForThisNode", "unknownKind",
            ]
            for code in codes { #expect(document.contains(code), "\(code)") }
            for path in ["/federation/v1/envelopes", "/federation/v1/manifest", "/federation/v1/echo"] { #expect(document.contains(path + ":")) }
        }
    }

    @Test("refusals carry their own code and leave an audit entry at the receiver")
    func refusals() async throws {
        try await withNetwork { network in
            let de = network.nodes["de-1"]!
            let client = try network.client(for: "be-1")
            var tampered = try JSONDecoder().decode(Envelope.self, from: try envelope(network))
            tampered.body = Data(#"{"ping":2}"#.utf8)
            let cases: [(String, Data, Int, String)] = [
                ("bad signature", try JSONEncoder().encode(tampered), 403, "federation.badSignature"),
                ("foreign key", try envelope(network, key: Curve25519.Signing.PrivateKey()), 403, "federation.badSignature"),
                ("unknown node", try envelope(network, from: "xx-1"), 403, "federation.unknownNode"),
                ("expired", try envelope(network, created: Date().addingTimeInterval(-7200)), 422, "federation.expired"),
                ("oversize", try envelope(network, body: String(repeating: "x", count: 300 * 1024)), 413, "federation.tooLarge"),
                ("malformed", Data("{not json".utf8), 422, "federation.malformed"),
            ]
            for (name, body, expectedStatus, code) in cases {
                let (status, text) = try await post(client, to: network, node: "de-1", body: body)
                #expect(status == expectedStatus, "\(name)")
                #expect(text.contains(code), "\(name): \(text)")
            }
            let id = UUID()
            #expect(try await post(client, to: network, node: "de-1", body: try envelope(network, id: id)).0 == 200)
            let (replayStatus, replayText) = try await post(client, to: network, node: "de-1", body: try envelope(network, id: id, body: #"{"other":true}"#))
            #expect(replayStatus == 409)
            #expect(replayText.contains("federation.replay"))
            let refused = try await de.audit.entries(.init(action: AuditAction.envelopeRefused.rawValue), on: de.db)
            #expect(
                Set(refused.compactMap(\.detail))
                    == ["federation.badSignature", "federation.unknownNode", "federation.expired", "federation.tooLarge", "federation.malformed", "federation.replay"])
            try await client.shutdown()
        }
    }

    @Test("the TLS handshake fails for a certificate of another CA, for TLS 1.2, and for a revoked node")
    func transportRefusals() async throws {
        try await withNetwork { network in
            let foreignClient = try foreignCAClient(network)
            await #expect(throws: (any Error).self) { _ = try await post(foreignClient, to: network, node: "de-1", body: try envelope(network)) }
            try await foreignClient.shutdown()

            var oldTLS = try network.nodes["be-1"]!.federation!.tls.clientConfiguration()
            oldTLS.minimumTLSVersion = .tlsv12
            oldTLS.maximumTLSVersion = .tlsv12
            let oldClient = try network.client(for: "be-1", tls: oldTLS)
            await #expect(throws: (any Error).self) { _ = try await post(oldClient, to: network, node: "de-1", body: try envelope(network)) }
            try await oldClient.shutdown()

            try network.pki.revoke(nodeID: "be-1")
            try await network.nodes["de-1"]!.federation!.manifest.offer(try network.pki.signManifest())
            let revokedClient = try network.client(for: "be-1")
            await #expect(throws: (any Error).self) { _ = try await post(revokedClient, to: network, node: "de-1", body: try envelope(network)) }
            try await revokedClient.shutdown()

            // Certificate refusals are in the receiver's audit trail with their reason.
            let de = network.nodes["de-1"]!
            let refused = try await refusedHandshakes(at: de, atLeast: 3)
            #expect(Set(refused.compactMap(\.detail)) == ["federation.untrustedCertificate", "federation.protocolRefused", "federation.revokedNode"])
            #expect(refused.allSatisfy { $0.targetID == "127.0.0.1" })
        }
    }

    @Test("while the receiver is down messages wait; when it is back each is delivered exactly once")
    func receiverDown() async throws {
        try await withNetwork { network in
            let be = network.nodes["be-1"]!
            await network.stop("de-1")
            for index in 0..<3 {
                try await be.federation!.enqueue(
                    to: "de-1", toAuthority: "de-imm", fromAuthority: "be-1", kind: "network.ping", body: Data("{\"n\":\(index)}".utf8), on: be.db)
            }
            let client = try network.client(for: "be-1")
            let worker = network.worker("be-1")
            #expect(await worker.deliverDue(client: client) == 3)
            let waiting = try await OutboxMessageModel.query(on: be.db).all()
            #expect(waiting.allSatisfy { $0.state == .queued && $0.attempts == 1 && $0.lastError != nil })
            try await network.start("de-1")
            try await Task.sleep(for: .milliseconds(400))
            #expect(await worker.deliverDue(client: client) == 3)
            #expect(try await OutboxMessageModel.query(on: be.db).all().allSatisfy { $0.state == .delivered })
            #expect(try await InboxMessageModel.query(on: network.nodes["de-1"]!.db).count() == 3)
            #expect(try await DeliveryAttemptModel.query(on: be.db).count() == 6)
            try await client.shutdown()
        }
    }
}

extension FederationDeliveryTests {
    @Test("a node's directory reaches the other node as a read-only copy; only newer publications replace it")
    func directoryReplication() async throws {
        try await withNetwork { network in
            let be = network.nodes["be-1"]!
            let de = network.nodes["de-1"]!
            let authority = try await be.administration.createAuthority(name: "Belgian border police", kind: .borderManagement, actor: "test", requestID: nil)
            let client = try network.client(for: "be-1")
            #expect(await network.worker("be-1").deliverDue(client: client) == 2, "to DE and FR")
            let copy = try #require(try await DirectoryCopyModel.query(on: de.db).filter(\.$nodeID == "be-1").first())
            let entries = try JSONDecoder().decode([DirectoryPublication.Entry].self, from: copy.entries)
            #expect(entries.map(\.name) == ["Belgian border police"])
            #expect(entries.first?.id == authority.id?.uuidString)
            let inbox = try #require(try await InboxMessageModel.query(on: de.db).first())
            #expect(inbox.appliedAt != nil)

            // An older publication (sent late) does not overwrite a newer copy.
            let stale = DirectoryPublication(node: "be-1", stateCode: "BE", version: copy.version - 1, authorities: [])
            let key = try PKIDirectory.signingKey(at: network.pki.path + "/nodes/be-1/signing.key")
            let envelope = try Envelope(
                fromNode: "be-1", fromAuthority: "be-1", toNode: "de-1", toAuthority: "de-1", kind: DirectoryPublication.kind,
                created: Date(), lifetime: 600, body: try JSONEncoder().encode(stale)
            ).signed(with: key)
            #expect(try await post(client, to: network, node: "de-1", body: try JSONEncoder().encode(envelope)).0 == 200)
            let after = try #require(try await DirectoryCopyModel.query(on: de.db).filter(\.$nodeID == "be-1").first())
            #expect(after.version == copy.version)

            // A node cannot publish another node's entries.
            let forged = DirectoryPublication(node: "fr-1", stateCode: "FR", version: 1, authorities: [])
            let forgedEnvelope = try Envelope(
                fromNode: "be-1", fromAuthority: "be-1", toNode: "de-1", toAuthority: "de-1", kind: DirectoryPublication.kind,
                created: Date(), lifetime: 600, body: try JSONEncoder().encode(forged)
            ).signed(with: key)
            let (status, text) = try await post(client, to: network, node: "de-1", body: try JSONEncoder().encode(forgedEnvelope))
            #expect(status == 422)
            #expect(text.contains("federation.malformed"))
            #expect(try await DirectoryCopyModel.query(on: de.db).filter(\.$nodeID == "fr-1").count() == 0)
            try await client.shutdown()
        }
    }

    @Test("directory.update is checked against the signed manifest: a node cannot claim another state or the Commission's kind")
    func directoryUpdateCheckedAgainstManifest() async throws {
        try await withNetwork { network in
            let de = network.nodes["de-1"]!
            let client = try network.client(for: "be-1")
            let key = try PKIDirectory.signingKey(at: network.pki.path + "/nodes/be-1/signing.key")
            func send(_ publication: DirectoryPublication) async throws -> (Int, String) {
                let envelope = try Envelope(
                    fromNode: "be-1", fromAuthority: "be-1", toNode: "de-1", toAuthority: "de-1", kind: DirectoryPublication.kind,
                    created: Date(), lifetime: 600, body: try JSONEncoder().encode(publication)
                ).signed(with: key)
                return try await post(client, to: network, node: "de-1", body: try JSONEncoder().encode(envelope))
            }
            let police = DirectoryPublication.Entry(id: UUID().uuidString, name: "Federal police", kind: .borderManagement)
            for forged in [
                DirectoryPublication(node: "be-1", stateCode: "FR", version: 10, authorities: [police]),
                DirectoryPublication(node: "be-1", stateCode: "EU", version: 11, authorities: [police]),
                DirectoryPublication(
                    node: "be-1", stateCode: "BE", version: 12, authorities: [.init(id: UUID().uuidString, name: "European Commission", kind: .commission)]),
                DirectoryPublication(
                    node: "be-1", stateCode: "BE", version: 13, authorities: [.init(id: UUID().uuidString, name: "Europol", kind: .euAgency)]),
                DirectoryPublication(
                    node: "be-1", stateCode: "BE", version: 14, authorities: [.init(id: UUID().uuidString, name: "Police\u{202E}eciloP", kind: .borderManagement)]),
            ] {
                let (status, text) = try await send(forged)
                #expect(status == 422, "\(forged.stateCode) \(forged.authorities.map(\.kind))")
                #expect(text.contains("federation.malformed"))
            }
            #expect(try await DirectoryCopyModel.query(on: de.db).filter(\.$nodeID == "be-1").filter(\.$version >= 10).count() == 0)
            #expect(try await (send(DirectoryPublication(node: "be-1", stateCode: "BE", version: 15, authorities: [police]))).0 == 200)
            #expect(try await DirectoryCopyModel.query(on: de.db).filter(\.$nodeID == "be-1").first()?.version == 15)
            try await client.shutdown()
        }
    }

    @Test("a node leaves off the network's directory an authority of a kind its manifest entry does not give it")
    func directoryPublicationKeepsToManifestKinds() async throws {
        try await withNetwork { network in
            let be = network.nodes["be-1"]!
            let de = network.nodes["de-1"]!
            _ = try await be.administration.createAuthority(name: "Customs", kind: .borderManagement, actor: "test", requestID: nil)
            _ = try await be.administration.createAuthority(name: "Not the Commission", kind: .commission, actor: "test", requestID: nil)
            let client = try network.client(for: "be-1")
            _ = await network.worker("be-1").deliverDue(client: client)
            let copy = try #require(try await DirectoryCopyModel.query(on: de.db).filter(\.$nodeID == "be-1").sort(\.$version, .descending).first())
            let entries = try JSONDecoder().decode([DirectoryPublication.Entry].self, from: copy.entries)
            #expect(entries.map(\.name) == ["Customs"])
            #expect(copy.stateCode == "BE")
            try await client.shutdown()
        }
    }
}

extension FederationDeliveryTests {
    @Test("a node fetches a newer manifest from the operator, and refuses an older or forged one")
    func manifestFetch() async throws {
        try await withNetwork { network in
            // Make be-1 the operator: re-sign with be-1 as operator node, then publish a newer one.
            let de = network.nodes["de-1"]!.federation!
            let be = network.nodes["be-1"]!.federation!
            let operatorKey = try network.pki.operatorKey()
            var newer = await be.manifest.current
            newer.operatorNode = "be-1"
            newer.version += 5
            let signed = try newer.signed(with: operatorKey)
            try await be.manifest.offer(signed)
            var atDE = await de.manifest.current
            atDE.operatorNode = "be-1"
            atDE.version += 1
            try await de.manifest.offer(try atDE.signed(with: operatorKey))
            let client = try de.makeHTTPClient()
            await de.refreshManifest(client: client, logger: TestDatabase.quietLogger)
            #expect(await de.manifest.current.version == signed.version)
            let written = try JSONDecoder().decode(NetworkManifest.self, from: Data(contentsOf: URL(fileURLWithPath: de.settings.file("manifest.json"))))
            #expect(written.version == signed.version, "kept across restarts")
            // A newer manifest whose signature does not match is refused; the held one stays.
            var tampered = signed
            tampered.version += 1
            await #expect(throws: FederationRefusal.self) { try await de.manifest.offer(tampered) }
            #expect(await de.manifest.current.version == signed.version)
            try await client.shutdown()
        }
    }
}

extension FederationDeliveryTests {
    @Test("many messages at once: each delivered once with a receipt that verifies, and both audit chains intact")
    func manyAtOnce() async throws {
        try await withNetwork { network in
            let be = network.nodes["be-1"]!
            let de = network.nodes["de-1"]!
            for index in 0..<40 {
                try await be.federation!.enqueue(
                    to: "de-1", toAuthority: "de-imm", fromAuthority: "be-imm", kind: "network.ping", body: Data("{\"n\":\(index)}".utf8), on: be.db)
            }
            let client = try network.client(for: "be-1")
            let worker = network.worker("be-1")
            // The worker delivers up to 32 at once, so their outcomes and arrivals share commits.
            #expect(await worker.deliverDue(client: client) == 32)
            #expect(await worker.deliverDue(client: client) == 8)
            try await client.shutdown()
            let deKey = try PKIDirectory.signingKey(at: network.pki.path + "/nodes/de-1/signing.key").publicKey
            let sent = try await OutboxMessageModel.query(on: be.db).all()
            #expect(sent.count == 40)
            for row in sent {
                #expect(row.state == .delivered && row.attempts == 1 && row.lastError == nil && row.deliveredAt != nil)
                let receipt = try JSONDecoder().decode(Receipt.self, from: try #require(row.receipt))
                #expect(receipt.confirms(try JSONDecoder().decode(Envelope.self, from: row.envelope), receiverKey: deKey))
            }
            #expect(try await DeliveryAttemptModel.query(on: be.db).filter(\.$outcome == "delivered").count() == 40)
            #expect(Set(try await InboxMessageModel.query(on: de.db).all().compactMap(\.id)) == Set(sent.compactMap(\.id)))
            #expect(try await be.audit.entries(.init(action: AuditAction.envelopeDelivered.rawValue, limit: 100), on: be.db).count == 40)
            #expect(try await de.audit.entries(.init(action: AuditAction.envelopeReceived.rawValue, limit: 100), on: de.db).count == 40)
            for node in [be, de] {
                guard case .intact = try await node.audit.verify(on: node.db) else {
                    Issue.record("the audit chain of \(node.configuration.stateCode) does not verify")
                    continue
                }
            }
        }
    }

    @Test("in one shared commit, a refused envelope is left out, a duplicate gets the first receipt, and the others are stored")
    func sharedCommit() async throws {
        try await withNetwork { network in
            let de = network.nodes["de-1"]!
            let node = de.federation!
            func arrival(_ data: Data) throws -> Arrival {
                let envelope = try JSONDecoder().decode(Envelope.self, from: data)
                let receipt = try Receipt(for: envelope, receiverNode: "de-1", receivedAt: Date()).signed(with: node.signingKey)
                return Arrival(envelope: envelope, data: data, receipt: receipt, requestID: "test")
            }
            let first = UUID()
            // A directory update that speaks for another node: its application refuses it.
            let foreignDirectory = DirectoryPublication(node: "fr-1", stateCode: "FR", version: 1, authorities: [])
            let batch = [
                try arrival(try envelope(network, id: first)),
                try arrival(try envelope(network, body: String(decoding: try JSONEncoder().encode(foreignDirectory), as: UTF8.self), kind: DirectoryPublication.kind)),
                try arrival(try envelope(network, id: first)),
                try arrival(try envelope(network, id: first, body: #"{"other":true}"#)),
                try arrival(try envelope(network)),
            ]
            let results = await node.store(batch)
            #expect(results.count == 5)
            #expect(try results[0].get() == batch[0].receipt)
            #expect(throws: FederationRefusal.self) { try results[1].get() }
            #expect(try results[2].get() == batch[0].receipt, "the same envelope again gets the first receipt")
            #expect((try? results[3].get()) == nil)
            if case .failure(let refusal as FederationRefusal) = results[3] { #expect(refusal.code == .replay) } else { Issue.record("no replay refusal") }
            #expect(try results[4].get() == batch[4].receipt)
            let stored = Set(try await InboxMessageModel.query(on: de.db).all().compactMap(\.id))
            #expect(stored == [batch[0].envelope.id, batch[4].envelope.id])
            #expect(try await DirectoryCopyModel.query(on: de.db).count() == 0)
            #expect(try await de.audit.entries(.init(action: AuditAction.envelopeReceived.rawValue), on: de.db).count == 2)
            guard case .intact = try await de.audit.verify(on: de.db) else {
                Issue.record("the audit chain does not verify")
                return
            }
        }
    }
}

extension FederationDeliveryTests {
    @Test("a node that accepts connections and never answers delays only its own messages")
    func silentPeer() async throws {
        try await withNetwork { network in
            await network.stop("fr-1")
            // FR's port now accepts connections and never says a word.
            let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(host: "127.0.0.1", port: network.ports["fr-1"]!).get()
            let be = network.nodes["be-1"]!
            let toFR = try await be.federation!.enqueue(
                to: "fr-1", toAuthority: "fr-imm", fromAuthority: "be-imm", kind: "network.ping", body: Data(#"{"n":1}"#.utf8), on: be.db)
            let client = try network.client(for: "be-1")
            let running = Task { try await network.worker("be-1").deliverContinuously(client: client) }
            try await Task.sleep(for: .milliseconds(500))
            let toDE = try await be.federation!.enqueue(
                to: "de-1", toAuthority: "de-imm", fromAuthority: "be-imm", kind: "network.ping", body: Data(#"{"n":2}"#.utf8), on: be.db)
            var deliveredToDE = false
            for _ in 0..<40 where !deliveredToDE {
                try await Task.sleep(for: .milliseconds(50))
                deliveredToDE = try await OutboxMessageModel.find(toDE.id, on: be.db)?.state == .delivered
            }
            #expect(deliveredToDE, "DE's message went while FR's still waited for an answer")
            let waiting = try #require(try await OutboxMessageModel.find(toFR.id, on: be.db))
            #expect(waiting.state == .queued && waiting.attempts == 0, "FR's delivery is still in flight")
            running.cancel()
            _ = try? await running.value
            try await client.shutdown()
            try await silent.close()
        }
    }
}
