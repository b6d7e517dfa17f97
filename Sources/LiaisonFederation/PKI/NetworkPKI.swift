import Crypto
import Foundation
import LiaisonCore
import SwiftASN1
@_spi(FixedExpiryValidationTime) import X509

/// The network's certificate authority and the credentials it issues to nodes: a TLS
/// certificate (P-256, for mutual TLS between nodes) and a separate Ed25519 key that signs
/// envelopes and receipts. Keeping the two apart lets a node rotate either without the other.
public enum NetworkPKI {
    public struct CertificateAuthority: Sendable {
        public let certificate: Certificate
        public let privateKey: P256.Signing.PrivateKey

        public var certificatePEM: String { get throws { try certificate.serializeAsPEM().pemString } }
        public var privateKeyPEM: String { privateKey.pemRepresentation }
    }

    public struct NodeCredentials: Sendable {
        public let nodeID: String
        public let certificate: Certificate
        public let tlsPrivateKey: P256.Signing.PrivateKey
        public let signingKey: Curve25519.Signing.PrivateKey

        public var certificatePEM: String { get throws { try certificate.serializeAsPEM().pemString } }
        /// SHA-256 of the certificate's DER, lower-case hex: what the manifest pins.
        public var certificateFingerprint: String { get throws { try NetworkPKI.fingerprint(of: certificate) } }
        public var signingPublicKey: String { signingKey.publicKey.rawRepresentation.base64EncodedString() }
    }

    public static func createAuthority(name: String = "Liaison network CA", now: Date = Date(), years: Int = 10) throws -> CertificateAuthority {
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            OrganizationName("Liaison")
            CommonName(name)
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
            Critical(KeyUsage(keyCertSign: true, cRLSign: true))
            SubjectKeyIdentifier(hash: Certificate.PublicKey(key.publicKey))
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(Double(years) * 365 * 86400),
            issuer: subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256, extensions: extensions,
            issuerPrivateKey: .init(key))
        return CertificateAuthority(certificate: certificate, privateKey: key)
    }

    /// Issues a node's TLS certificate (server and client use) and a fresh signing key.
    /// `hosts` become subject alternative names: DNS names, or IPv4/IPv6 literals.
    public static func issueNode(
        nodeID: String, stateCode: String, hosts: [String], authority: CertificateAuthority, now: Date = Date(), days: Int = 825
    ) throws -> NodeCredentials {
        let key = P256.Signing.PrivateKey()
        let subject = try DistinguishedName {
            CountryName(stateCode == "EU" ? "BE" : stateCode)
            OrganizationName("Liaison")
            OrganizationalUnitName(stateCode)
            CommonName(nodeID)
        }
        let names = hosts.map { host -> GeneralName in
            if let bytes = ipAddressBytes(host) { return .ipAddress(ASN1OctetString(contentBytes: bytes[...])) }
            return .dnsName(host)
        }
        let extensions = try Certificate.Extensions {
            Critical(BasicConstraints.notCertificateAuthority)
            Critical(KeyUsage(digitalSignature: true, keyAgreement: true))
            try ExtendedKeyUsage([.serverAuth, .clientAuth])
            SubjectAlternativeNames(names)
            AuthorityKeyIdentifier(keyIdentifier: try authority.certificate.extensions.subjectKeyIdentifier?.keyIdentifier)
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: .init(), publicKey: .init(key.publicKey),
            notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(Double(days) * 86400),
            issuer: authority.certificate.subject, subject: subject, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: extensions, issuerPrivateKey: .init(authority.privateKey))
        return NodeCredentials(nodeID: nodeID, certificate: certificate, tlsPrivateKey: key, signingKey: Curve25519.Signing.PrivateKey())
    }

    public static func fingerprint(of certificate: Certificate) throws -> String {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return fingerprint(ofDER: serializer.serializedBytes)
    }

    /// SHA-256 of a certificate's DER encoding, hex: what the manifest pins.
    public static func fingerprint(ofDER der: [UInt8]) -> String {
        Hex.encode(SHA256.hash(data: der))
    }

    /// Checks that a certificate chains to the network CA and is valid now, for TLS use.
    public static func validate(_ certificate: Certificate, against authority: Certificate, at time: Date = Date()) async -> Bool {
        var verifier = Verifier(rootCertificates: CertificateStore([authority])) {
            RFC5280Policy(fixedExpiryValidationTime: time)
        }
        let result = await verifier.validate(leaf: certificate, intermediates: CertificateStore())
        if case .validCertificate = result { return true }
        return false
    }

    static func ipAddressBytes(_ host: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 { return withUnsafeBytes(of: &v6) { Array($0) } }
        return nil
    }
}

/// Writes key material with owner-only permissions, atomically: no moment exists at which
/// the file is readable by others.
public enum SecretFile {
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString)")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporary.path])
        }
        let handle = try FileHandle(forWritingTo: temporary)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(at: url) }
        try FileManager.default.moveItem(at: temporary, to: url)
    }
}
