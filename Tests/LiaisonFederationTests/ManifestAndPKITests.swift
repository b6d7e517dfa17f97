import Crypto
import Foundation
import LiaisonCore
import LiaisonFederation
import Testing
import X509

@Suite("Network manifest and PKI")
struct ManifestAndPKITests {
    let operatorKey = Curve25519.Signing.PrivateKey()
    let now = Date()

    func manifest(version: Int64, endpoint: String = "https://127.0.0.1:9443") -> NetworkManifest {
        NetworkManifest(
            network: "test", version: version, issuedAt: now, operatorNode: "eu-1",
            nodes: [
                .init(
                    nodeID: "be-1", stateCode: "BE", federationEndpoint: endpoint, tlsCertificateSHA256: "ab", signingPublicKey: "k",
                    authorities: [.init(id: "be-ct", name: "BE CT", kind: .counterTerrorism), .init(id: "be-imm", name: "BE IMM", kind: .immigrationAsylum)])
            ])
    }

    @Test("a newer manifest signed by the operator is accepted")
    func accept() throws {
        let current = try manifest(version: 1).signed(with: operatorKey)
        let next = try manifest(version: 2).signed(with: operatorKey)
        #expect(try NetworkManifest.accept(next, replacing: current, operatorKey: operatorKey.publicKey) == next)
        #expect(try NetworkManifest.accept(current, replacing: nil, operatorKey: operatorKey.publicKey) == current)
    }

    @Test("an older or equal version is refused: no rollback")
    func rollback() throws {
        let current = try manifest(version: 5).signed(with: operatorKey)
        for version: Int64 in [4, 5] {
            #expect(throws: FederationRefusal.self) {
                try NetworkManifest.accept(try manifest(version: version).signed(with: operatorKey), replacing: current, operatorKey: operatorKey.publicKey)
            }
        }
    }

    @Test("a manifest changed after signing, or signed by another key, is refused")
    func signature() throws {
        var changed = try manifest(version: 2).signed(with: operatorKey)
        changed.nodes[0].federationEndpoint = "https://attacker.example"
        do {
            _ = try NetworkManifest.accept(changed, replacing: nil, operatorKey: operatorKey.publicKey)
            Issue.record("a changed manifest was accepted")
        } catch {
            #expect(error.code == .manifestSignature)
        }
        let foreign = try manifest(version: 2).signed(with: Curve25519.Signing.PrivateKey())
        #expect(!foreign.hasValidSignature(operatorKey: operatorKey.publicKey))
    }

    @Test("node certificates chain to the network CA; another CA's do not")
    func certificateChain() async throws {
        let ca = try NetworkPKI.createAuthority()
        let node = try NetworkPKI.issueNode(nodeID: "be-1", stateCode: "BE", hosts: ["127.0.0.1", "localhost"], authority: ca)
        #expect(await NetworkPKI.validate(node.certificate, against: ca.certificate))
        let stranger = try NetworkPKI.createAuthority(name: "Someone else")
        let foreign = try NetworkPKI.issueNode(nodeID: "be-1", stateCode: "BE", hosts: ["127.0.0.1"], authority: stranger)
        #expect(await !NetworkPKI.validate(foreign.certificate, against: ca.certificate))
        #expect(await !NetworkPKI.validate(node.certificate, against: ca.certificate, at: Date().addingTimeInterval(900 * 86400)), "expired")
        let sans = try #require(try node.certificate.extensions.subjectAlternativeNames)
        #expect(sans.contains(.dnsName("localhost")))
        #expect(sans.contains { if case .ipAddress(let bytes) = $0 { return Array(bytes.bytes) == [127, 0, 0, 1] } else { return false } })
        #expect(try node.certificateFingerprint.count == 64)
        #expect(try node.certificatePEM.hasPrefix("-----BEGIN CERTIFICATE-----"))
    }

    @Test("key files are written with owner-only permissions")
    func secretFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-\(UUID())/key.pem").path
        try SecretFile.write("secret", to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "secret")
        try SecretFile.write("rotated", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "rotated")
    }
}
