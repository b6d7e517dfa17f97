import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
import LiaisonILO

/// Local and regional networks in `/api/v1` (tag "ilo-network" of openapi.yaml).
struct LocalNetworkAPIRoutes {
    let services: LiaisonServices

    func register(on routes: ProtectedRoutes) {
        let network = services.network
        let services = services
        routes.get("/networks", .viewLocalNetworks) { _, _ in
            try json(try await network.localNetworks().map(Self.entry))
        }
        routes.post("/networks", .manageLocalNetworks) { request, context in
            let input = try await services.closedJSON(API.LocalNetworkInput.self, from: request, context: context)
            let local = LocalNetwork(
                name: input.name, hostCountry: input.hostCountry, region: input.region, coordinator: try uuid(input.coordinator, "coordinator"),
                description: input.description)
            return try json(Self.entry(try await network.save(local, by: context.networkActor)), status: .created)
        }
        routes.get("/networks/{id}", .viewLocalNetworks) { _, context in
            let (entry, activities) = try await network.localNetwork(try APIRoutes.id(context))
            return try json(API.LocalNetworkDetail(entry: Self.entry(entry), activities: activities.map(Self.activity)))
        }
        routes.post("/networks/{id}/activities", .manageLocalNetworks) { request, context in
            let input = try await services.closedJSON(API.NetworkActivityInput.self, from: request, context: context)
            let activity = try Self.activity(input, network: try APIRoutes.id(context))
            return try json(Self.activity(try await network.save(activity, by: context.networkActor)), status: .created)
        }
        routes.on(.put, "/networks/{id}/activities/{activity}", .manageLocalNetworks) { request, context in
            let input = try await services.closedJSON(API.NetworkActivityInput.self, from: request, context: context)
            var activity = try Self.activity(input, network: try APIRoutes.id(context))
            activity.id = try APIRoutes.id(context, "activity")
            // Only an activity of this network is changed here.
            let existing = try await network.localNetwork(activity.networkID).activities
            guard existing.contains(where: { $0.record.id == activity.id }) else { throw AppError.notFound }
            return try json(Self.activity(try await network.save(activity, by: context.networkActor)))
        }
    }

    static func activity(_ input: API.NetworkActivityInput, network: UUID) throws -> NetworkActivity {
        NetworkActivity(
            networkID: network, kind: input.kind, title: input.title, day: input.day, place: input.place, agenda: input.agenda ?? [], minutes: input.minutes,
            attendance: try (input.attendance ?? []).map { try uuid($0, "attendance") }, guests: input.guests ?? [],
            commissionInvited: input.commissionInvited ?? true, frontexInvited: input.frontexInvited ?? true, notInvitedReason: input.notInvitedReason,
            topic: input.topic, counterpart: input.counterpart)
    }

    static func entry(_ entry: LocalNetworkEntry) -> API.LocalNetworkEntry {
        API.LocalNetworkEntry(
            network: entry.network.record, originNode: entry.network.originNode, own: entry.network.own,
            members: entry.members.map(DeploymentAPIRoutes.entry), memberNode: entry.isMemberNode)
    }

    static func activity(_ stored: StoredRecord<NetworkActivity>) -> API.NetworkActivityEntry {
        API.NetworkActivityEntry(activity: stored.record, originNode: stored.originNode, own: stored.own, updatedAt: stored.updatedAt)
    }
}

/// A UUID field of a body, or a 422 naming it.
func uuid(_ text: String, _ field: String) throws -> UUID {
    guard let id = UUID(uuidString: text) else { throw AppError.invalid("“\(field)” is not a UUID.", fields: [field: "Not a UUID"]) }
    return id
}
