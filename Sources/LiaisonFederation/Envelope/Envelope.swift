import Crypto
import Foundation
import LiaisonCore

/// A message between nodes. The signature covers the canonical form of every other field,
/// so nothing about a message (sender, recipient, kind, times, body) can change in transit.
public struct Envelope: Sendable, Equatable, Codable {
    public var id: UUID
    public var fromNode: String
    public var fromAuthority: String
    public var toNode: String
    public var toAuthority: String
    public var kind: String
    /// Whole milliseconds since 1970 (UTC): exact in every language and database.
    public var createdMilliseconds: Int64
    public var expiresMilliseconds: Int64
    public var body: Data
    /// Ed25519 over `canonicalForm`, Base64.
    public var signature: String

    public init(
        id: UUID = UUID(), fromNode: String, fromAuthority: String, toNode: String, toAuthority: String, kind: String,
        created: Date, lifetime: TimeInterval, body: Data
    ) {
        self.id = id
        self.fromNode = fromNode
        self.fromAuthority = fromAuthority
        self.toNode = toNode
        self.toAuthority = toAuthority
        self.kind = kind
        self.createdMilliseconds = Self.milliseconds(created)
        self.expiresMilliseconds = Self.milliseconds(created.addingTimeInterval(lifetime))
        self.body = body
        self.signature = ""
    }

    public var created: Date { Date(timeIntervalSince1970: Double(createdMilliseconds) / 1000) }
    public var expires: Date { Date(timeIntervalSince1970: Double(expiresMilliseconds) / 1000) }

    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) }

    /// `liaison-envelope-v1` followed by one line per field, in this order, each
    /// `name=<byte length>:<value>`, UTF-8, lines ending in LF. The length prefix makes the
    /// encoding unambiguous whatever the values contain. The body is standard Base64.
    public var canonicalForm: Data {
        CanonicalForm.encode(
            header: "liaison-envelope-v1",
            fields: [
                ("id", id.uuidString.lowercased()), ("from", fromNode), ("fromAuthority", fromAuthority), ("to", toNode),
                ("toAuthority", toAuthority), ("kind", kind), ("created", String(createdMilliseconds)),
                ("expires", String(expiresMilliseconds)), ("body", body.base64EncodedString()),
            ])
    }

    public mutating func sign(with key: Curve25519.Signing.PrivateKey) throws {
        signature = try key.signature(for: canonicalForm).base64EncodedString()
    }

    public func signed(with key: Curve25519.Signing.PrivateKey) throws -> Envelope {
        var copy = self
        try copy.sign(with: key)
        return copy
    }

    public func hasValidSignature(publicKey: Curve25519.Signing.PublicKey) -> Bool {
        guard let bytes = Data(base64Encoded: signature) else { return false }
        return publicKey.isValidSignature(bytes, for: canonicalForm)
    }

    /// SHA-256 of the body, hex: what a receipt names so that it proves *what* was received.
    public var bodyDigest: String { SHA256.hash(data: body).hexString }
}

/// The length-prefixed line encoding shared by envelopes, receipts and the manifest.
enum CanonicalForm {
    static func encode(header: String, fields: [(String, String)]) -> Data {
        var text = header + "\n"
        for (name, value) in fields {
            text += "\(name)=\(value.utf8.count):\(value)\n"
        }
        return Data(text.utf8)
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String { Hex.encode(self) }
}
