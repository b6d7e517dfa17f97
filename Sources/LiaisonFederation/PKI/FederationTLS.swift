import Foundation
import NIOSSL
import X509

/// TLS for the federation: TLS 1.3 only, both sides present certificates of the network CA,
/// and a server accepts a client only if its certificate is the one the manifest pins for a
/// node that is not revoked.
public struct FederationTLS: Sendable {
    public let caCertificatePEM: String
    public let certificatePEM: String
    public let privateKeyPEM: String

    public init(caCertificatePEM: String, certificatePEM: String, privateKeyPEM: String) {
        self.caCertificatePEM = caCertificatePEM
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
    }

    public func serverConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeServerConfigurationWithMTLS(
            certificateChain: try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)),
            trustRoots: .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caCertificatePEM.utf8))))
        configuration.minimumTLSVersion = .tlsv13
        configuration.maximumTLSVersion = .tlsv13
        return configuration
    }

    public func clientConfiguration() throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(certificatePEM.utf8)).map { .certificate($0) }
        configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem))
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(Array(caCertificatePEM.utf8)))
        configuration.minimumTLSVersion = .tlsv13
        configuration.maximumTLSVersion = .tlsv13
        return configuration
    }

    /// The server's check of a client's chain: it must chain to the network CA, be valid now,
    /// and be pinned in the manifest for a node that is not revoked. Nil means accepted;
    /// otherwise the refusal, for the audit trail.
    public static func refusal(
        of chain: [NIOSSLCertificate], authority: Certificate, manifest: NetworkManifest, now: Date = Date()
    ) async -> FederationRefusal? {
        guard let leaf = chain.first, let certificate = try? Certificate(derEncoded: try leaf.toDERBytes()),
            await NetworkPKI.validate(certificate, against: authority, at: now)
        else { return FederationRefusal(.untrustedCertificate, "The client certificate does not chain to the network CA, or is not valid now.") }
        guard let fingerprint = try? NetworkPKI.fingerprint(of: certificate),
            let node = manifest.nodes.first(where: { $0.tlsCertificateSHA256 == fingerprint })
        else { return FederationRefusal(.unknownNode, "The client certificate is not the one the manifest pins for any node.") }
        guard !node.revoked else { return FederationRefusal(.revokedNode, "Node \(node.nodeID) has been revoked.") }
        return nil
    }

    /// The node a client certificate belongs to, by its pinned fingerprint. The DER is the
    /// one the handshake verified, so it is hashed as it is, without parsing it again.
    public static func node(forCertificateDER der: [UInt8], in manifest: NetworkManifest) -> NetworkManifest.Node? {
        let fingerprint = NetworkPKI.fingerprint(ofDER: der)
        return manifest.nodes.first { $0.tlsCertificateSHA256 == fingerprint }
    }
}
