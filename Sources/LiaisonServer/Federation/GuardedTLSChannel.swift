import Foundation
import HummingbirdCore
import LiaisonFederation
import LiaisonNode
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import NIOTLS

/// The federation port's connections: each is admitted by its peer address first (a blocked or
/// crowding address is closed before any TLS), then gets TLS with the node's certificate check,
/// and every handshake that fails, whatever the reason, is counted and audited through
/// `HandshakeRefusals`: a certificate of another CA, a revoked node, no certificate at all, an
/// old protocol, bytes that are not TLS.
struct GuardedTLSChannel<Base: HTTPChannelHandler>: HTTPChannelHandler {
    typealias Value = Base.Value
    typealias Refusal = @Sendable ([NIOSSLCertificate]) async -> FederationRefusal?

    let base: Base
    let context: NIOSSLContext
    let node: FederationNode
    let check: Refusal

    var responder: HTTPChannelHandler.Responder { base.responder }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let address = channel.remoteAddress.map(PeerAddress.key) ?? "unknown"
        guard node.handshakes.admit(address) else {
            return channel.close().flatMapThrowing { throw ChannelError.ioOnClosedChannel }
        }
        let node = node
        channel.closeFuture.whenComplete { _ in node.handshakes.closed(address) }
        let verdict = HandshakeVerdict()
        let check = check
        return channel.eventLoop.makeCompletedFuture {
            let tls = NIOSSLServerHandler(
                context: context,
                customVerificationCallback: { chain, promise in
                    promise.completeWithTask {
                        guard let refusal = await check(chain) else { return .certificateVerified }
                        verdict.reason = refusal.code.rawValue
                        return .failed
                    }
                }, configuration: .init())
            try channel.pipeline.syncOperations.addHandler(tls)
            try channel.pipeline.syncOperations.addHandler(HandshakeObserver(address: address, verdict: verdict, node: node))
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// The reason the certificate check gave, if it refused; set on the check's task, read on the
/// connection's event loop.
final class HandshakeVerdict: Sendable {
    private let box = NIOLockedValueBox<String?>(nil)
    var reason: String? {
        get { box.withLockedValue { $0 } }
        set { box.withLockedValue { $0 = newValue } }
    }
}

/// Sits behind the TLS handler and reports a handshake that fails, once per connection.
final class HandshakeObserver: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    let address: String
    let verdict: HandshakeVerdict
    let node: FederationNode
    private var settled = false

    init(address: String, verdict: HandshakeVerdict, node: FederationNode) {
        self.address = address
        self.verdict = verdict
        self.node = node
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { settled = true }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if !settled, verdict.reason != nil || Self.isHandshakeFailure(error) {
            settled = true
            node.recordHandshakeRefusal(from: address, reason: verdict.reason ?? Self.reason(for: error))
        }
        context.fireErrorCaught(error)
    }

    /// A handshake the node refused. One the peer abandoned (the connection closed during the
    /// handshake, as a port check or a timed-out connection does) is not a refusal.
    static func isHandshakeFailure(_ error: any Error) -> Bool {
        guard case NIOSSLError.handshakeFailed = error else { return false }
        return !String(describing: error).uppercased().contains("EOF DURING HANDSHAKE")
    }

    /// A stable code for a handshake that failed before the certificate check ran.
    static func reason(for error: any Error) -> String {
        let text = String(describing: error).uppercased()
        if text.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE") || text.contains("CERTIFICATE_REQUIRED") {
            return "federation.noClientCertificate"
        }
        if text.contains("VERSION") || text.contains("PROTOCOL") || text.contains("HTTP_REQUEST") || text.contains("WRONG_VERSION") {
            return "federation.protocolRefused"
        }
        return "federation.handshakeFailed"
    }
}

/// The key refusals are counted under: an IPv4 address as it is, an IPv6 address by its /64,
/// the block a single subscriber usually holds, so that rotating within it gains nothing.
enum PeerAddress {
    static func key(_ address: SocketAddress) -> String {
        switch address {
        case .v6(let v6):
            var raw = v6.address.sin6_addr
            let bytes = withUnsafeBytes(of: &raw) { Array($0) }
            if bytes[0..<12] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff] {
                return bytes[12..<16].map(String.init).joined(separator: ".")
            }
            let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            return groups.joined(separator: ":") + "::/64"
        default:
            return address.ipAddress ?? "unknown"
        }
    }
}
