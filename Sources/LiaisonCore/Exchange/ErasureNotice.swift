import Foundation

/// Corrections travel, and so do erasures (PRODUCT.md F): when a node erases the personal data
/// of an exchange, it tells the other side, which erases its copy and receipts the notice. The
/// notice names the exchange and the day, never the person.
public struct ErasureNotice: Sendable, Codable, Hashable {
    /// The envelope kind that carries it.
    public static let kind = "exchange.erasure"

    public var exchangeID: UUID
    /// The day the sender erased its copy (YYYY-MM-DD).
    public var erasedOn: String
    /// Why: `retention` when the period ran out, `erasure` when an official erased it.
    public var ground: Ground

    public enum Ground: String, Sendable, Codable, CaseIterable {
        case retention, erasure
    }

    public init(exchangeID: UUID, erasedOn: String, ground: Ground) {
        self.exchangeID = exchangeID
        self.erasedOn = erasedOn
        self.ground = ground
    }
}
