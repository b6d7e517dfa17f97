import Foundation
import Hummingbird
import LiaisonAccess
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore

/// Users and authorities, for node administrators (read-only list for auditors and DPOs).
struct AdminRoutes {
    let services: LiaisonServices

    struct UserForm: Decodable {
        var username: String?
        var displayName: String?
        var authorityId: String?
        var roles: [String]?
        var enabled: String?
    }

    struct AuthorityForm: Decodable {
        var name: String?
        var kind: String?
    }

    struct Empty: Decodable {}

    func register(on routes: ProtectedRoutes) {
        let admin = services.administration
        routes.get("/admin/users", .viewUsers) { _, context in
            try await usersPage(context)
        }
        routes.get("/admin/users/new", .manageUsers) { _, context in
            try await userForm(context, user: nil)
        }
        routes.post("/admin/users", .manageUsers) { request, context in
            let form = try await services.form(UserForm.self, from: request, context: context)
            let roles = Set((form.roles ?? []).compactMap(Role.init(rawValue:)))
            let new = Administration.NewUser(
                username: form.username ?? "", displayName: form.displayName ?? "",
                authorityID: form.authorityId.flatMap(UUID.init(uuidString:)), roles: roles)
            do {
                let (user, enrolment) = try await admin.createUser(
                    new, actorID: context.principal.userID, actor: context.actor, requestID: context.requestID)
                return try await usersPage(
                    context, created: ["username": user.username, "link": enrolment.link, "awaitsApproval": enrolment.change != nil])
            } catch let presentable as any Presentable {
                let error = presentable.presented
                return try await userForm(context, user: nil, submitted: form, error: error)
            }
        }
        routes.get("/admin/users/{id}", .manageUsers) { _, context in
            let user = try await admin.user(try userID(context))
            return try await userForm(context, user: user)
        }
        routes.post("/admin/users/{id}", .manageUsers) { request, context in
            let id = try userID(context)
            let form = try await services.form(UserForm.self, from: request, context: context)
            let roles = Set((form.roles ?? []).compactMap(Role.init(rawValue:)))
            do {
                let update = try await admin.update(
                    userID: id, roles: roles, enabled: form.enabled == "on", actorID: context.principal.userID,
                    actor: context.actor, requestID: context.requestID)
                guard update.pending != nil else { return Response.redirect("/admin/users") }
                return try await userForm(context, user: update.user, enrolmentLink: update.link, requested: true)
            } catch let presentable as any Presentable {
                let error = presentable.presented
                return try await userForm(context, user: try await admin.user(id), error: error)
            }
        }
        routes.post("/admin/users/{id}/enrolment", .manageUsers) { request, context in
            _ = try await services.form(Empty.self, from: request, context: context)
            let enrolment = try await admin.reissueEnrolment(
                userID: try userID(context), actorID: context.principal.userID, actor: context.actor, requestID: context.requestID)
            return try await userForm(
                context, user: try await admin.user(try userID(context)), enrolmentLink: enrolment.link, requested: enrolment.change != nil)
        }
        routes.get("/admin/access-changes", .viewUsers) { _, context in
            try await accessChangesPage(context)
        }
        routes.post("/admin/access-changes/{id}/approve", .manageUsers) { request, context in
            _ = try await services.form(Empty.self, from: request, context: context)
            do {
                let approval = try await admin.approve(
                    changeID: try userID(context), approverID: context.principal.userID, actor: context.actor, requestID: context.requestID)
                let user = try await admin.user(approval.change.$user.id)
                return try await accessChangesPage(context, approved: approval.approvalCode.map { (user.username, $0) })
            } catch let presentable as any Presentable {
                return try await accessChangesPage(context, error: presentable.presented)
            }
        }
        routes.post("/admin/access-changes/{id}/refuse", .manageUsers) { request, context in
            _ = try await services.form(Empty.self, from: request, context: context)
            do {
                _ = try await admin.refuse(changeID: try userID(context), actorID: context.principal.userID, actor: context.actor, requestID: context.requestID)
                return Response.redirect("/admin/access-changes")
            } catch let presentable as any Presentable {
                return try await accessChangesPage(context, error: presentable.presented)
            }
        }
        routes.get("/admin/authorities", .manageAuthorities) { _, context in
            try await authoritiesPage(context)
        }
        routes.post("/admin/authorities", .manageAuthorities) { request, context in
            let form = try await services.form(AuthorityForm.self, from: request, context: context)
            do {
                _ = try await admin.createAuthority(
                    name: form.name ?? "", kind: form.kind.flatMap(AuthorityKind.init(rawValue:)), actor: context.actor,
                    requestID: context.requestID)
                return Response.redirect("/admin/authorities")
            } catch let presentable as any Presentable {
                let error = presentable.presented
                return try await authoritiesPage(context, submitted: form, error: error)
            }
        }
    }

