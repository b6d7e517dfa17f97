import Foundation
import Hummingbird
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore

/// The audit trail page: newest first, filtered, with the chain's state.
struct AuditRoutes {
    let services: LiaisonServices

    func register(on routes: ProtectedRoutes) {
        routes.get("/audit", .viewAuditTrail) { request, context in
            let query = request.uri.queryParameters
            let filter = AuditFilter(
                actor: query["actor"].map(String.init), action: query["action"].map(String.init),
                outcome: query["outcome"].map(String.init), beforeSequence: query["before"].flatMap { Int64(String($0)) }, limit: 50)
            let entries = try await services.audit.entries(filter, on: services.db)
            let verdict = try await services.audit.verify(on: services.db)
            try await services.audit.append(
                AuditEvent(actor: context.actor, action: .auditViewed, requestID: context.requestID), on: services.db)
            let strings = services.renderer.strings(context)
            let (chainStatus, chainClass): (String, String) =
                switch verdict {
                case .intact(let count, _): (strings.plural("audit.chain.intact", count: Int(count)), "ok")
                case .broken(let sequence, _): (strings("audit.chain.broken", ["sequence": String(sequence)]), "broken")
                }
            var older: String?
            if entries.count == filter.limit, let last = entries.last?.id {
                var components = URLComponents()
                components.path = "/audit"
                components.queryItems = [
                    URLQueryItem(name: "actor", value: filter.actor ?? ""), URLQueryItem(name: "action", value: filter.action ?? ""),
                    URLQueryItem(name: "outcome", value: filter.outcome ?? ""), URLQueryItem(name: "before", value: String(last)),
                ]
                older = components.string
            }
            var data: [String: Any] = [
                "entries": entries.map { Self.row($0, strings) }, "chainStatus": chainStatus, "chainClass": chainClass,
                "filter": ["actor": filter.actor ?? ""],
                "actions": AuditAction.allCases.map {
                    ["value": $0.rawValue, "title": strings.lookup("audit.action.\($0.rawValue)") ?? $0.rawValue, "selected": $0.rawValue == filter.action]
                },
                "outcomes": AuditRecord.Outcome.allCases.map {
                    ["value": $0.rawValue, "title": strings("audit.outcome.\($0.rawValue)"), "selected": $0.rawValue == filter.outcome]
                },
            ]
            if let older { data["older"] = older }
            return services.renderer.page(
                "audit", title: strings("audit.title"), request: context, principal: context.principal, currentPath: "/audit", data: data)
        }
    }

    /// One entry as the table shows it. The action and the outcome are translated for reading;
    /// the action's stored code stays beside it, as `liaison audit verify` and the API show it.
    static func row(_ entry: AuditEntryModel, _ strings: Strings) -> [String: Any] {
        [
            "seq": entry.id ?? 0,
            "time": DisplayFormat.second(Date(timeIntervalSince1970: Double(entry.occurredAtMilliseconds) / 1000)),
            "actor": entry.actor, "action": entry.action, "actionTitle": strings.lookup("audit.action.\(entry.action)") ?? entry.action,
            "outcome": entry.outcome,
            "outcomeTitle": strings.lookup("audit.outcome.\(entry.outcome)") ?? entry.outcome,
            "target": [entry.targetType, entry.targetID.map { String($0.prefix(8)) }].compactMap { $0 }.joined(separator: " "),
            "detail": entry.detail ?? "", "hash": entry.hash, "shortHash": String(entry.hash.prefix(10)),
        ]
    }
}
