import Crypto
import Foundation
import LiaisonCore

/// Who is in the network: every node with its endpoint, TLS certificate fingerprint,
/// signing key and authorities, signed by the network operator. Nodes accept only a
/// manifest with a valid signature and a higher version than the one they hold.
public struct NetworkManifest: Sendable, Equatable, Codable {
    public struct Node: Sendable, Equatable, Codable {
        public var nodeID: String
        public var stateCode: String
        public var federationEndpoint: String
        public var tlsCertificateSHA256: String
        /// Ed25519 public key, Base64 of the 32 raw bytes.
        public var signingPublicKey: String
        public var authorities: [ManifestAuthority]
        public var revoked: Bool

        public init(
            nodeID: String, stateCode: String, federationEndpoint: String, tlsCertificateSHA256: String, signingPublicKey: String,
            authorities: [ManifestAuthority], revoked: Bool = false
        ) {
            self.nodeID = nodeID
            self.stateCode = stateCode
            self.federationEndpoint = federationEndpoint
            self.tlsCertificateSHA256 = tlsCertificateSHA256
            self.signingPublicKey = signingPublicKey
            self.authorities = authorities
            self.revoked = revoked
        }

        public var publicKey: Curve25519.Signing.PublicKey? {
            Data(base64Encoded: signingPublicKey).flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
        }
    }

    public struct ManifestAuthority: Sendable, Equatable, Codable {
        public var id: String
        public var name: String
        public var kind: AuthorityKind

        public init(id: String, name: String, kind: AuthorityKind) {
            self.id = id
            self.name = name
            self.kind = kind
        }
    }

    public var network: String
    public var version: Int64
    public var issuedMilliseconds: Int64
    public var operatorNode: String
    public var nodes: [Node]
    public var signature: String

    public init(network: String, version: Int64, issuedAt: Date, operatorNode: String, nodes: [Node]) {
        self.network = network
        self.version = version
        self.issuedMilliseconds = Envelope.milliseconds(issuedAt)
        self.operatorNode = operatorNode
        self.nodes = nodes
        self.signature = ""
    }

    public func node(_ id: String) -> Node? { nodes.first { $0.nodeID == id } }

    /// Header, then the manifest's own fields, then each node (sorted by id) as a block of
    /// fields, each authority (sorted by id) as fields prefixed `authority.`.
    public var canonicalForm: Data {
        var fields: [(String, String)] = [
            ("network", network), ("version", String(version)), ("issued", String(issuedMilliseconds)), ("operator", operatorNode),
            ("nodes", String(nodes.count)),
        ]
        for node in nodes.sorted(by: { $0.nodeID < $1.nodeID }) {
            fields += [
                ("node", node.nodeID), ("state", node.stateCode), ("endpoint", node.federationEndpoint),
                ("tlsSha256", node.tlsCertificateSHA256), ("signingKey", node.signingPublicKey), ("revoked", node.revoked ? "1" : "0"),
                ("authorities", String(node.authorities.count)),
            ]
            for authority in node.authorities.sorted(by: { $0.id < $1.id }) {
                fields += [("authority.id", authority.id), ("authority.name", authority.name), ("authority.kind", authority.kind.rawValue)]
            }
        }
        return CanonicalForm.encode(header: "liaison-manifest-v1", fields: fields)
    }

    public func signed(with operatorKey: Curve25519.Signing.PrivateKey) throws -> NetworkManifest {
        var copy = self
        copy.signature = try operatorKey.signature(for: canonicalForm).base64EncodedString()
        return copy
    }

    public func hasValidSignature(operatorKey: Curve25519.Signing.PublicKey) -> Bool {
        guard let bytes = Data(base64Encoded: signature) else { return false }
        return operatorKey.isValidSignature(bytes, for: canonicalForm)
    }

    /// Decides whether `candidate` may replace `current`: signed by the operator, and newer.
    public static func accept(
        _ candidate: NetworkManifest, replacing current: NetworkManifest?, operatorKey: Curve25519.Signing.PublicKey
    ) throws(FederationRefusal) -> NetworkManifest {
        guard candidate.hasValidSignature(operatorKey: operatorKey) else {
            throw FederationRefusal(.manifestSignature, "The manifest is not signed by the network operator.")
        }
        if let current, candidate.version <= current.version {
            throw FederationRefusal(
                .manifestRollback, "Manifest version \(candidate.version) is not newer than the held version \(current.version).")
        }
        return candidate
    }
}
