import Crypto
import Foundation
import LiaisonFederation

/// The manifest a node currently trusts. Replaced only through `NetworkManifest.accept`,
/// so never by an older or unsigned one.
public actor ManifestHolder {
    public private(set) var current: NetworkManifest
    let operatorKey: Curve25519.Signing.PublicKey

    init(initial: NetworkManifest, operatorKey: Curve25519.Signing.PublicKey) throws {
        self.current = try NetworkManifest.accept(initial, replacing: nil, operatorKey: operatorKey)
        self.operatorKey = operatorKey
    }

    public func offer(_ candidate: NetworkManifest) throws(FederationRefusal) {
        current = try NetworkManifest.accept(candidate, replacing: current, operatorKey: operatorKey)
    }
}
