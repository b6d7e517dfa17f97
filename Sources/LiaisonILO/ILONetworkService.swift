import FluentKit
import Foundation
import LiaisonCore
import LiaisonFederation
import LiaisonNode
import LiaisonStore

/// The European network of immigration liaison officers (PRODUCT.md section C): deployments
/// recorded at the deploying body's node and published to every node. Pages and the API call
/// the same methods.
public struct ILONetworkService: Sendable {
    let database: LiaisonDatabase
    let audit: any AuditTrail
    let federation: FederationNode?
    let stateCode: String
    let clock: @Sendable () -> Date

    public init(database: LiaisonDatabase, audit: any AuditTrail, federation: FederationNode?, stateCode: String, clock: @escaping @Sendable () -> Date) {
        self.database = database
        self.audit = audit
        self.federation = federation
        self.stateCode = stateCode.uppercased()
        self.clock = clock
    }

    /// Who is acting.
    public struct Actor: Sendable {
        public var username: String
        public var requestID: String?

        public init(username: String, requestID: String?) {
            self.username = username
            self.requestID = requestID
        }
    }

    /// Declares the network's envelope kinds to the node runtime.
    public func registerKinds(with node: FederationNode) {
        node.kinds.register(DeploymentPublication.kind) { envelope, database in
            try await DeploymentPublication.apply(envelope, manifest: await node.manifest.current, on: database, now: clock())
        }
        node.kinds.register(ReportPublication.kind) { envelope, database in
            try await ReportPublication.apply(envelope, on: database, now: clock())
        }
        node.kinds.register(NetworkRecordReceiver.kind) { envelope, database in
            try await NetworkRecordReceiver.apply(envelope, manifest: await node.manifest.current, on: database, now: clock())
        }
        registerBoardKinds(with: node)
        registerDocumentKinds(with: node)
    }

    var db: any Database { database.database() }

    /// This node's name in the network, also when it runs alone.
    var nodeID: String { federation?.settings.nodeID ?? stateCode.lowercased() }

    /// Today in UTC, as deployments write days.
    public var today: String { clock().formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day()) }
}
