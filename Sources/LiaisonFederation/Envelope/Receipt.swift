import Crypto
import Foundation

/// The receiver's signed statement that it stored an envelope: which one, with which body,
/// when, and by whom. The sender keeps it as proof of delivery.
public struct Receipt: Sendable, Equatable, Codable {
    public var envelopeID: UUID
    public var bodyDigest: String
    public var receiverNode: String
    public var receivedMilliseconds: Int64
    public var signature: String

    public init(for envelope: Envelope, receiverNode: String, receivedAt: Date) {
        self.envelopeID = envelope.id
        self.bodyDigest = envelope.bodyDigest
        self.receiverNode = receiverNode
        self.receivedMilliseconds = Envelope.milliseconds(receivedAt)
        self.signature = ""
    }

    public var canonicalForm: Data {
        CanonicalForm.encode(
            header: "liaison-receipt-v1",
            fields: [
                ("envelope", envelopeID.uuidString.lowercased()), ("bodyDigest", bodyDigest), ("receiver", receiverNode),
                ("received", String(receivedMilliseconds)),
            ])
    }

    public func signed(with key: Curve25519.Signing.PrivateKey) throws -> Receipt {
        var copy = self
        copy.signature = try key.signature(for: canonicalForm).base64EncodedString()
        return copy
    }

    /// True when the receipt is signed by the expected receiver and names exactly this envelope.
    public func confirms(_ envelope: Envelope, receiverKey: Curve25519.Signing.PublicKey) -> Bool {
        guard envelopeID == envelope.id, bodyDigest == envelope.bodyDigest, receiverNode == envelope.toNode,
            let bytes = Data(base64Encoded: signature)
        else { return false }
        return receiverKey.isValidSignature(bytes, for: canonicalForm)
    }
}
