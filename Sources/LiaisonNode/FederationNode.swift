import AsyncHTTPClient
import Crypto
import FluentKit
import Foundation
import LiaisonCore
import LiaisonFederation
import LiaisonStore
import NIOPosix
import NIOSSL
import X509

/// This node's place in the network: its identity and keys, the trusted manifest, the
/// outbox it writes to and the inbox that admits what other nodes send.
public final class FederationNode: Sendable {
    public let settings: FederationSettings
    public let tls: FederationTLS
    public let authority: Certificate
    public let signingKey: Curve25519.Signing.PrivateKey
    public let manifest: ManifestHolder
    let database: LiaisonDatabase
    public let audit: any AuditTrail
    let clock: @Sendable () -> Date
    public let admission: EnvelopeAdmission
    /// Envelopes that arrive together are stored in one commit.
    let inbox = GroupCommit<Arrival, Receipt>()
    /// What the inbox does with each kind of envelope; the capabilities register theirs at
    /// the composition root.
    public let kinds = EnvelopeKinds()
    /// Refused handshakes at the federation port, audited per address and bounded.
    public let handshakes: HandshakeRefusals

    public init(settings: FederationSettings, database: LiaisonDatabase, audit: any AuditTrail, clock: @escaping @Sendable () -> Date) throws {
        self.settings = settings
        self.tls = FederationTLS(
            caCertificatePEM: try settings.read("ca.crt"), certificatePEM: try settings.read("tls.crt"), privateKeyPEM: try settings.read("tls.key"))
        self.authority = try Certificate(pemEncoded: try settings.read("ca.crt"))
        self.signingKey = try PKIDirectory.signingKey(at: settings.file("signing.key"))
        let operatorText = try settings.read("operator.pub").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let operatorRaw = Data(base64Encoded: operatorText) else { throw PKIError("operator.pub does not hold a public key.") }
        let operatorKey = try Curve25519.Signing.PublicKey(rawRepresentation: operatorRaw)
        let initial = try JSONDecoder().decode(NetworkManifest.self, from: Data(try settings.read("manifest.json").utf8))
        self.manifest = try ManifestHolder(initial: initial, operatorKey: operatorKey)
        self.database = database
        self.audit = audit
        self.clock = clock
        self.admission = EnvelopeAdmission(receiverNode: settings.nodeID)
        self.handshakes = HandshakeRefusals(limits: settings.handshakeLimits)
        let manifest = self.manifest
        kinds.register(DirectoryPublication.kind) { envelope, database in
            try await DirectoryPublication.apply(envelope, manifest: await manifest.current, on: database, now: clock())
        }
        kinds.register(NetworkCheck.kind) { _, _ in }
    }

    public var db: any Database { database.database() }

