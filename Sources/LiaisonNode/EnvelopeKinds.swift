import FluentKit
import Foundation
import LiaisonFederation
import NIOConcurrencyHelpers

/// The kinds of envelope this node applies, each declared once with its handler and
/// registered at the composition root (`LiaisonServices`). The inbox dispatches through it.
///
/// An envelope of a kind that is not registered is refused (`federation.unknownKind`) before
/// anything is stored or receipted: a receipt means "applied", never "kept and ignored".
public final class EnvelopeKinds: Sendable {
    /// Applies an admitted envelope inside the transaction that stores it; a throw refuses it.
    public typealias Handler = @Sendable (Envelope, any Database) async throws -> Void

    private let handlers = NIOLockedValueBox<[String: Handler]>([:])

    public init() {}

    /// Declares `kind`. Declaring a kind twice is a programming error.
    public func register(_ kind: String, _ handler: @escaping Handler) {
        handlers.withLockedValue { handlers in
            precondition(handlers[kind] == nil, "The envelope kind \(kind) is registered twice.")
            handlers[kind] = handler
        }
    }

    /// Declares each of `kinds` with the same handler.
    public func register(_ kinds: [String], _ handler: @escaping Handler) {
        for kind in kinds { register(kind, handler) }
    }

    public var registered: Set<String> { handlers.withLockedValue { Set($0.keys) } }

    /// The handler of `kind`, or the refusal an unknown kind gets.
    func handler(for kind: String) throws(FederationRefusal) -> Handler {
        guard let handler = handlers.withLockedValue({ $0[kind] }) else {
            throw FederationRefusal(.unknownKind, "This node does not know envelopes of that kind; nothing was stored.")
        }
        return handler
    }
}

/// Operational messages that test the path between two nodes and carry nothing to apply.
public enum NetworkCheck {
    public static let kind = "network.ping"
}
