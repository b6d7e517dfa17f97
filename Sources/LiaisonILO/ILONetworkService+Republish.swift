import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

extension ILONetworkService {
    /// Sends this node's deployments (their current version), published reports and network records to every
    /// other node again. Called at start, as the directory is, so that a node that joined the
    /// network later, or lost its copies, is repaired; a receiver keeps only what it lacks.
    @discardableResult
    public func republish() async throws -> Int {
        guard let federation else { return 0 }
        let deployments = try await DeploymentModel.query(on: db).filter(\.$originNode == nodeID).all()
        // The change each current version made, from one read of the history.
        let history = try await DeploymentHistoryModel.query(on: db).filter(\.$deploymentID ~~ deployments.compactMap(\.id)).all()
        let changes = Dictionary(history.map { ("\($0.deploymentID)/\($0.version)", $0.change) }) { first, _ in first }
        var collected: [(kind: String, body: Data)] = []
        for model in deployments {
            let change = changes["\(try model.requireID())/\(model.version)"].flatMap(DeploymentChange.init(rawValue:)) ?? .updated
            let publication = DeploymentPublication(node: nodeID, version: model.version, change: change, deployment: try model.deployment())
            collected.append((DeploymentPublication.kind, try JSONEncoder().encode(publication)))
        }
        for model in try await StrategicReportModel.query(on: db).filter(\.$originNode == nodeID).filter(\.$state == "published").all() {
            let report = try JSONDecoder().decode(StrategicReport.self, from: model.record)
            let publication = ReportPublication(node: nodeID, publishedAt: model.publishedAt ?? model.updatedAt, report: report)
            collected.append((ReportPublication.kind, try JSONEncoder().encode(publication)))
        }
        for model in try await NetworkRecordModel.query(on: db).filter(\.$originNode == nodeID).all() {
            // A document goes to its readers only, with its content, when it is uploaded.
            guard let kind = NetworkRecordKind(rawValue: model.kind), kind != .networkDocument, let type = NetworkRecordReceiver.types[kind] else { continue }
            collected.append((NetworkRecordReceiver.kind, try Self.publication(type, of: model, node: nodeID)))
        }
        let bodies = collected
        guard !bodies.isEmpty else { return 0 }
        return try await db.transaction { tx in
            var written = 0
            for (kind, body) in bodies { written += try await federation.broadcast(kind: kind, body: body, on: tx) }
            return written
        }
    }

    private static func publication<Record: NetworkRecord>(_: Record.Type, of model: NetworkRecordModel, node: String) throws -> Data {
        let record = try JSONDecoder().decode(Record.self, from: model.record)
        return try JSONEncoder().encode(NetworkRecordPublication(node: node, version: model.version, kind: Record.recordKind, record: record))
    }
}
