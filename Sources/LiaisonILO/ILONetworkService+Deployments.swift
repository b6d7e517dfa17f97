import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

/// A deployment as lists and pages show it.
public struct DeploymentEntry: Sendable {
    public var deployment: Deployment
    public var originNode: String
    /// Whether this node owns it (and its officers may change it).
    public var own: Bool
    public var version: Int64
    public var updatedAt: Date
    /// Whether the officer is at the posting today.
    public var isActive: Bool
    /// Whether the posting is yet to begin.
    public var isPlanned: Bool
}

/// One version in a deployment's history.
public struct DeploymentVersion: Sendable {
    public var version: Int64
    public var change: DeploymentChange
    public var deployment: Deployment
    public var changedBy: String
    public var recordedAt: Date
}

/// Which deployments a list shows; nil shows all.
public struct DeploymentFilter: Sendable {
    public var hostCountry: String?
    public var region: HostRegion?
    public var deployingBody: String?
    public var task: ILOTask?
    /// Those at their posting or yet to take it up (the default), or also those that ended.
    public var includeEnded: Bool

    public init(hostCountry: String? = nil, region: HostRegion? = nil, deployingBody: String? = nil, task: ILOTask? = nil, includeEnded: Bool = false) {
        self.hostCountry = hostCountry
        self.region = region
        self.deployingBody = deployingBody
        self.task = task
        self.includeEnded = includeEnded
    }

    /// Whether the list shows `entry`.
    public func admits(_ entry: DeploymentEntry) -> Bool {
        let deployment = entry.deployment
        return hostCountry.map { $0 == deployment.hostCountry } ?? true && region.map { $0 == deployment.region } ?? true
            && deployingBody.map { $0 == deployment.deployingBody } ?? true && task.map(deployment.tasks.contains) ?? true
            && (includeEnded || entry.isActive || entry.isPlanned)
    }
}

extension ILONetworkService {
    /// The deploying bodies this node records officers for.
    public var ownDeployingBodies: Set<String> { DeploymentRules.bodies(publishableBy: stateCode) }

    /// The network-wide list: this node's deployments and every copy, filtered, by host country.
    /// The network holds hundreds of postings, so the filter is applied to the rows read.
    public func deployments(_ filter: DeploymentFilter = .init()) async throws -> [DeploymentEntry] {
        let today = self.today
        return try await DeploymentModel.query(on: db).sort(\.$hostCountry).sort(\.$startsOn).all().map { try entry($0, today: today) }.filter(filter.admits)
    }

    public func deployment(_ id: UUID) async throws -> (entry: DeploymentEntry, history: [DeploymentVersion]) {
        guard let model = try await DeploymentModel.find(id, on: db) else { throw ServiceError.notFound }
        let history = try await DeploymentHistoryModel.query(on: db).filter(\.$deploymentID == id).sort(\.$version, .descending).all().map {
            DeploymentVersion(
                version: $0.version, change: DeploymentChange(rawValue: $0.change) ?? .updated,
                deployment: try JSONDecoder().decode(Deployment.self, from: $0.record), changedBy: $0.changedBy, recordedAt: $0.recordedAt)
        }
        return (try entry(model, today: today), history)
    }

    /// Records a new deployment of one of this node's deploying bodies and publishes it.
    public func record(_ deployment: Deployment, by actor: Actor) async throws -> DeploymentEntry {
        var deployment = deployment
        deployment.id = UUID()
        return try await write(deployment, change: .created, existing: nil, by: actor)
    }

    /// Replaces this node's deployment `id` by `deployment` and publishes the new version.
    public func update(_ id: UUID, to deployment: Deployment, by actor: Actor) async throws -> DeploymentEntry {
        guard let model = try await DeploymentModel.find(id, on: db) else { throw ServiceError.notFound }
        guard model.originNode == nodeID else {
            throw ServiceError.conflict(
                code: "deployment.notOwn", title: "Not this node's deployment",
                detail: "Only the node of the deploying body changes a deployment; this is a read-only copy of \(model.originNode)'s.")
        }
        var deployment = deployment
        deployment.id = id
        let today = self.today
        let endedBefore = try model.deployment().endsOn.map { $0 <= today } == true
        let change: DeploymentChange = deployment.endsOn.map { $0 <= today } == true && !endedBefore ? .ended : .updated
        return try await write(deployment, change: change, existing: model, by: actor)
    }

    private func write(_ submitted: Deployment, change: DeploymentChange, existing: DeploymentModel?, by actor: Actor) async throws -> DeploymentEntry {
        var normalised = submitted
        normalised.endsOn = submitted.endsOn?.isEmpty == true ? nil : submitted.endsOn
        normalised.tasks = ILOTask.allCases.filter(submitted.tasks.contains)
        normalised.representedStates = submitted.representedStates.sorted()
        let deployment = normalised
        try DeploymentRules.check(deployment, publishedBy: stateCode)
        let now = clock()
        // Versions grow even when two changes fall in the same millisecond.
        let version = max(Int64((now.timeIntervalSince1970 * 1000).rounded(.down)), (existing?.version ?? 0) + 1)
        let publication = DeploymentPublication(node: nodeID, version: version, change: change, deployment: deployment)
        let body = try JSONEncoder().encode(publication)
        let model = existing ?? DeploymentModel(id: deployment.id, originNode: nodeID)
        try await db.transaction { tx in
            try await model.store(deployment, version: version, at: now, on: tx)
            try await DeploymentHistoryModel(
                deploymentID: deployment.id, version: version, change: change.rawValue, record: try JSONEncoder().encode(deployment),
                changedBy: actor.username, recordedAt: now
            ).create(on: tx)
            try await federation?.broadcast(kind: DeploymentPublication.kind, body: body, on: tx)
            try await audit.append(
                AuditEvent(
                    actor: actor.username, action: existing == nil ? .deploymentRecorded : .deploymentUpdated, targetType: "deployment",
                    targetID: deployment.id.uuidString, detail: change.rawValue, requestID: actor.requestID), on: tx)
        }
        return try entry(model, today: today)
    }

    func entry(_ model: DeploymentModel, today: String) throws -> DeploymentEntry {
        let deployment = try model.deployment()
        return DeploymentEntry(
            deployment: deployment, originNode: model.originNode, own: model.originNode == nodeID, version: model.version, updatedAt: model.updatedAt,
            isActive: deployment.isActive(on: today), isPlanned: deployment.startsOn > today)
    }
}
