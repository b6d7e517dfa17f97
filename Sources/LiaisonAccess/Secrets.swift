import Crypto
import Foundation
import LiaisonCore
import LiaisonNode

/// Random tokens and their stored digests. Tokens are 256-bit; only SHA-256 digests are
/// stored, so a database copy does not yield usable sessions, tokens or links.
public enum Secrets {
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    /// URL-safe Base64 without padding.
    public static func randomToken(bytes: Int = 32) -> String {
        Data(randomBytes(bytes)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func digest(_ token: String) -> String {
        Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        let a = Array(lhs.utf8)
        let b = Array(rhs.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Recovery codes: ten groups like `7KQ4-MX2P`, unambiguous characters only.
    public static func recoveryCodes(count: Int = 10) -> [String] {
        let alphabet = Array("23456789ABCDEFGHJKMNPQRSTUVWXYZ")
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let chars = (0..<8).map { _ in alphabet.randomElement(using: &generator)! }
            return String(chars[0..<4]) + "-" + String(chars[4..<8])
        }
    }

    public static func normaliseRecoveryCode(_ code: String) -> String {
        code.uppercased().filter { !$0.isWhitespace }
    }
}
