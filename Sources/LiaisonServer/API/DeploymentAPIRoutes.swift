import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
import LiaisonILO

/// The ILO network's operations of `/api/v1` (tag "ilo-network" of openapi.yaml).
struct DeploymentAPIRoutes {
    let services: LiaisonServices

    func register(on routes: ProtectedRoutes) {
        let network = services.network
        let services = services
        routes.get("/deployments", .viewDeployments) { request, context in
            let filter = try Self.filter(request.uri.queryParameters)
            return try json(try await network.deployments(filter).map(Self.entry))
        }
        routes.post("/deployments", .manageDeployments) { request, context in
            let input = try await services.closedJSON(API.DeploymentInput.self, from: request, context: context)
            return try json(Self.entry(try await network.record(Deployment(input), by: context.networkActor)), status: .created)
        }
        routes.get("/deployments/coverage", .viewDeployments) { _, _ in
            try json(Self.coverage(try await network.coverage()))
        }
        routes.get("/deployments/{id}", .viewDeployments) { _, context in
            let (entry, history) = try await network.deployment(try APIRoutes.id(context))
            return try json(
                API.DeploymentDetail(
                    entry: Self.entry(entry),
                    history: history.map {
                        .init(
                            version: $0.version, change: .init(rawValue: $0.change.rawValue) ?? .updated, deployment: $0.deployment,
                            changedBy: $0.changedBy, recordedAt: $0.recordedAt)
                    }))
        }
        routes.on(.put, "/deployments/{id}", .manageDeployments) { request, context in
            let input = try await services.closedJSON(API.DeploymentInput.self, from: request, context: context)
            return try json(Self.entry(try await network.update(try APIRoutes.id(context), to: Deployment(input), by: context.networkActor)))
        }
    }

    /// The list's filter from the query; a value out of its vocabulary is named in a 422.
    static func filter(_ query: some Sequence<(key: Substring, value: Substring)>) throws -> DeploymentFilter {
        var filter = DeploymentFilter()
        for (key, value) in query where !value.isEmpty {
            let text = String(value).removingPercentEncoding ?? String(value)
            switch key {
            case "hostCountry": filter.hostCountry = text.uppercased()
            case "region":
                guard let region = HostRegion(rawValue: text) else { throw AppError.invalid("“region” is not a known region.", fields: ["region": "Unknown"]) }
                filter.region = region
            case "deployingBody": filter.deployingBody = text.uppercased()
            case "task":
                guard let task = ILOTask(rawValue: text) else { throw AppError.invalid("“task” is not a known task.", fields: ["task": "Unknown"]) }
                filter.task = task
            case "includeEnded":
                guard let value = Bool(text) else { throw AppError.invalid("“includeEnded” is true or false.", fields: ["includeEnded": "true or false"]) }
                filter.includeEnded = value
            default: continue
            }
        }
        return filter
    }

    static func entry(_ entry: DeploymentEntry) -> API.DeploymentEntry {
        API.DeploymentEntry(
            deployment: entry.deployment, originNode: entry.originNode, own: entry.own, active: entry.isActive, version: entry.version,
            updatedAt: entry.updatedAt)
    }

    static func coverage(_ coverage: LiaisonILO.DeploymentCoverage) -> API.DeploymentCoverage {
        API.DeploymentCoverage(
            day: coverage.day, officers: coverage.officers,
            regions: coverage.regions.map {
                .init(region: $0.region, officers: $0.officers, deployingBodies: $0.deployingBodies, countries: $0.countries, gap: $0.isGap)
            },
            countries: coverage.countries.map { .init(country: $0.country, region: $0.region, officers: $0.officers, deployingBodies: $0.deployingBodies) })
    }
}

extension Deployment {
    /// A deployment as the API submits it; the service gives it its id.
    init(_ input: API.DeploymentInput) {
        self.init(
            officerName: input.officerName, mailbox: input.mailbox, phone: input.phone, deployingBody: input.deployingBody,
            postingType: input.postingType, hostCountry: input.hostCountry, hostCity: input.hostCity, region: input.region, startsOn: input.startsOn,
            endsOn: input.endsOn, tasks: input.tasks, representedStates: input.representedStates ?? [], sharedTasks: input.sharedTasks,
            partTimeShare: input.partTimeShare)
    }
}

extension AuthenticatedContext {
    var networkActor: ILONetworkService.Actor { .init(username: principal.username, requestID: requestID) }
}
