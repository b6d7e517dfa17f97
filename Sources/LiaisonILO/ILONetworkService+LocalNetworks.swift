import FluentKit
import Foundation
import LiaisonCore
import LiaisonStore

/// A local or regional network with its members: the officers posted in its country or
/// region today or soon, each with the contact details of their posting.
public struct LocalNetworkEntry: Sendable {
    public var network: StoredRecord<LocalNetwork>
    public var members: [DeploymentEntry]
    public var coordinator: DeploymentEntry?
    /// Whether this node has an officer among the members (and may record activities).
    public var isMemberNode: Bool
}

extension ILONetworkService {
    public func localNetworks() async throws -> [LocalNetworkEntry] {
        let deployments = try await deployments()
        return try await records(LocalNetwork.self).map { entry($0, deployments: deployments) }.sorted { $0.network.record.name < $1.network.record.name }
    }

    public func localNetwork(_ id: UUID) async throws -> (entry: LocalNetworkEntry, activities: [StoredRecord<NetworkActivity>]) {
        let network = try await record(LocalNetwork.self, id: id)
        let activities = try await records(NetworkActivity.self, parent: id).sorted { $0.record.day > $1.record.day }
        return (entry(network, deployments: try await deployments()), activities)
    }

    /// Forms or changes a network. Its coordinator is one of its members and an officer of
    /// this node, whose node owns the network.
    public func save(_ network: LocalNetwork, by actor: Actor) async throws -> LocalNetworkEntry {
        var network = network
        network.hostCountry = network.hostCountry?.isEmpty == true ? nil : network.hostCountry?.uppercased()
        let saved = network
        let deployments = try await deployments()
        guard let coordinator = deployments.first(where: { $0.deployment.id == saved.coordinator }), saved.admits(coordinator.deployment) else {
            throw ServiceError.invalid("The coordinator is an officer posted in the network's country or region.", fields: ["coordinator": "Not a member"])
        }
        guard coordinator.own else {
            throw ServiceError.invalid(
                "The coordinator is an officer of this node: the coordinator's node keeps the network.", fields: ["coordinator": "Not this node's officer"])
        }
        let stored = try await db.transaction { tx in try await publish(saved, by: actor, on: tx) }
        return entry(stored, deployments: deployments)
    }

    /// Records or changes an activity of a network this node has an officer in. Attendance
    /// names members only.
    public func save(_ activity: NetworkActivity, by actor: Actor) async throws -> StoredRecord<NetworkActivity> {
        let (network, _) = try await localNetwork(activity.networkID)
        guard network.isMemberNode else {
            throw ServiceError.conflict(
                code: "network.notMember", title: "Not a member of this network",
                detail: "Only a node with an officer in the network records its activities.")
        }
        let members = Set(network.members.map(\.deployment.id))
        guard activity.attendance.allSatisfy(members.contains) else {
            throw ServiceError.invalid("Attendance lists members of the network only.", fields: ["attendance": "Not a member"])
        }
        var activity = activity
        activity.agenda = activity.agenda.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        activity.guests = activity.guests.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if activity.kind != .meeting {
            (activity.commissionInvited, activity.frontexInvited, activity.notInvitedReason) = (true, true, nil)
        }
        let saved = activity
        return try await db.transaction { tx in try await publish(saved, by: actor, on: tx) }
    }

    private func entry(_ network: StoredRecord<LocalNetwork>, deployments: [DeploymentEntry]) -> LocalNetworkEntry {
        let members = deployments.filter { network.record.admits($0.deployment) }
        return LocalNetworkEntry(
            network: network, members: members, coordinator: deployments.first { $0.deployment.id == network.record.coordinator },
            isMemberNode: members.contains(where: \.own))
    }
}
