import Crypto
import Foundation
import LiaisonCore
import X509

/// The operator's PKI folder: the network CA, the operator's manifest-signing key, a
/// registry of nodes, and each node's issued credentials under `nodes/<id>/`.
///
///     ca.crt  ca.key  operator-signing.key  registry.json  manifest.json
///     nodes/<id>/tls.crt  tls.key  signing.key  ca.crt  operator.pub  manifest.json
///
/// Each node folder is what that node's `--federation-dir` needs, and nothing of the others.
public struct PKIDirectory: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public struct Registry: Codable, Sendable {
        public var network: String
        public var operatorNode: String
        public var manifestVersion: Int64
        public var nodes: [Entry]

        public struct Entry: Codable, Sendable {
            public var nodeID: String
            public var stateCode: String
            public var federationEndpoint: String
            public var hosts: [String]
            public var authorities: [NetworkManifest.ManifestAuthority]
            public var revoked: Bool
        }
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
    func nodeFile(_ node: String, _ name: String) -> String { file("nodes/\(node)/\(name)") }

    public func initialise(network: String, operatorNode: String) throws {
        guard !FileManager.default.fileExists(atPath: file("ca.key")) else {
            throw PKIError("A network CA already exists in \(path); refusing to overwrite it.")
        }
        let ca = try NetworkPKI.createAuthority(name: "\(network) network CA")
        try SecretFile.write(try ca.certificatePEM, to: file("ca.crt"))
        try SecretFile.write(ca.privateKeyPEM, to: file("ca.key"))
        try SecretFile.write(Curve25519.Signing.PrivateKey().rawRepresentation.base64EncodedString(), to: file("operator-signing.key"))
        try save(Registry(network: network, operatorNode: operatorNode, manifestVersion: 0, nodes: []))
    }

    public func registry() throws -> Registry {
        try JSONDecoder().decode(Registry.self, from: Data(contentsOf: URL(fileURLWithPath: file("registry.json"))))
    }

    func save(_ registry: Registry) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try SecretFile.write(String(decoding: try encoder.encode(registry), as: UTF8.self), to: file("registry.json"))
    }

    public func authority() throws -> NetworkPKI.CertificateAuthority {
        let certificate = try Certificate(pemEncoded: String(contentsOfFile: file("ca.crt"), encoding: .utf8))
        let key = try P256.Signing.PrivateKey(pemRepresentation: String(contentsOfFile: file("ca.key"), encoding: .utf8))
        return NetworkPKI.CertificateAuthority(certificate: certificate, privateKey: key)
    }

    public func operatorKey() throws -> Curve25519.Signing.PrivateKey {
        try Self.signingKey(at: file("operator-signing.key"))
    }

    public static func signingKey(at path: String) throws -> Curve25519.Signing.PrivateKey {
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let raw = Data(base64Encoded: text) else { throw PKIError("\(path) does not hold a signing key.") }
        return try Curve25519.Signing.PrivateKey(rawRepresentation: raw)
    }

    /// Issues (or, for a known node, re-issues: rotation) a node's TLS certificate and
    /// signing key. The old credentials stop working with the next manifest.
    @discardableResult
    public func issue(
        nodeID: String, stateCode: String, endpoint: String, hosts: [String], authorities: [NetworkManifest.ManifestAuthority]
    ) throws -> NetworkPKI.NodeCredentials {
        guard nodeID.range(of: #"^[a-z0-9][a-z0-9-]{1,40}$"#, options: .regularExpression) != nil else {
            throw PKIError("A node id is 2 to 41 lower-case letters, digits and hyphens, e.g. be-1.")
        }
        guard ParticipatingState.named(stateCode) != nil else { throw PKIError("Unknown state \(stateCode).") }
        let credentials = try NetworkPKI.issueNode(nodeID: nodeID, stateCode: stateCode, hosts: hosts, authority: try authority())
        try SecretFile.write(try credentials.certificatePEM, to: nodeFile(nodeID, "tls.crt"))
        try SecretFile.write(credentials.tlsPrivateKey.pemRepresentation, to: nodeFile(nodeID, "tls.key"))
        try SecretFile.write(credentials.signingKey.rawRepresentation.base64EncodedString(), to: nodeFile(nodeID, "signing.key"))
        // What the node needs to trust the network, beside its own credentials.
        try SecretFile.write(try String(contentsOfFile: file("ca.crt"), encoding: .utf8), to: nodeFile(nodeID, "ca.crt"))
        try SecretFile.write(try operatorKey().publicKey.rawRepresentation.base64EncodedString(), to: nodeFile(nodeID, "operator.pub"))
        var registry = try registry()
        let entry = Registry.Entry(
            nodeID: nodeID, stateCode: stateCode.uppercased(), federationEndpoint: endpoint, hosts: hosts, authorities: authorities, revoked: false)
        registry.nodes.removeAll { $0.nodeID == nodeID }
        registry.nodes.append(entry)
        try save(registry)
        return credentials
    }

    public func rotate(nodeID: String) throws -> NetworkPKI.NodeCredentials {
        guard let entry = try registry().nodes.first(where: { $0.nodeID == nodeID }) else { throw PKIError("No node \(nodeID) in the registry.") }
        return try issue(nodeID: nodeID, stateCode: entry.stateCode, endpoint: entry.federationEndpoint, hosts: entry.hosts, authorities: entry.authorities)
    }

    public func revoke(nodeID: String) throws {
        var registry = try registry()
        guard let index = registry.nodes.firstIndex(where: { $0.nodeID == nodeID }) else { throw PKIError("No node \(nodeID) in the registry.") }
        registry.nodes[index].revoked = true
        try save(registry)
    }

    /// Builds the next manifest version from the registry and the issued credentials, signs
    /// it with the operator key, and writes `manifest.json`.
    public func signManifest(now: Date = Date()) throws -> NetworkManifest {
        var registry = try registry()
        registry.manifestVersion += 1
        let nodes = try registry.nodes.map { entry -> NetworkManifest.Node in
            let certificate = try Certificate(pemEncoded: String(contentsOfFile: nodeFile(entry.nodeID, "tls.crt"), encoding: .utf8))
            let key = try Self.signingKey(at: nodeFile(entry.nodeID, "signing.key"))
            return NetworkManifest.Node(
                nodeID: entry.nodeID, stateCode: entry.stateCode, federationEndpoint: entry.federationEndpoint,
                tlsCertificateSHA256: try NetworkPKI.fingerprint(of: certificate),
                signingPublicKey: key.publicKey.rawRepresentation.base64EncodedString(), authorities: entry.authorities, revoked: entry.revoked)
        }
        let manifest = try NetworkManifest(
            network: registry.network, version: registry.manifestVersion, issuedAt: now, operatorNode: registry.operatorNode, nodes: nodes
        ).signed(with: try operatorKey())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(manifest)
        try data.write(to: URL(fileURLWithPath: file("manifest.json")), options: .atomic)
        for entry in registry.nodes {
            try data.write(to: URL(fileURLWithPath: nodeFile(entry.nodeID, "manifest.json")), options: .atomic)
        }
        try save(registry)
        return manifest
    }
}

public struct PKIError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
