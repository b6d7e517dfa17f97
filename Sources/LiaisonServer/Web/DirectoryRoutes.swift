import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
import LiaisonExchange
import LiaisonILO
import LiaisonNode
import LiaisonStore

/// The network directory: this node's authorities with their contact points and the read-only
/// copies of every other node's, flagged stale when their owner did not confirm them in time;
/// and the classified overview of contact points and national arrangements, for cleared users
/// only, as a printable page, CSV and JSON, each read audited.
struct DirectoryRoutes {
    let services: LiaisonServices

    func register(web: ProtectedRoutes, api: ProtectedRoutes) {
        web.get("/directory", .viewDirectory) { _, context in
            let strings = services.renderer.strings(context)
            let present = ILOPresentation(strings: strings, language: context.language)
            let now = services.clock()
            let nodes = try await entries(withArrangements: false).map { node -> [String: Any] in
                [
                    "node": node.node, "state": present.body(node.state), "own": node.own,
                    "updated": node.updatedAt.map(DisplayFormat.second) ?? "",
                    "authorities": node.authorities.map { entry(view: $0, strings: strings, language: context.language, now: now) },
                ]
            }
            let cleared = try await services.administration.mayReadOverview(context.principal.username)
            return services.renderer.page(
                "directory", title: strings("directory.title"), request: context, principal: context.principal, currentPath: "/directory",
                data: ["nodes": nodes, "cleared": cleared, "marking": services.administration.overviewMarking])
        }
        web.get("/directory/overview", .viewDirectory) { _, context in
            let overview = try await overview(context, format: "html")
            let strings = services.renderer.strings(context)
            let present = ILOPresentation(strings: strings, language: context.language)
            let now = services.clock()
            let states = overview.states.map { state -> [String: Any] in
                [
                    "state": present.body(state.state), "node": state.node, "officers": state.officersDeployed,
                    "authorities": state.authorities.map { entry(view: $0, strings: strings, language: context.language, now: now) },
                ]
            }
            return services.renderer.page(
                "directory-overview", title: strings("overview.title"), request: context, principal: context.principal, currentPath: "/directory",
                data: ["marking": overview.marking, "generated": DisplayFormat.second(overview.generatedAt), "states": states])
        }
        web.get("/directory/overview.csv", .viewDirectory) { _, context in
            let overview = try await overview(context, format: "csv")
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: csv(overview))))
            response.headers[.contentType] = "text/csv; charset=utf-8"
            response.headers[.contentDisposition] = "attachment; filename=\"directory-overview.csv\""
            return response
        }
        web.get("/directory/overview.json", .viewDirectory) { _, context in
            var response = try json(try await overview(context, format: "json"))
            response.headers[.contentDisposition] = "attachment; filename=\"directory-overview.json\""
            return response
        }
        api.get("/directory", .viewDirectory) { _, _ in
            try json(try await entries(withArrangements: false))
        }
        api.get("/directory/overview", .viewDirectory) { _, context in
            try json(try await overview(context, format: "api"))
        }
    }

    /// The overview for a cleared reader, audited; anyone else gets 403 `directory.notCleared`.
    private func overview(_ context: AuthenticatedContext, format: String) async throws -> API.DirectoryOverview {
        let administration = services.administration
        guard try await administration.mayReadOverview(context.principal.username) else {
            throw AppError(
                .forbidden, code: "directory.notCleared", title: "Not cleared",
                detail: "The overview is marked \(administration.overviewMarking); an administrator grants the clearance to read it.")
        }
        try await administration.auditOverviewRead(actor: context.actor, format: format, requestID: context.requestID)
        let today = services.network.today
        let deployments = try await services.network.deployments().filter { $0.deployment.isActive(on: today) }
        let states = try await entries(withArrangements: true).map { node in
            API.DirectoryOverview.StatesPayloadPayload(
                state: node.state, node: node.node, own: node.own, authorities: node.authorities,
                officersDeployed: deployments.filter { DeploymentRules.bodies(publishableBy: node.state).contains($0.deployment.deployingBody) }.count)
        }
        return API.DirectoryOverview(marking: administration.overviewMarking, generatedAt: services.clock(), states: states)
    }

    /// Every node's entries; the national arrangements only for the overview.
    func entries(withArrangements: Bool) async throws -> [API.DirectoryNode] {
        let ownNode = services.federation?.settings.nodeID ?? services.configuration.stateCode.lowercased()
        let now = services.clock()
        let (own, copies) = try await services.administration.directory()
        func entry(_ published: DirectoryPublication.Entry) throws -> API.DirectoryEntry {
            var contact = published.contact
            if !withArrangements { contact?.arrangements = nil }
            return API.DirectoryEntry(
                id: published.id, name: published.name, kind: try documented(published.kind.rawValue), contact: contact,
                confirmedAt: published.confirmedAt, reconfirmBy: published.reconfirmBy, stale: (published.reconfirmBy ?? .distantPast) < now)
        }
        var nodes = [
            API.DirectoryNode(
                node: ownNode, state: services.configuration.stateCode, own: true,
                authorities: try own.map {
                    try entry(
                        .init(
                            id: $0.id?.uuidString ?? "", name: $0.name, kind: $0.authority.kind,
                            contact: $0.contactDetails, confirmedAt: $0.confirmedAt,
                            reconfirmBy: $0.reconfirmBy))
                })
        ]
        for copy in copies {
            let authorities = (try? JSONDecoder().decode([DirectoryPublication.Entry].self, from: copy.entries)) ?? []
            nodes.append(
                API.DirectoryNode(
                    node: copy.nodeID, state: copy.stateCode, own: false, version: Int(copy.version), updatedAt: copy.receivedAt,
                    authorities: try authorities.map(entry)))
        }
        return nodes
    }

    /// One entry as the pages show it.
    private func entry(view entry: API.DirectoryEntry, strings: Strings, language: Language, now: Date) -> [String: Any] {
        let contact = entry.contact
        let languages = (contact?.languages ?? []).map { Locale(identifier: language.rawValue).localizedString(forLanguageCode: $0) ?? $0 }
        return [
            "id": entry.id, "name": entry.name, "kind": strings.lookup("kind.\(entry.kind.rawValue)") ?? entry.kind.rawValue,
            "hasContact": contact != nil, "unit": contact?.unit ?? "", "mailbox": contact?.mailbox ?? "", "phone": contact?.phone ?? "",
            "hours": contact?.hours ?? "", "languages": languages.joined(separator: ", "), "central": contact?.central == true,
            "arrangements": contact?.arrangements ?? "", "confirmed": entry.confirmedAt.map(DisplayFormat.day) ?? "",
            "reconfirmBy": entry.reconfirmBy.map(DisplayFormat.day) ?? "", "stale": entry.stale,
        ]
    }

    /// The overview as CSV, the marking on its first and last lines.
    private func csv(_ overview: API.DirectoryOverview) -> String {
        let field = CSVText.field
        var lines = [field(overview.marking)]
        lines.append(
            ["state", "node", "authority", "kind", "unit", "mailbox", "phone", "hours", "languages", "central", "arrangements", "confirmedAt", "stale"].map(field)
                .joined(separator: ","))
        let day = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day()
        for state in overview.states {
            for entry in state.authorities {
                let contact = entry.contact
                lines.append(
                    [
                        state.state, state.node, entry.name, entry.kind.rawValue, contact?.unit ?? "", contact?.mailbox ?? "", contact?.phone ?? "",
                        contact?.hours ?? "", (contact?.languages ?? []).joined(separator: " "), contact?.central == true ? "yes" : "no",
                        contact?.arrangements ?? "", entry.confirmedAt.map { $0.formatted(day) } ?? "", entry.stale ? "yes" : "no",
                    ].map(field).joined(separator: ","))
            }
        }
        lines.append(field(overview.marking))
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}
