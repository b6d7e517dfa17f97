import Foundation
import HTTPTypes
import Hummingbird
import LiaisonAPI
import LiaisonAccess
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore

/// The JSON API under `/api/v1`, described by openapi.yaml.
struct APIRoutes {
    let services: LiaisonServices

    func register(on routes: ProtectedRoutes) {
        let admin = services.administration
        routes.get("/me", .viewDashboard) { _, context in
            let p = context.principal
            return try json(
                API.Me(
                    id: p.userID.uuidString, username: p.username, displayName: p.displayName, roles: try Self.roles(p.roles),
                    authority: API.Authority(id: p.authority.id, name: p.authority.name, kind: try documented(p.authority.kind.rawValue), state: p.authority.stateCode),
                    node: services.configuration.stateCode))
        }
        routes.get("/states", .viewDirectory) { _, _ in
            try json(
                try ParticipatingState.all.map {
                    API.State(code: $0.code, icaoCode: $0.icaoCode, name: $0.name, membership: try documented($0.membership.rawValue))
                })
        }
        routes.get("/authorities", .viewDirectory) { _, _ in
            try json(try await admin.authorities().map(Self.authority))
        }
        routes.post("/authorities", .manageAuthorities) { request, context in
            let body = try await services.json(API.CreateAuthority.self, from: request, context: context)
            let created = try await admin.createAuthority(
                name: body.name, kind: AuthorityKind(rawValue: body.kind.rawValue), actor: context.actor, requestID: context.requestID)
            return try json(try Self.authority(created), status: .created)
        }
        routes.get("/users", .viewUsers) { _, _ in
            try json(try await admin.users().map(Self.user))
        }
        routes.post("/users", .manageUsers) { request, context in
            let body = try await services.json(API.CreateUser.self, from: request, context: context)
            let roles = try Self.roles(body.roles)
            let (user, enrolment) = try await admin.createUser(
                .init(username: body.username, displayName: body.displayName, authorityID: UUID(uuidString: body.authorityId), roles: roles),
                actorID: context.principal.userID, actor: context.actor, requestID: context.requestID)
            let approval = try await Self.accessChange(enrolment.change, admin)
            return try json(API.CreatedUser(user: try Self.user(user), enrolmentLink: enrolment.link, approval: approval), status: .created)
        }
        routes.get("/users/{id}", .viewUsers) { _, context in
            try json(try Self.user(try await admin.user(try Self.id(context))))
        }
        routes.on(.patch, "/users/{id}", .manageUsers) { request, context in
            let id = try Self.id(context)
            let body = try await services.json(API.UpdateUser.self, from: request, context: context)
            let current = try await admin.user(id)
            let roles = try body.roles.map(Self.roles) ?? current.roles
            let updated = try await admin.update(
                userID: id, roles: roles, enabled: body.enabled ?? !current.disabled, actorID: context.principal.userID,
                actor: context.actor, requestID: context.requestID)
            guard let pending = updated.pending else { return try json(try Self.user(updated.user)) }
            return try json(
                API.PendingAccessChange(
                    user: try Self.user(updated.user), approval: try Self.accessChange(try await admin.accessChange(pending)), enrolmentLink: updated.link),
                status: .accepted)
        }
        routes.post("/users/{id}/enrolment", .manageUsers) { _, context in
            let enrolment = try await admin.reissueEnrolment(
                userID: try Self.id(context), actorID: context.principal.userID, actor: context.actor, requestID: context.requestID)
            let approval = try await Self.accessChange(enrolment.change, admin)
            return try json(API.Enrolment(enrolmentLink: enrolment.link, approval: approval), status: .created)
        }
        routes.get("/access-changes", .viewUsers) { _, _ in
            try json(try await admin.accessChanges().map { try Self.accessChange($0) })
        }
        routes.post("/access-changes/{id}/approve", .manageUsers) { _, context in
            let approval = try await admin.approve(
                changeID: try Self.id(context), approverID: context.principal.userID, actor: context.actor, requestID: context.requestID)
            return try json(
                API.AccessApproval(approval: try Self.accessChange(try await admin.accessChange(approval.change)), approvalCode: approval.approvalCode))
        }
        routes.post("/access-changes/{id}/refuse", .manageUsers) { _, context in
            let change = try await admin.refuse(changeID: try Self.id(context), actorID: context.principal.userID, actor: context.actor, requestID: context.requestID)
            return try json(try Self.accessChange(try await admin.accessChange(change)))
        }
        routes.get("/audit", .viewAuditTrail) { request, _ in
            let query = request.uri.queryParameters
            let limit = query["limit"].flatMap { Int(String($0)) } ?? 100
            guard (1...500).contains(limit) else { throw AppError.invalid("limit must be 1 to 500.", fields: ["limit": "1 to 500"]) }
            let filter = AuditFilter(
                actor: query["actor"].map(String.init), action: query["action"].map(String.init),
                outcome: query["outcome"].map(String.init), beforeSequence: query["before"].flatMap { Int64(String($0)) }, limit: limit)
            return try json(try await services.audit.entries(filter, on: services.db).map(Self.auditEntry))
        }
        routes.get("/audit/verify", .viewAuditTrail) { _, _ in
            switch try await services.audit.verify(on: services.db) {
            case .intact(let entries, let head): return try json(API.AuditVerification(intact: true, entries: Int(entries), headHash: head))
            case .broken(let sequence, let problem): return try json(API.AuditVerification(intact: false, brokenAt: Int(sequence), problem: problem))
            }
        }
        routes.get("/tokens", .manageOwnAccount) { _, context in
            try json(try await services.auth.tokens(of: context.principal.userID).map(Self.token))
        }
        routes.post("/tokens", .manageOwnAccount) { request, context in
            let body = try await services.json(API.CreateToken.self, from: request, context: context)
            let issued = try await services.auth.issueToken(
                userID: context.principal.userID, actor: context.actor, name: body.name, lifetimeDays: body.lifetimeDays,
                requestID: context.requestID)
            return try json(API.CreatedToken(token: issued.token, details: Self.token(issued.model)), status: .created)
        }
        routes.on(.delete, "/tokens/{id}", .manageOwnAccount) { _, context in
            try await services.auth.revokeToken(id: try Self.id(context), of: context.principal.userID, actor: context.actor, requestID: context.requestID)
            return Response(status: .noContent)
        }
    }

