import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore

/// The network directory: this node's authorities and the read-only copies of every other
/// node's, as they last published them.
struct DirectoryRoutes {
    let services: LiaisonServices

    func register(web: ProtectedRoutes, api: ProtectedRoutes) {
        web.get("/directory", .viewDirectory) { _, context in
            let strings = services.renderer.strings(context)
            let nodes = try await entries().map { node -> [String: Any] in
                [
                    "node": node.node, "state": node.state, "own": node.own,
                    "updated": node.updatedAt.map(DisplayFormat.second) ?? "",
                    "authorities": node.authorities.map { ["name": $0.name, "kind": strings.lookup("kind.\($0.kind.rawValue)") ?? $0.kind.rawValue] },
                ]
            }
            return services.renderer.page(
                "directory", title: strings("directory.title"), request: context, principal: context.principal, currentPath: "/directory",
                data: ["nodes": nodes])
        }
        api.get("/directory", .viewDirectory) { _, _ in
            try json(try await entries())
        }
    }

    private func entries() async throws -> [API.DirectoryNode] {
        let ownNode = services.federation?.settings.nodeID ?? services.configuration.stateCode.lowercased()
        let (own, copies) = try await services.administration.directory()
        var nodes = [
            API.DirectoryNode(
                node: ownNode, state: services.configuration.stateCode, own: true,
                authorities: try own.map { .init(id: $0.id?.uuidString ?? "", name: $0.name, kind: try documented($0.kind)) })
        ]
        for copy in copies {
            let authorities = (try? JSONDecoder().decode([DirectoryPublication.Entry].self, from: copy.entries)) ?? []
            nodes.append(
                API.DirectoryNode(
                    node: copy.nodeID, state: copy.stateCode, own: false, version: Int(copy.version), updatedAt: copy.receivedAt,
                    authorities: try authorities.map { .init(id: $0.id, name: $0.name, kind: try documented($0.kind.rawValue)) }))
        }
        return nodes
    }
}
