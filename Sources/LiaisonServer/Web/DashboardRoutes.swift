import FluentKit
import Foundation
import Hummingbird
import LiaisonCore
import LiaisonStore

/// The landing page: what each role should see first.
struct DashboardRoutes {
    let services: LiaisonServices

    func register(on routes: ProtectedRoutes) {
        routes.get("/dashboard", .viewDashboard) { _, context in
            let strings = services.renderer.strings(context)
            let tiles = try await tiles(for: context.principal, strings)
            return services.renderer.page(
                "dashboard", title: strings("dashboard.title"), request: context, principal: context.principal, currentPath: "/dashboard",
                data: ["tiles": tiles, "today": DisplayFormat.day(services.clock())])
        }
    }

    private func tiles(for principal: Principal, _ t: Strings) async throws -> [[String: Any]] {
        var tiles: [[String: Any]] = []
        let db = services.db
        if principal.may(.manageUsers) {
            let users = try await UserModel.query(on: db).all()
            let pending = users.filter { !$0.isEnrolled && !$0.disabled }.count
            tiles.append([
                "id": "users", "title": t("tile.users.title"), "value": String(users.count),
                "text": pending == 0 ? t("tile.users.allEnrolled") : t.plural("tile.users.pending", count: pending),
                "href": "/admin/users", "link": t("tile.users.link"),
            ])
            let authorities = try await AuthorityModel.query(on: db).count()
            tiles.append([
                "id": "authorities", "title": t("tile.authorities.title"), "value": String(authorities),
                "text": t("tile.authorities.text"), "href": "/admin/authorities", "link": t("tile.authorities.link"),
            ])
        }
        if principal.may(.viewAuditTrail) {
            let last = try await AuditEntryModel.query(on: db).sort(\.$id, .descending).first()
            let failures = try await AuditEntryModel.query(on: db)
                .filter(\.$action == AuditAction.signInFailed.rawValue)
                .filter(\.$occurredAtMilliseconds >= Int64((services.clock().timeIntervalSince1970 - 86400) * 1000)).count()
            tiles.append([
                "id": "audit", "title": t("tile.audit.title"), "value": String(last?.id ?? 0),
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