    static func id(_ context: AuthenticatedContext, _ parameter: String = "id") throws -> UUID {
        guard let id = UUID(uuidString: try context.parameters.require(parameter)) else { throw AppError.notFound }
        return id
    }

    static func roles(_ roles: [API.Role]) throws -> Set<Role> {
        var domain = Set<Role>()
        for role in roles {
            guard let known = Role(rawValue: role.rawValue) else {
                throw AppError.invalid("Unknown role “\(role.rawValue)”.", fields: ["roles": Role.allCases.map(\.rawValue).joined(separator: ", ")])
            }
            domain.insert(known)
        }
        return domain
    }

    static func roles(_ roles: Set<Role>) throws -> [API.Role] {
        try roles.sorted().map { try documented($0.rawValue) }
    }

    static func authority(_ model: AuthorityModel) throws -> API.Authority {
        API.Authority(id: model.id?.uuidString ?? "", name: model.name, kind: try documented(model.kind), state: model.stateCode)
    }

    static func user(_ model: UserModel) throws -> API.User {
        API.User(
            id: model.id?.uuidString ?? "", username: model.username, displayName: model.displayName,
            authorityId: model.$authority.id.uuidString, roles: try roles(model.roles), enabled: !model.disabled, enrolled: model.isEnrolled)
    }

    static func accessChange(_ change: AccessChangeModel?, _ admin: Administration) async throws -> API.AccessChange? {
        guard let change else { return nil }
        return try accessChange(try await admin.accessChange(change))
    }

    static func accessChange(_ view: Administration.AccessChange) throws -> API.AccessChange {
        let change = view.change
        return API.AccessChange(
            id: change.id?.uuidString ?? "", kind: try documented(change.kind.rawValue), username: view.username, roles: try roles(change.roles),
            state: try documented(view.expired ? "expired" : change.state.rawValue), requestedBy: view.requestedBy, requestedAt: change.requestedAt,
            decidedBy: view.decidedBy, decidedAt: change.decidedAt)
    }

    static func token(_ model: APITokenModel) -> API.Token {
        API.Token(
            id: model.id?.uuidString ?? "", name: model.name, prefix: model.prefix, createdAt: model.createdAt,
            expiresAt: model.expiresAt, revokedAt: model.revokedAt, lastUsedAt: model.lastUsedAt)
    }

    static func auditEntry(_ model: AuditEntryModel) throws -> API.AuditEntry {
        API.AuditEntry(
            sequence: Int(model.id ?? 0), occurredAt: Date(timeIntervalSince1970: Double(model.occurredAtMilliseconds) / 1000),
            actor: model.actor, action: model.action, outcome: try documented(model.outcome), targetType: model.targetType,
            targetId: model.targetID, reason: model.reason, detail: model.detail, requestId: model.requestID,
            previousHash: model.previousHash, hash: model.hash)
    }
}

func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let encoder = JSONEncoder()
    encoder.dateEncodingStrategy = .iso8601
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(value)
    // The charset is named so that no client guesses it: a guess from bytes (a C1 control next
    // to a backslash read as Shift_JIS) once made a valid answer unreadable to one.
    return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