    private func userID(_ context: AuthenticatedContext) throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require("id")) else { throw AppError.notFound }
        return id
    }

    private func usersPage(_ context: AuthenticatedContext, created: [String: Any]? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let users = try await services.administration.users().map { user -> [String: Any] in
            let state = user.disabled ? "disabled" : (user.isEnrolled ? "active" : "pending")
            return [
                "id": user.id?.uuidString ?? "", "username": user.username, "displayName": user.displayName,
                "authority": user.authority.name, "roles": strings.roles(user.roles),
                "state": strings("users.state.\(state)"), "stateClass": user.disabled ? "muted" : (user.isEnrolled ? "success" : "warn"),
            ]
        }
        var data: [String: Any] = ["users": users, "canManage": context.principal.may(.manageUsers)]
        if let created { data["created"] = created }
        return services.renderer.page(
            "users", title: strings("users.title"), request: context, principal: context.principal, currentPath: "/admin/users", data: data)
    }

    private func userForm(
        _ context: AuthenticatedContext, user: UserModel?, submitted: UserForm? = nil, error: AppError? = nil,
        enrolmentLink: String? = nil, requested: Bool = false
    ) async throws -> Response {
        let strings = services.renderer.strings(context)
        let authorities = try await services.administration.authorities()
        let selectedRoles = submitted.map { Set(($0.roles ?? []).compactMap(Role.init(rawValue:))) } ?? user?.roles ?? []
        var form: [String: Any] = [
            "username": submitted?.username ?? user?.username ?? "", "displayName": submitted?.displayName ?? user?.displayName ?? "",
        ]
        if let user {
            form["id"] = user.id?.uuidString ?? ""
            form["authority"] = user.authority.name
            form["enabled"] = !user.disabled
            form["enrolment"] = strings(user.isEnrolled ? "user.enrolment.completed" : "user.enrolment.pending")
            form["cleared"] = user.clearances.contains(services.administration.overviewMarking)
            form["marking"] = services.administration.overviewMarking
        }
        var data: [String: Any] = [
            "isNew": user == nil, "heading": user.map { strings("user.heading", ["username": $0.username]) } ?? strings("user.new.heading"),
            "action": user == nil ? "/admin/users" : "/admin/users/\(user!.id!.uuidString)",
            "submit": strings(user == nil ? "user.new.submit" : "user.submit"), "form": form,
            "authorities": authorities.map { authority -> [String: Any] in
                [
                    "id": authority.id?.uuidString ?? "", "name": authority.name, "kind": strings("kind.\(authority.authority.kind.rawValue)"),
                    "selected": authority.id?.uuidString == submitted?.authorityId,
                ]
            },
            "roles": Role.allCases.map { role -> [String: Any] in
                [
                    "value": role.rawValue, "title": strings("role.\(role.rawValue)"), "checked": selectedRoles.contains(role), "personalData": role.seesPersonalData,
                    "dualControl": role.needsDualControl,
                ]
            },
            "errors": error.map(strings.fields) ?? [:],
        ]
        if let error { data["failure"] = strings.detail(of: error) }
        if let enrolmentLink { data[requested ? "pendingLink" : "enrolmentLink"] = enrolmentLink }
        if let id = user?.id {
            let waiting = try await services.administration.pendingAccessChanges(for: id).filter { !$0.isExpired(now: services.clock()) }
            data["waiting"] = waiting.map { ["roles": strings.roles($0.roles), "kind": strings("access.kind.\($0.kind.rawValue)")] }
            data["requested"] = requested
        }
        return services.renderer.page(
            "user-form", title: data["heading"] as! String, request: context, principal: context.principal, currentPath: "/admin/users", data: data,
            status: error?.status ?? .ok)
    }

    /// The changes that take two administrators. Each administrator sees the buttons their part
    /// allows: approve what another asked for, refuse it, or withdraw their own request.
    private func accessChangesPage(_ context: AuthenticatedContext, approved: (username: String, code: String)? = nil, error: AppError? = nil) async throws
        -> Response
    {
        let strings = services.renderer.strings(context)
        let me = context.principal.userID
        let canDecide = context.principal.may(.manageUsers)
        let changes = try await services.administration.accessChanges().map { row -> [String: Any] in
            let change = row.change
            let state = row.expired ? "expired" : change.state.rawValue
            let mine = change.requestedBy == me
            let aboutMe = change.$user.id == me
            var line: [String: Any] = [
                "id": change.id?.uuidString ?? "", "username": row.username, "kind": strings("access.kind.\(change.kind.rawValue)"),
                "roles": strings.roles(change.roles), "requestedBy": row.requestedBy, "requestedAt": DisplayFormat.minute(change.requestedAt),
                "state": strings("access.state.\(state)"), "stateClass": row.isOpen ? "warn" : (change.state == .approved ? "success" : "muted"),
                "open": row.isOpen, "mayApprove": !mine && !aboutMe, "mayRefuse": !aboutMe,
                "refuseLabel": strings(mine ? "access.withdraw" : "access.refuse"),
            ]
            if let decidedBy = row.decidedBy, let decidedAt = change.decidedAt {
                line["decidedBy"] = decidedBy
                line["decidedAt"] = DisplayFormat.minute(decidedAt)
            }
            return line
        }
        var data: [String: Any] = ["changes": changes, "canDecide": canDecide]
        if let approved {
            data["approvalCode"] = approved.code
            data["approvedUser"] = approved.username
        }
        if let error { data["failure"] = strings.detail(of: error) }
        return services.renderer.page(
            "access-changes", title: strings("access.title"), request: context, principal: context.principal, currentPath: "/admin/access-changes",
            data: data, status: error?.status ?? .ok)
    }

    private func authoritiesPage(_ context: AuthenticatedContext, submitted: AuthorityForm? = nil, error: AppError? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let authorities = try await services.administration.authorities().map { authority -> [String: Any] in
            [
                "id": authority.id?.uuidString ?? "", "name": authority.name, "kind": strings("kind.\(authority.authority.kind.rawValue)"),
                "state": authority.stateCode, "stale": authority.isStale(at: services.clock()),
            ]
        }
        var data: [String: Any] = [
            "authorities": authorities, "form": ["name": submitted?.name ?? ""], "errors": error.map(strings.fields) ?? [:],
            "kinds": AuthorityKind.allCases.map { ["value": $0.rawValue, "title": strings("kind.\($0.rawValue)")] },
        ]
        if let error { data["failure"] = strings.detail(of: error) }
        return services.renderer.page(
            "authorities", title: strings("authorities.title"), request: context, principal: context.principal, currentPath: "/admin/authorities", data: data,
            status: error?.status ?? .ok)
    }
}
