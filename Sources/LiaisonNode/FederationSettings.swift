import Foundation
import LiaisonFederation
import X509

/// Where a node finds its federation credentials and where it listens for other nodes.
/// The folder holds what `liaison pki issue` wrote for this node:
/// `ca.crt`, `tls.crt`, `tls.key`, `signing.key`, `operator.pub`, `manifest.json`.
public struct FederationSettings: Sendable {
    public var nodeID: String
    public var host: String
    public var port: Int
    public var folder: String
    public var pollInterval: TimeInterval
    public var maximumBackoff: TimeInterval
    /// A connection that sends nothing (no handshake, no request, or a header that never ends)
    /// for this long is closed. The node's own client drops idle connections sooner.
    public var connectionIdleTimeout: TimeInterval = 30
    /// How refused handshakes are audited and limited per peer address.
    public var handshakeLimits = HandshakeRefusals.Limits()

    public init(nodeID: String, host: String = "127.0.0.1", port: Int, folder: String, pollInterval: TimeInterval = 0.1, maximumBackoff: TimeInterval = 15) {
        self.nodeID = nodeID
        self.host = host
        self.port = port
        self.folder = folder
        self.pollInterval = pollInterval
        self.maximumBackoff = maximumBackoff
    }

    func file(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }

    func read(_ name: String) throws -> String {
        do {
            return try String(contentsOfFile: file(name), encoding: .utf8)
        } catch {
            throw PKIError("Missing \(file(name)); issue the node's credentials with `liaison pki issue`.")
        }
    }
}
