import Crypto
import Foundation
import LiaisonCore
import LiaisonFederation
import Testing

@Suite("Envelopes, receipts and admission")
struct EnvelopeTests {
    let now = Date(timeIntervalSince1970: 1_790_000_000)
    let beKey = Curve25519.Signing.PrivateKey()
    let deKey = Curve25519.Signing.PrivateKey()
    let frKey = Curve25519.Signing.PrivateKey()

    var manifest: NetworkManifest {
        func node(_ id: String, _ state: String, _ key: Curve25519.Signing.PrivateKey, revoked: Bool = false) -> NetworkManifest.Node {
            NetworkManifest.Node(
                nodeID: id, stateCode: state, federationEndpoint: "https://127.0.0.1:9443", tlsCertificateSHA256: String(repeating: "a", count: 64),
                signingPublicKey: key.publicKey.rawRepresentation.base64EncodedString(),
                authorities: [.init(id: "\(state.lowercased())-imm", name: "\(state) immigration", kind: .immigrationAsylum)], revoked: revoked)
        }
        return NetworkManifest(
            network: "test", version: 1, issuedAt: now, operatorNode: "eu-1",
            nodes: [node("be-1", "BE", beKey), node("de-1", "DE", deKey), node("fr-1", "FR", frKey, revoked: true)])
    }

    func envelope(from: String = "be-1", authority: String = "be-imm", to: String = "de-1", body: String = #"{"hello":"world"}"#, created: Date? = nil) -> Envelope {
        Envelope(
            fromNode: from, fromAuthority: authority, toNode: to, toAuthority: "de-imm", kind: "test.message",
            created: created ?? now, lifetime: 3600, body: Data(body.utf8))
    }

    let admission = EnvelopeAdmission(receiverNode: "de-1", maximumBodyBytes: 1024)

    func refusal(_ envelope: Envelope, peer: String? = nil, previous: EnvelopeAdmission.Previous? = nil, at time: Date? = nil) -> FederationRefusal.Code? {
        do {
            _ = try admission.check(envelope, manifest: manifest, peerNode: peer, previous: previous, now: time ?? now)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("a signed envelope is admitted, and its receipt confirms exactly that envelope")
    func admitAndReceipt() throws {
        let signed = try envelope().signed(with: beKey)
        #expect(try admission.check(signed, manifest: manifest, peerNode: "be-1", previous: nil, now: now) == .admit)
        let receipt = try Receipt(for: signed, receiverNode: "de-1", receivedAt: now).signed(with: deKey)
        #expect(receipt.confirms(signed, receiverKey: deKey.publicKey))
        #expect(!receipt.confirms(signed, receiverKey: frKey.publicKey), "a receipt signed by another key proves nothing")
        var other = signed
        other.body = Data("changed".utf8)
        #expect(!receipt.confirms(other, receiverKey: deKey.publicKey), "a receipt names the body it received")
    }

    @Test("any change after signing breaks the signature", arguments: ["body", "to", "kind", "expires", "fromAuthority"])
    func tamper(field: String) throws {
        var signed = try envelope().signed(with: beKey)
        switch field {
        case "body": signed.body = Data(#"{"hello":"mallory"}"#.utf8)
        case "to": signed.toAuthority = "de-ct"
        case "kind": signed.kind = "other"
        case "expires": signed.expiresMilliseconds += 1
        default: signed.fromAuthority = "be-other"
        }
        #expect(refusal(signed) == .badSignature)
    }

    @Test("a signature by a key other than the sender's is refused")
    func wrongKey() throws {
        #expect(refusal(try envelope().signed(with: frKey)) == .badSignature)
    }

    @Test("unknown and revoked senders are refused")
    func membership() throws {
        #expect(refusal(try envelope(from: "xx-1").signed(with: beKey)) == .unknownNode)
        #expect(refusal(try envelope(from: "fr-1", authority: "fr-imm").signed(with: frKey)) == .revokedNode)
    }

    @Test("an envelope must come over the sender's own connection, for this node, from its authority")
    func addressing() throws {
        #expect(refusal(try envelope().signed(with: beKey), peer: "fr-1") == .senderMismatch)
        #expect(refusal(try envelope(to: "fr-1").signed(with: beKey)) == .notForThisNode)
        #expect(refusal(try envelope(authority: "be-secret").signed(with: beKey)) == .unknownAuthority)
    }

    @Test("expired and future envelopes are refused")
    func freshness() throws {
        let signed = try envelope().signed(with: beKey)
        #expect(refusal(signed, at: now.addingTimeInterval(3601)) == .expired)
        #expect(refusal(try envelope(created: now.addingTimeInterval(3600)).signed(with: beKey)) == .notYetValid)
    }

    @Test("an oversize body is refused before anything else")
    func size() throws {
        let big = try envelope(body: String(repeating: "x", count: 2000)).signed(with: frKey)
        #expect(refusal(big) == .tooLarge)
    }

    @Test("a duplicate gets the original receipt; a replayed id with another body is refused")
    func replay() throws {
        let signed = try envelope().signed(with: beKey)
        let receipt = try Receipt(for: signed, receiverNode: "de-1", receivedAt: now).signed(with: deKey)
        let previous = EnvelopeAdmission.Previous(bodyDigest: signed.bodyDigest, receipt: receipt)
        #expect(try admission.check(signed, manifest: manifest, peerNode: nil, previous: previous, now: now.addingTimeInterval(7200)) == .duplicate(receipt))
        var forged = try envelope(body: #"{"other":true}"#).signed(with: beKey)
        forged.id = signed.id
        forged = try forged.signed(with: beKey)
        #expect(refusal(forged, previous: previous) == .replay)
    }

    @Test("the canonical form is length-prefixed and stable")
    func canonicalForm() throws {
        var fixed = envelope(body: "a\nb")
        fixed.id = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!
        let text = String(decoding: fixed.canonicalForm, as: UTF8.self)
        #expect(text.hasPrefix("liaison-envelope-v1\nid=36:00000000-0000-0000-0000-000000000001\nfrom=4:be-1\n"))
        #expect(text.contains("body=4:YQpi\n"))
        #expect(text.hasSuffix("\n"))
    }
}
