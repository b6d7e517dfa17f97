import Foundation

/// How passwords are hashed and checked. The node's composition root gives the bcrypt of
/// the server's framework; this module knows only what it asks for.
public protocol PasswordHashing: Sendable {
    func hash(_ password: String, cost: UInt8) -> String
    func verify(_ password: String, against hash: String) -> Bool
}

/// The hash an unknown user name is checked against, made on first use rather than at
/// start-up: at the node's cost it takes a quarter of a second.
final class DecoyHash: @unchecked Sendable {
    private let lock = NSLock()
    private var value: String?

    func value(_ make: () -> String) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let value { return value }
        let made = make()
        value = made
        return made
    }
}