    /// The client for talking to other nodes: this node's certificate, the network CA, TLS 1.3.
    /// A peer that cannot be reached fails the attempt at once; the outbox does the retrying.
    public func makeHTTPClient(tls override: TLSConfiguration? = nil) throws -> HTTPClient {
        var configuration = HTTPClient.Configuration(tlsConfiguration: try override ?? tls.clientConfiguration())
        configuration.timeout = .init(connect: .seconds(3), read: .seconds(10))
        configuration.connectionPool.retryConnectionEstablishment = false
        // Below the receivers' idle timeout, so that a pooled connection is not reused just as
        // the other side closes it.
        configuration.connectionPool.idleTimeout = .milliseconds(Int64(settings.connectionIdleTimeout * 1000 * 2 / 3))
        // Connections beyond this limit are opened per request and closed after it, each with a
        // full mutual-TLS handshake: keep enough for the deliveries a worker runs at once.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    // MARK: Sending

    /// Signs an envelope and writes it to the outbox on `database`, which should be the
    /// transaction of the business change that causes the message.
    @discardableResult
    public func enqueue(
        to node: String, toAuthority: String, fromAuthority: String, kind: String, body: Data, lifetime: TimeInterval = 7 * 86400,
        on database: any Database
    ) async throws -> OutboxMessageModel {
        guard await manifest.current.node(node) != nil else {
            throw ServiceError.invalid("Node \(node) is not in the network manifest.", fields: ["toNode": "Unknown node."])
        }
        let envelope = try Envelope(
            fromNode: settings.nodeID, fromAuthority: fromAuthority, toNode: node, toAuthority: toAuthority, kind: kind,
            created: clock(), lifetime: lifetime, body: body
        ).signed(with: signingKey)
        let message = OutboxMessageModel(id: envelope.id, toNode: node, kind: kind, envelope: try JSONEncoder().encode(envelope), now: clock())
        try await message.insert(on: database)
        return message
    }

    /// Writes one envelope of `kind` to every other node of the manifest that is not revoked,
    /// node to node, on `database` (the transaction of the change it publishes). Returns how
    /// many it wrote.
    @discardableResult
    public func broadcast(kind: String, body: Data, on database: any Database) async throws -> Int {
        let peers = await manifest.current.nodes.filter { $0.nodeID != settings.nodeID && !$0.revoked }
        for peer in peers {
            try await enqueue(to: peer.nodeID, toAuthority: peer.nodeID, fromAuthority: settings.nodeID, kind: kind, body: body, on: database)
        }
        return peers.count
    }

    // MARK: Receiving

    /// Admits an envelope from a peer whose TLS certificate was `peerCertificateDER`: checks it,
    /// stores it with its receipt, applies it and audits it in one transaction (shared with
    /// envelopes arriving at the same time), and returns the receipt. A duplicate returns the
    /// original receipt and changes nothing. Every refusal is audited.
    public func receive(_ data: Data, peerCertificateDER: [UInt8]?, requestID: String) async throws -> Receipt {
        let manifest = await manifest.current
        let peer = peerCertificateDER.flatMap { FederationTLS.node(forCertificateDER: $0, in: manifest) }
        do {
            let envelope: Envelope
            if let key = JSONKeys.firstDuplicate(in: data) {
                throw FederationRefusal(.malformed, "The envelope has the field “\(key)” twice.")
            }
            do {
                envelope = try JSONDecoder().decode(Envelope.self, from: data)
            } catch {
                throw FederationRefusal(.malformed, "The envelope is not valid JSON of the envelope schema.")
            }
            try admission.authenticate(envelope, manifest: manifest, peerNode: peer?.nodeID)
            _ = try kinds.handler(for: envelope.kind)
            // Signed before it is known whether the envelope is new: signing is the slow part,
            // and is better done here, in parallel, than inside the shared commit.
            let receipt = try Receipt(for: envelope, receiverNode: settings.nodeID, receivedAt: clock()).signed(with: signingKey)
            let arrival = Arrival(envelope: envelope, data: data, receipt: receipt, requestID: requestID)
            return try await inbox.submit(arrival) { batch in await self.store(batch) }
        } catch let refusal as FederationRefusal {
            try await refuse(refusal, peerCertificateDER: peerCertificateDER, requestID: requestID)
        }
    }

    /// Records a refusal in the audit trail, then throws it.
    public func refuse(_ refusal: FederationRefusal, peerCertificateDER: [UInt8]?, requestID: String) async throws -> Never {
        let current = await manifest.current
        let peer = peerCertificateDER.flatMap { FederationTLS.node(forCertificateDER: $0, in: current) }
        try await audit.append(
            AuditEvent(
                actor: "node:\(peer?.nodeID ?? "unknown")", action: .envelopeRefused, outcome: .denied, targetType: "envelope",
                detail: refusal.code.rawValue, requestID: requestID), on: db)
        throw refusal
    }
}

extension FederationNode {
    /// The newest envelopes this node sent, for the network page.
    public func recentlySent(limit: Int = 100) async throws -> [OutboxMessageModel] {
        try await OutboxMessageModel.query(on: db).sort(\.$createdAt, .descending).limit(limit).all()
    }

    /// The newest envelopes this node received, for the network page.
    public func recentlyReceived(limit: Int = 100) async throws -> [InboxMessageModel] {
        try await InboxMessageModel.query(on: db).sort(\.$receivedAt, .descending).limit(limit).all()
    }
}
