import Foundation
import LiaisonCore
import LiaisonFederation
import Testing

/// Full-byte golden vectors of the three signed forms of docs/FEDERATION.md. Every node of
/// every state must produce these exact bytes, or their signatures stop verifying across
/// the network: reordering a field, changing a separator or a length must fail here. The
/// expected texts were written from the protocol document, not printed by this code.
@Suite("Canonical forms, byte for byte")
struct CanonicalFormGoldenTests {
    let id = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
    let created = Date(timeIntervalSince1970: 1_790_000_000)

    var envelope: Envelope {
        Envelope(
            id: id, fromNode: "be-1", fromAuthority: "be-imm", toNode: "de-1", toAuthority: "de-imm", kind: "exchange.request", created: created,
            lifetime: 3600, body: Data(#"{"a":"ü"}"#.utf8))
    }

    @Test("envelope: header, nine length-prefixed fields in protocol order, lengths in UTF-8 bytes, the body in Base64")
    func envelopeVector() {
        let expected =
            "liaison-envelope-v1\n" + "id=36:00000000-0000-0000-0000-000000000001\n" + "from=4:be-1\n" + "fromAuthority=6:be-imm\n" + "to=4:de-1\n"
            + "toAuthority=6:de-imm\n" + "kind=16:exchange.request\n" + "created=13:1790000000000\n" + "expires=13:1790003600000\n"
            + "body=16:eyJhIjoiw7wifQ==\n"
        #expect(Array(envelope.canonicalForm) == Array(expected.utf8))
    }

    @Test("receipt: the envelope id, the SHA-256 of the body in lower-case hex, the receiver, the time in milliseconds")
    func receiptVector() {
        let receipt = Receipt(for: envelope, receiverNode: "de-1", receivedAt: Date(timeIntervalSince1970: 1_790_000_001.234))
        let expected =
            "liaison-receipt-v1\n" + "envelope=36:00000000-0000-0000-0000-000000000001\n"
            + "bodyDigest=64:fd621823002706e24604cb868a9f4f8850d6f01fb5040d49ba050482e1472437\n" + "receiver=4:de-1\n"
            + "received=13:1790000001234\n"
        #expect(Array(receipt.canonicalForm) == Array(expected.utf8))
    }

    @Test("manifest: its fields, then each node sorted by id, each authority sorted by id, names in UTF-8 byte lengths")
    func manifestVector() {
        let manifest = NetworkManifest(
            network: "test", version: 7, issuedAt: created, operatorNode: "eu-1",
            nodes: [
                .init(
                    nodeID: "de-1", stateCode: "DE", federationEndpoint: "https://127.0.0.1:9444", tlsCertificateSHA256: String(repeating: "cd", count: 32),
                    signingPublicKey: "S0VZMg==", authorities: [], revoked: true),
                .init(
                    nodeID: "be-1", stateCode: "BE", federationEndpoint: "https://127.0.0.1:9443", tlsCertificateSHA256: String(repeating: "ab", count: 32),
                    signingPublicKey: "S0VZ",
                    authorities: [
                        .init(id: "be-imm", name: "Office des étrangers", kind: .immigrationAsylum),
                        .init(id: "be-ct", name: "Sûreté de l'État", kind: .counterTerrorism),
                    ]),
            ])
        let expected =
            "liaison-manifest-v1\n" + "network=4:test\n" + "version=1:7\n" + "issued=13:1790000000000\n" + "operator=4:eu-1\n" + "nodes=1:2\n"
            + "node=4:be-1\n" + "state=2:BE\n" + "endpoint=22:https://127.0.0.1:9443\n"
            + "tlsSha256=64:abababababababababababababababababababababababababababababababab\n" + "signingKey=4:S0VZ\n" + "revoked=1:0\n"
            + "authorities=1:2\n" + "authority.id=5:be-ct\n" + "authority.name=19:Sûreté de l'État\n" + "authority.kind=17:counter-terrorism\n"
            + "authority.id=6:be-imm\n" + "authority.name=21:Office des étrangers\n" + "authority.kind=18:immigration-asylum\n" + "node=4:de-1\n"
            + "state=2:DE\n" + "endpoint=22:https://127.0.0.1:9444\n"
            + "tlsSha256=64:cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd\n" + "signingKey=8:S0VZMg==\n" + "revoked=1:1\n"
            + "authorities=1:0\n"
        #expect(Array(manifest.canonicalForm) == Array(expected.utf8))
    }
}
