import Foundation
import LiaisonCore
import LiaisonFederation
import Testing

@Suite("PKI folder: issue, rotate, revoke, manifest")
struct PKIDirectoryTests {
    func folder() throws -> PKIDirectory {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-pki-\(UUID())").path
        let pki = PKIDirectory(path: path)
        try pki.initialise(network: "test", operatorNode: "eu-1")
        return pki
    }

    let authorities: [NetworkManifest.ManifestAuthority] = [.init(id: "be-imm", name: "BE immigration", kind: .immigrationAsylum)]

    @Test("the CA is never overwritten")
    func noOverwrite() throws {
        let pki = try folder()
        #expect(throws: PKIError.self) { try pki.initialise(network: "again", operatorNode: "eu-1") }
    }

    @Test("issued nodes appear in a signed manifest whose version grows")
    func manifest() async throws {
        let pki = try folder()
        let be = try pki.issue(nodeID: "be-1", stateCode: "BE", endpoint: "https://127.0.0.1:9441", hosts: ["127.0.0.1"], authorities: authorities)
        try pki.issue(nodeID: "de-1", stateCode: "DE", endpoint: "https://127.0.0.1:9442", hosts: ["127.0.0.1"], authorities: [])
        let first = try pki.signManifest()
        #expect(first.version == 1)
        #expect(first.hasValidSignature(operatorKey: try pki.operatorKey().publicKey))
        #expect(first.node("be-1")?.tlsCertificateSHA256 == (try be.certificateFingerprint))
        #expect(first.node("be-1")?.signingPublicKey == be.signingPublicKey)
        #expect(await NetworkPKI.validate(be.certificate, against: try pki.authority().certificate))

        let rotated = try pki.rotate(nodeID: "be-1")
        try pki.revoke(nodeID: "de-1")
        let second = try pki.signManifest()
        #expect(second.version == 2)
        #expect(second.node("be-1")?.signingPublicKey == rotated.signingPublicKey)
        #expect(second.node("be-1")?.signingPublicKey != be.signingPublicKey)
        #expect(second.node("de-1")?.revoked == true)
        #expect(throws: FederationRefusal.self) {
            try NetworkManifest.accept(first, replacing: second, operatorKey: try pki.operatorKey().publicKey)
        }
    }

    @Test("key files are owner-only")
    func permissions() throws {
        let pki = try folder()
        try pki.issue(nodeID: "be-1", stateCode: "BE", endpoint: "https://127.0.0.1:9441", hosts: ["127.0.0.1"], authorities: authorities)
        for name in ["ca.key", "operator-signing.key", "nodes/be-1/tls.key", "nodes/be-1/signing.key"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: pki.path + "/" + name)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600, "\(name)")
        }
    }

    @Test("bad node ids and states are refused with a clear message")
    func validation() throws {
        let pki = try folder()
        #expect(throws: PKIError.self) { try pki.issue(nodeID: "BE 1", stateCode: "BE", endpoint: "x", hosts: [], authorities: []) }
        #expect(throws: PKIError.self) { try pki.issue(nodeID: "xx-1", stateCode: "XX", endpoint: "x", hosts: [], authorities: []) }
    }
}
