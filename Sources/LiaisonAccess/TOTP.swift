import Crypto
import Foundation

/// Time-based one-time passwords (RFC 6238, HMAC-SHA1, 6 digits, 30 s), the profile every
/// authenticator app understands. The secret is random bytes, shown to people as Base32.
public struct TOTP: Sendable {
    public let secret: [UInt8]
    public static let timeStep: TimeInterval = 30
    public static let digits = 6

    public init(secret: [UInt8]) { self.secret = secret }

    public init?(base32 text: String) {
        guard let bytes = Base32.decode(text) else { return nil }
        self.secret = bytes
    }

    public static func generate() -> TOTP { TOTP(secret: Secrets.randomBytes(20)) }

    public var base32Secret: String { Base32.encode(secret) }

    public static func step(at date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / timeStep).rounded(.down)) }

    public func code(atStep step: Int64) -> String {
        var counter = UInt64(step).bigEndian
        let message = withUnsafeBytes(of: &counter) { Data($0) }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0f)
        let value =
            (UInt32(mac[offset] & 0x7f) << 24) | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8) | UInt32(mac[offset + 3])
        let code = value % 1_000_000
        return String(repeating: "0", count: Self.digits - String(code).count) + String(code)
    }

    public func code(at date: Date) -> String { code(atStep: Self.step(at: date)) }

    /// The step a code belongs to, accepting one step of clock drift either way, or nil.
    /// Callers reject steps at or before the last accepted one, so a code works only once.
    public func matchingStep(for code: String, at date: Date) -> Int64? {
        let now = Self.step(at: date)
        return [now, now - 1, now + 1].first { Secrets.constantTimeEquals(self.code(atStep: $0), code) }
    }

    public func provisioningURI(account: String, issuer: String) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))
        let label = "\(issuer):\(account)".addingPercentEncoding(withAllowedCharacters: allowed) ?? account
        let issuerParameter = issuer.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        return "otpauth://totp/\(label)?secret=\(base32Secret)&issuer=\(issuerParameter)&algorithm=SHA1&digits=6&period=30"
    }
}

/// RFC 4648 Base32 without padding, as authenticator apps expect.
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

    public static func encode(_ bytes: [UInt8]) -> String {
        var output = ""
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                output.append(alphabet[Int((buffer >> UInt32(bits - 5)) & 31)])
                bits -= 5
            }
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return output
    }

    public static func decode(_ text: String) -> [UInt8]? {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for character in text.uppercased() where character != "=" && character != " " {
            guard let index = alphabet.firstIndex(of: character) else { return nil }
            buffer = (buffer << 5) | UInt32(index)
            bits += 5
            if bits >= 8 {
                output.append(UInt8((buffer >> UInt32(bits - 8)) & 0xff))
                bits -= 8
            }
        }
        return output
    }
}
