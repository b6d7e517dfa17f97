import Foundation
import Hummingbird
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore

/// The landing page: what each role should see first.
struct DashboardRoutes {
    let services: LiaisonServices

    func register(on routes: ProtectedRoutes) {
        routes.get("/dashboard", .viewDashboard) { _, context in
            let strings = services.renderer.strings(context)
            var tiles = try await tiles(for: context.principal, strings)
            let work = try await exchangeWork(for: context, strings)
            tiles.insert(contentsOf: work.tiles, at: 0)
            return services.renderer.page(
                "dashboard", title: strings("dashboard.title"), request: context, principal: context.principal, currentPath: "/dashboard",
                data: ["tiles": tiles, "today": DisplayFormat.day(services.clock()), "deadlines": work.deadlines, "hasDeadlines": !work.deadlines.isEmpty])
        }
    }

    /// Open requests with their deadlines, approvals and alerts waiting for this user. Only
    /// counts, states and deadlines: the dashboard shows no personal data.
    private func exchangeWork(for context: AuthenticatedContext, _ t: Strings) async throws -> (tiles: [[String: Any]], deadlines: [[String: Any]]) {
        let principal = context.principal, now = services.clock()
        var tiles: [[String: Any]] = []
        var deadlines: [[String: Any]] = []
        if principal.may(.answerRequests) {
            let open = try await services.exchange.openRequests(for: context.exchangeActor)
            tiles.append(["id": "inbox", "title": t("tile.inbox.title"), "value": String(open.count), "text": t("tile.inbox.text"), "href": "/inbox", "link": t("tile.inbox.link")])
            deadlines = open.prefix(10).map { row in
                [
                    "href": "/exchanges/\(row.id?.uuidString ?? "")", "label": "\(t("exchange.kind.exchange.request")) \(t("exchange.from")) \(row.counterpartState)",
                    "deadline": row.deadline.map(DisplayFormat.minute) ?? "", "overdue": row.deadline.map { $0 < now } ?? false,
                ]
            }
        }
        if principal.may(.approveExchanges) {
            let waiting = try await services.exchange.awaitingApproval(for: context.exchangeActor).count
            tiles.append(["id": "approvals", "title": t("tile.approvals.title"), "value": String(waiting), "text": t("tile.approvals.text"), "href": "/approvals", "link": t("tile.approvals.link")])
        }
        if principal.may(.viewAlerts) {
            let unseen = try await services.exchange.unacknowledgedAlerts(for: context.exchangeActor)
            tiles.append(["id": "alerts", "title": t("tile.alerts.title"), "value": String(unseen), "text": t("tile.alerts.text"), "href": "/alerts", "link": t("tile.alerts.link")])
        }
        return (tiles, deadlines)
    }

    private func tiles(for principal: Principal, _ t: Strings) async throws -> [[String: Any]] {
        var tiles: [[String: Any]] = []
        if principal.may(.manageUsers) {
            let (users, pending) = try await services.administration.userCounts()
            tiles.append([
                "id": "users", "title": t("tile.users.title"), "value": String(users),
                "text": pending == 0 ? t("tile.users.allEnrolled") : t.plural("tile.users.pending", count: pending),
                "href": "/admin/users", "link": t("tile.users.link"),
            ])
            let authorities = try await services.administration.authorityCount()
            tiles.append([
                "id": "authorities", "title": t("tile.authorities.title"), "value": String(authorities),
                "text": t("tile.authorities.text"), "href": "/admin/authorities", "link": t("tile.authorities.link"),
            ])
        }
        if principal.may(.viewAuditTrail) {
            let (last, failures) = try await services.administration.auditSummary(failedSignInsSince: services.clock().addingTimeInterval(-86400))
            tiles.append([
                "id": "audit", "title": t("tile.audit.title"), "value": String(last),
                "text": t.plural("tile.audit.failures", count: failures),
                "href": "/audit", "link": t("tile.audit.link"),
            ])
        }
        tiles.append([
            "id": "authority", "title": t("tile.authority.title"), "value": "",
            "text": t("tile.authority.text", ["authority": principal.authority.name, "kind": t("kind.\(principal.authority.kind.rawValue)")]),
        ])
        tiles.append([
            "id": "account", "title": t("tile.account.title"), "value": "",
            "text": t("tile.account.text"), "href": "/account", "link": t("tile.account.link"),
        ])
        return tiles
    }
}
