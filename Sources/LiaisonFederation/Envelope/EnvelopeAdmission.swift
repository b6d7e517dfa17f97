import Foundation

/// The checks a receiving node makes before it stores an envelope, in the order that
/// costs least first and never lets an unauthenticated sender learn more than needed.
/// The policy of the message kind (rules R1–R8) is checked after these, by the domain.
public struct EnvelopeAdmission: Sendable {
    public enum Verdict: Sendable, Equatable {
        /// New and valid: store it, then answer with a new receipt.
        case admit
        /// Seen before with the same body: answer with the original receipt, change nothing.
        case duplicate(Receipt)
    }

    /// What the receiver already holds under an envelope id.
    public struct Previous: Sendable {
        public var bodyDigest: String
        public var receipt: Receipt

        public init(bodyDigest: String, receipt: Receipt) {
            self.bodyDigest = bodyDigest
            self.receipt = receipt
        }
    }

    public var receiverNode: String
    public var maximumBodyBytes: Int
    /// Allowed clock difference between nodes.
    public var clockSkew: TimeInterval
    /// The longest lifetime a sender may give an envelope.
    public var maximumLifetime: TimeInterval

    public init(receiverNode: String, maximumBodyBytes: Int = 256 * 1024, clockSkew: TimeInterval = 300, maximumLifetime: TimeInterval = 30 * 86400) {
        self.receiverNode = receiverNode
        self.maximumBodyBytes = maximumBodyBytes
        self.clockSkew = clockSkew
        self.maximumLifetime = maximumLifetime
    }

    /// All checks, in order: `authenticate`, then `decide`.
    ///
    /// - Parameters:
    ///   - peerNode: the node id the mutual-TLS handshake authenticated, when known; an
    ///     envelope must come from the node whose certificate carried it.
    public func check(
        _ envelope: Envelope, manifest: NetworkManifest, peerNode: String?, previous: Previous?, now: Date
    ) throws(FederationRefusal) -> Verdict {
        try authenticate(envelope, manifest: manifest, peerNode: peerNode)
        return try decide(envelope, previous: previous, now: now)
    }

    /// The checks that need only the envelope, the manifest and the connection: size,
    /// address, membership, revocation, sender, signature and authority.
    public func authenticate(_ envelope: Envelope, manifest: NetworkManifest, peerNode: String?) throws(FederationRefusal) {
        guard envelope.body.count <= maximumBodyBytes else {
            throw FederationRefusal(.tooLarge, "The body has \(envelope.body.count) bytes; at most \(maximumBodyBytes) are accepted.")
        }
        guard envelope.toNode == receiverNode else {
            throw FederationRefusal(.notForThisNode, "The envelope is addressed to \(envelope.toNode), not to \(receiverNode).")
        }
        guard let sender = manifest.node(envelope.fromNode) else {
            throw FederationRefusal(.unknownNode, "Node \(envelope.fromNode) is not in the network manifest.")
        }
        guard !sender.revoked else { throw FederationRefusal(.revokedNode, "Node \(envelope.fromNode) has been revoked.") }
        if let peerNode, peerNode != envelope.fromNode {
            throw FederationRefusal(.senderMismatch, "The connection belongs to \(peerNode), the envelope claims \(envelope.fromNode).")
        }
        guard let key = sender.publicKey, envelope.hasValidSignature(publicKey: key) else {
            throw FederationRefusal(.badSignature, "The signature does not match the envelope and the sender's key.")
        }
        // A node speaks for itself (operational messages) under its own node id.
        guard envelope.fromAuthority == sender.nodeID || sender.authorities.contains(where: { $0.id == envelope.fromAuthority }) else {
            throw FederationRefusal(.unknownAuthority, "Authority \(envelope.fromAuthority) is not an authority of \(envelope.fromNode).")
        }
    }

    /// For an authenticated envelope, given what is held under its id: a duplicate gets its
    /// original receipt (even once expired, so a sender's retry still ends), a different body
    /// under a known id is a replay, and a new envelope must be within its validity.
    public func decide(_ envelope: Envelope, previous: Previous?, now: Date) throws(FederationRefusal) -> Verdict {
        if let previous {
            guard previous.bodyDigest == envelope.bodyDigest else {
                throw FederationRefusal(.replay, "Envelope \(envelope.id) was received before with a different body.")
            }
            return .duplicate(previous.receipt)
        }
        guard envelope.created <= now.addingTimeInterval(clockSkew) else {
            throw FederationRefusal(.notYetValid, "The envelope was created in the future.")
        }
        guard envelope.expires > now, envelope.expires.timeIntervalSince(envelope.created) <= maximumLifetime else {
            throw FederationRefusal(.expired, "The envelope expired at \(envelope.expires.formatted(.iso8601)).")
        }
        return .admit
    }
}
