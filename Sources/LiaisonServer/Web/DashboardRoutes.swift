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
            let tiles = try await tiles(for: context.principal)
            return services.renderer.page(
                "dashboard", title: "Dashboard", principal: context.principal, currentPath: "/dashboard",
                data: ["tiles": tiles, "today": DisplayFormat.day(services.clock())])
        }
    }

    private func tiles(for principal: Principal) async throws -> [[String: Any]] {
        var tiles: [[String: Any]] = []
        let db = services.db
        if principal.may(.manageUsers) {
            let users = try await UserModel.query(on: db).all()
            let pending = users.filter { !$0.isEnrolled && !$0.disabled }.count
            tiles.append([
                "id": "users", "title": "Users", "value": String(users.count),
                "text": pending == 0 ? "Everyone has completed enrolment." : "\(pending) waiting to complete enrolment.",
                "href": "/admin/users", "link": "Manage users",
            ])
            let authorities = try await AuthorityModel.query(on: db).count()
            tiles.append([
                "id": "authorities", "title": "Authorities", "value": String(authorities),
                "text": "Authorities of this node and their kind.", "href": "/admin/authorities", "link": "Manage authorities",
            ])
        }
        if principal.may(.viewAuditTrail) {
            let last = try await AuditEntryModel.query(on: db).sort(\.$id, .descending).first()
            let failures = try await AuditEntryModel.query(on: db)
                .filter(\.$action == AuditAction.signInFailed.rawValue)
                .filter(\.$occurredAtMilliseconds >= Int64((services.clock().timeIntervalSince1970 - 86400) * 1000)).count()
            tiles.append([
                "id": "audit", "title": "Audit trail", "value": String(last?.id ?? 0),
                "text": "entries; \(failures) failed sign-in\(failures == 1 ? "" : "s") in the last 24 hours.",
                "href": "/audit", "link": "Open the audit trail",
            ])
        }
        tiles.append([
            "id": "authority", "title": "Your authority", "value": "",
            "text": "\(principal.authority.name) — \(AuthorityKind(rawValue: principal.authority.kind.rawValue)?.title ?? "")",
        ])
        tiles.append([
            "id": "account", "title": "Your account", "value": "",
            "text": "API tokens, and signing out on every device.", "href": "/account", "link": "Open my account",
        ])
        return tiles
    }
}
