import Foundation
import LiaisonStore
import NIOConcurrencyHelpers

/// The refused TLS handshakes at the federation port, counted per peer address, so that each
/// kind of refusal is audited without letting anyone who reaches the port fill the audit trail
/// or hold its connections.
///
/// Within one window (a minute by default) an address gets one audit entry per reason; what it
/// repeats is counted and written as one summary when the window closes. An address refused
/// `refusalsBeforeBlock` times has its further connections closed before any TLS for the rest of
/// the window. Addresses beyond `addressesAuditedPerWindow` are summed into one entry for the
/// node, so the entries of a window stay bounded however many addresses take part.
public final class HandshakeRefusals: Sendable {
    public struct Limits: Sendable {
        public var window: TimeInterval
        public var refusalsBeforeBlock: Int
        public var connectionsPerAddress: Int
        public var addressesAuditedPerWindow: Int
        /// Addresses followed at once; beyond it, an address is neither counted nor blocked alone.
        public var addressesTracked: Int

        public init(
            window: TimeInterval = 60, refusalsBeforeBlock: Int = 20, connectionsPerAddress: Int = 256, addressesAuditedPerWindow: Int = 100,
            addressesTracked: Int = 10_000
        ) {
            self.window = window
            self.refusalsBeforeBlock = refusalsBeforeBlock
            self.connectionsPerAddress = connectionsPerAddress
            self.addressesAuditedPerWindow = addressesAuditedPerWindow
            self.addressesTracked = addressesTracked
        }
    }

    private struct Peer {
        var refusals = 0
        var auditedReasons: Set<String> = []
        var repeated: [String: Int] = [:]
        var closedUnheard = 0
        var blocked = false
    }

    private struct State {
        var peers: [String: Peer] = [:]
        var open: [String: Int] = [:]
        var audited = 0
        var overflow: [String: Int] = [:]
    }

    public let limits: Limits
    private let state = NIOLockedValueBox(State())

    public init(limits: Limits = .init()) {
        self.limits = limits
    }

    /// Whether a new connection from `address` may start its handshake. A `true` must be
    /// matched by `closed(_:)` when the connection ends.
    public func admit(_ address: String) -> Bool {
        state.withLockedValue { state in
            if state.peers[address]?.blocked == true || state.open[address, default: 0] >= limits.connectionsPerAddress {
                state.peers[address]?.closedUnheard += 1
                return false
            }
            state.open[address, default: 0] += 1
            return true
        }
    }

    public func closed(_ address: String) {
        state.withLockedValue { state in
            let left = state.open[address, default: 1] - 1
            state.open[address] = left > 0 ? left : nil
        }
    }

    /// Counts a refused handshake; the entry to write now, if this one is to be audited alone.
    public func refused(_ address: String, reason: String) -> AuditEvent? {
        state.withLockedValue { state in
            guard state.peers[address] != nil || state.peers.count < limits.addressesTracked else {
                state.overflow[reason, default: 0] += 1
                return nil
            }
            var peer = state.peers[address] ?? Peer()
            defer { state.peers[address] = peer }
            peer.refusals += 1
            if peer.refusals >= limits.refusalsBeforeBlock { peer.blocked = true }
            if peer.auditedReasons.contains(reason) {
                peer.repeated[reason, default: 0] += 1
                return nil
            }
            guard peer.auditedReasons.isEmpty ? state.audited < limits.addressesAuditedPerWindow : true else {
                state.overflow[reason, default: 0] += 1
                return nil
            }
            if peer.auditedReasons.isEmpty { state.audited += 1 }
            peer.auditedReasons.insert(reason)
            return AuditEvent(actor: "tls", action: .handshakeRefused, outcome: .denied, targetType: "address", targetID: address, detail: reason)
        }
    }

    /// Closes the window: the summaries of what was repeated, and a fresh start for every address.
    public func rollover() -> [AuditEvent] {
        let seconds = Int(limits.window.rounded())
        return state.withLockedValue { state in
            var events: [AuditEvent] = []
            for (address, peer) in state.peers.sorted(by: { $0.key < $1.key }) where !peer.repeated.isEmpty || peer.closedUnheard > 0 {
                events.append(
                    AuditEvent(
                        actor: "tls", action: .handshakeRefused, outcome: .denied, targetType: "address", targetID: address,
                        reason: "repeated within \(seconds) s", detail: Self.summary(peer.repeated, closedUnheard: peer.closedUnheard)))
            }
            if !state.overflow.isEmpty {
                events.append(
                    AuditEvent(
                        actor: "tls", action: .handshakeRefused, outcome: .denied, targetType: "address", targetID: "other addresses",
                        reason: "beyond \(limits.addressesAuditedPerWindow) addresses within \(seconds) s", detail: Self.summary(state.overflow, closedUnheard: 0)))
            }
            state.peers = [:]
            state.overflow = [:]
            state.audited = 0
            return events
        }
    }

    private static func summary(_ counts: [String: Int], closedUnheard: Int) -> String {
        let reasons = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        return "refusals=\(counts.values.reduce(0, +)) closedUnheard=\(closedUnheard)" + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: ", ")))")
    }
}

extension FederationNode {
    /// Counts a refused handshake from `address` at once (the next connection from there is
    /// judged with it) and audits it if it is the first of its kind from there in this window.
    public func recordHandshakeRefusal(from address: String, reason: String) {
        guard let event = handshakes.refused(address, reason: reason) else { return }
        Task { _ = try? await audit.append(event, on: db) }
    }

    /// Writes the summaries of the window that ends and starts the next one.
    public func closeHandshakeWindow() async {
        let events = handshakes.rollover()
        guard !events.isEmpty else { return }
        _ = try? await audit.append(events, on: db)
    }
}
