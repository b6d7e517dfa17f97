import AsyncHTTPClient
import FluentKit
import Foundation
import LiaisonCore
import LiaisonFederation
@testable import LiaisonNode
@testable import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import NIOCore
import NIOPosix
import NIOSSL
import Testing

extension FederationDeliveryTests {
    /// The handshake refusals in `node`'s audit trail, once at least `count` are written (they
    /// are written off the connection's path).
    func refusedHandshakes(at node: LiaisonServices, atLeast count: Int) async throws -> [AuditEntryModel] {
        for _ in 0..<100 {
            let entries = try await node.audit.entries(.init(action: AuditAction.handshakeRefused.rawValue, limit: 1000), on: node.db)
            if entries.count >= count { return entries }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await node.audit.entries(.init(action: AuditAction.handshakeRefused.rawValue, limit: 1000), on: node.db)
    }

    /// A client presenting BE's node id in a certificate of another CA.
    func foreignCAClient(_ network: Network) throws -> HTTPClient {
        let stranger = try NetworkPKI.createAuthority(name: "Other CA")
        let foreign = try NetworkPKI.issueNode(nodeID: "be-1", stateCode: "BE", hosts: ["127.0.0.1"], authority: stranger)
        var tls = try network.nodes["be-1"]!.federation!.tls.clientConfiguration()
        tls.certificateChain = [.certificate(try NIOSSLCertificate(bytes: Array(try foreign.certificatePEM.utf8), format: .pem))]
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(foreign.tlsPrivateKey.pemRepresentation.utf8), format: .pem))
        return try network.client(for: "be-1", tls: tls)
    }

    func closedByPeer(port: Int, sending bytes: String, within seconds: Double) async throws -> Bool {
        try await ConnectionTimeoutTests.closedByPeer(port: port, sending: bytes, within: seconds)
    }

    @Test("refused TLS handshakes cannot fill the audit trail: one entry per reason and address, the rest summed, the address then blocked")
    func handshakeRefusalsBounded() async throws {
        try await withNetwork(adjust: { $0.handshakeLimits.refusalsBeforeBlock = 20 }) { network in
            let de = network.nodes["de-1"]!
            var certless = try network.nodes["be-1"]!.federation!.tls.clientConfiguration()
            certless.certificateChain = []
            certless.privateKey = nil
            let anonymous = try network.client(for: "be-1", tls: certless)
            for _ in 0..<10 {
                await #expect(throws: (any Error).self) { _ = try await post(anonymous, to: network, node: "de-1", body: try envelope(network)) }
            }
            try await anonymous.shutdown()
            for _ in 0..<5 {
                #expect(try await closedByPeer(port: network.ports["de-1"]!, sending: "GET / HTTP/1.1\r\nHost: x\r\n\r\n", within: 5))
            }
            let foreignClient = try foreignCAClient(network)
            for _ in 0..<60 {
                await #expect(throws: (any Error).self) { _ = try await post(foreignClient, to: network, node: "de-1", body: try envelope(network)) }
            }
            try await foreignClient.shutdown()

            // 75 refused connections, three entries: one per reason from this address.
            let first = try await refusedHandshakes(at: de, atLeast: 3)
            #expect(first.count == 3)
            #expect(Set(first.compactMap(\.detail)) == ["federation.noClientCertificate", "federation.protocolRefused", "federation.untrustedCertificate"])

            // Blocked: even a node's own certificate from that address is closed before TLS.
            let client = try network.client(for: "be-1")
            await #expect(throws: (any Error).self) { _ = try await post(client, to: network, node: "de-1", body: try envelope(network)) }

            // The window closes with one summary of what was repeated and what was closed unheard.
            await de.federation!.closeHandshakeWindow()
            let all = try await refusedHandshakes(at: de, atLeast: 4)
            #expect(all.count == 4)
            let summary = try #require(all.first { $0.reason?.hasPrefix("repeated") == true })
            #expect(summary.targetID == "127.0.0.1")
            #expect(summary.detail?.hasPrefix("refusals=17 closedUnheard=56") == true, "\(summary.detail ?? "")")

            // The next window starts afresh: the node's own connection gets through again.
            #expect(try await post(client, to: network, node: "de-1", body: try envelope(network)).0 == 200)
            try await client.shutdown()
            guard case .intact = try await de.audit.verify(on: de.db) else {
                Issue.record("The audit chain no longer verifies.")
                return
            }
        }
    }

    @Test("a connection to the federation port that sends nothing, or a header that never ends, is closed after the idle timeout")
    func federationIdleTimeout() async throws {
        try await withNetwork(adjust: { $0.connectionIdleTimeout = 1 }) { network in
            let port = network.ports["de-1"]!
            #expect(try await closedByPeer(port: port, sending: "", within: 5))
            #expect(try await closedByPeer(port: port, sending: "\u{16}\u{03}\u{01}", within: 5), "a handshake that stops half-way")
            // Nothing refused: a connection that only waits is closed, not audited.
            try await Task.sleep(for: .milliseconds(200))
            let de = network.nodes["de-1"]!
            #expect(try await de.audit.entries(.init(action: AuditAction.handshakeRefused.rawValue), on: de.db).isEmpty)
        }
    }
}

@Suite("Refused handshakes: what one address, or many, can cost")
struct HandshakeRefusalsTests {
    @Test("beyond the addresses audited in a window, refusals are summed into one entry; a window's entries stay bounded")
    func manyAddressesBounded() {
        let ledger = HandshakeRefusals(limits: .init(addressesAuditedPerWindow: 100))
        var written = 0
        for index in 0..<150 {
            for _ in 0..<3 where ledger.refused("10.0.\(index / 256).\(index % 256)", reason: "federation.untrustedCertificate") != nil { written += 1 }
        }
        #expect(written == 100)
        let summaries = ledger.rollover()
        #expect(summaries.count == 101, "100 addresses with repeats, and one entry for the rest")
        let rest = summaries.first { $0.targetID == "other addresses" }
        #expect(rest?.detail == "refusals=150 closedUnheard=0 (federation.untrustedCertificate 150)")
        #expect(ledger.rollover().isEmpty, "a new window starts empty")
        #expect(ledger.refused("10.0.0.1", reason: "federation.untrustedCertificate") != nil)
    }

    @Test("one address holds at most its share of connections, and is let in again as they close")
    func connectionsPerAddress() {
        let ledger = HandshakeRefusals(limits: .init(connectionsPerAddress: 3))
        #expect((0..<5).map { _ in ledger.admit("192.0.2.7") } == [true, true, true, false, false])
        #expect(ledger.admit("192.0.2.8"))
        ledger.closed("192.0.2.7")
        #expect(ledger.admit("192.0.2.7"))
    }
}
