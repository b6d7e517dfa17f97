import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

extension ILONetworkService {
    /// Sends this node's deployments (their current version) and published reports to every
    /// other node again. Called at start, as the directory is, so that a node that joined the
    /// network later, or lost its copies, is repaired; a receiver keeps only what it lacks.
    @discardableResult
    public func republish() async throws -> Int {
        guard let federation else { return 0 }
        let peers = await federation.manifest.current.nodes.filter { $0.nodeID != nodeID && !$0.revoked }
        guard !peers.isEmpty else { return 0 }
        var collected: [(kind: String, body: Data)] = []
        for model in try await DeploymentModel.query(on: db).filter(\.$originNode == nodeID).all() {
            let latest = try await DeploymentHistoryModel.query(on: db).filter(\.$deploymentID == (try model.requireID()))
                .sort(\.$version, .descending).first()
            let change = latest.flatMap { DeploymentChange(rawValue: $0.change) } ?? .updated
            let publication = DeploymentPublication(node: nodeID, version: model.version, change: change, deployment: try model.deployment())
            collected.append((DeploymentPublication.kind, try JSONEncoder().encode(publication)))
        }
        for model in try await StrategicReportModel.query(on: db).filter(\.$originNode == nodeID).filter(\.$state == "published").all() {
            let report = try JSONDecoder().decode(StrategicReport.self, from: model.record)
            let publication = ReportPublication(node: nodeID, publishedAt: model.publishedAt ?? model.updatedAt, report: report)
            collected.append((ReportPublication.kind, try JSONEncoder().encode(publication)))
        }
        let bodies = collected
        guard !bodies.isEmpty else { return 0 }
        try await db.transaction { tx in
            for peer in peers {
                for (kind, body) in bodies {
                    try await federation.enqueue(to: peer.nodeID, toAuthority: peer.nodeID, fromAuthority: nodeID, kind: kind, body: body, on: tx)
                }
            }
        }
        return bodies.count * peers.count
    }
}
