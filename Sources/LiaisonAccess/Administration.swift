import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

/// Users and authorities of this node. Callers have already been authorised for the
/// action; the rules about what a change may do (keep an administrator) are in Core.
public struct Administration: Sendable {
    let database: LiaisonDatabase
    let audit: any AuditTrail
    let auth: AuthService
    let settings: AccessSettings
    /// Told about directory changes, so that the other nodes' copies follow.
    let federation: FederationNode?

    public init(database: LiaisonDatabase, audit: any AuditTrail, auth: AuthService, settings: AccessSettings, federation: FederationNode?) {
        self.database = database
        self.audit = audit
        self.auth = auth
        self.settings = settings
        self.federation = federation
    }

    var db: any Database { database.database() }

    public struct NewUser: Sendable {
        public var username: String
        public var displayName: String
        public var authorityID: UUID?
        public var roles: Set<Role>

        public init(username: String, displayName: String, authorityID: UUID?, roles: Set<Role>) {
            self.username = username
            self.displayName = displayName
            self.authorityID = authorityID
            self.roles = roles
        }
    }

    public func authorities() async throws -> [AuthorityModel] {
        try await AuthorityModel.query(on: db).sort(\.$name).all()
    }

    public func users() async throws -> [UserModel] {
        try await UserModel.query(on: db).with(\.$authority).sort(\.$username).all()
    }

    public func user(_ id: UUID) async throws -> UserModel {
        guard let user = try await UserModel.query(on: db).filter(\.$id == id).with(\.$authority).first() else {
            throw ServiceError.notFound
        }
        return user
    }

    public func createAuthority(name: String, kind: AuthorityKind?, actor: String, requestID: String?) async throws -> AuthorityModel {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        var fields: [String: String] = [:]
        if !(2...160).contains(trimmed.count) { fields["name"] = "2 to 160 characters." }
        if !DisplayText.isPlain(trimmed) { fields["name"] = DisplayText.problem }
        if kind == nil { fields["kind"] = "Choose a kind." }
        guard fields.isEmpty, let kind else { throw ServiceError.invalid("The authority could not be created.", fields: fields) }
        if try await AuthorityModel.query(on: db).filter(\.$name == trimmed).first() != nil {
            throw ServiceError.invalid("An authority with this name exists.", fields: ["name": "Already exists."])
        }
        let authority = AuthorityModel(name: trimmed, kind: kind, stateCode: settings.stateCode)
        try await authority.create(on: db)
        try await audit.append(
            AuditEvent(actor: actor, action: .authorityCreated, targetType: "authority", targetID: authority.id?.uuidString, requestID: requestID),
            on: db)
        try await federation?.publishDirectory(on: db)
        return authority
    }

    /// Creates the user and returns their one-time enrolment link.
    public func createUser(_ new: NewUser, actor: String, requestID: String?) async throws -> (UserModel, String) {
        let username = new.username.trimmingCharacters(in: .whitespaces).lowercased()
        let displayName = new.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        var fields: [String: String] = [:]
        if let problem = Username.validate(username) { fields["username"] = problem }
        if !(1...120).contains(displayName.count) { fields["displayName"] = "1 to 120 characters." }
        if !DisplayText.isPlain(displayName) { fields["displayName"] = DisplayText.problem }
        if new.roles.isEmpty { fields["roles"] = "Choose at least one role." }
        var authority: AuthorityModel?
        if let id = new.authorityID { authority = try await AuthorityModel.find(id, on: db) }
        if authority == nil { fields["authorityId"] = "Choose an authority of this node." }
        if fields["username"] == nil, try await UserModel.query(on: db).filter(\.$username == username).first() != nil {
            fields["username"] = "This user name is taken."
        }
        guard fields.isEmpty, let authority else { throw ServiceError.invalid("The user could not be created.", fields: fields) }
        let user = UserModel(username: username, displayName: displayName, authorityID: try authority.requireID(), roles: new.roles)
        try await user.create(on: db)
        user.$authority.value = authority
        try await audit.append(
            AuditEvent(
                actor: actor, action: .userCreated, targetType: "user", targetID: user.id?.uuidString,
                detail: "roles=\(Role.storageForm(new.roles))", requestID: requestID),
            on: db)
        let link = try await auth.issueEnrolment(for: user, actor: actor, requestID: requestID)
        return (user, link)
    }

    public func update(userID: UUID, roles: Set<Role>, enabled: Bool, actorID: UUID, actor: String, requestID: String?) async throws -> UserModel {
        let user = try await self.user(userID)
        if roles.isEmpty { throw ServiceError.invalid("Choose at least one role.", fields: ["roles": "Choose at least one role."]) }
        // Roles are stored as one text column, so the count is made here, without the authorities.
        let otherAdministrators = try await UserModel.query(on: db).filter(\.$id != userID).filter(\.$disabled == false).all()
            .filter { $0.roles.contains(.nodeAdministrator) }.count
        do {
            try AccessPolicy.checkRoleChange(
                actorID: actorID.uuidString, targetID: userID.uuidString, newRoles: roles, targetEnabled: enabled,
                remainingOtherAdministrators: otherAdministrators)
        } catch {
            throw ServiceError.conflict(error)
        }
        let oldRoles = user.roles
        let wasEnabled = !user.disabled
        user.roles = roles
        user.disabled = !enabled
        try await user.save(on: db)
        if oldRoles != roles {
            try await audit.append(
                AuditEvent(
                    actor: actor, action: .userRolesChanged, targetType: "user", targetID: userID.uuidString,
                    detail: "from=\(Role.storageForm(oldRoles)) to=\(Role.storageForm(roles))", requestID: requestID),
                on: db)
        }
        if wasEnabled != enabled {
            if !enabled {
                // Everything the user held ends with the disabling: enabling them again gives
                // back the account, not the sessions or API tokens someone may have kept.
                try await SessionModel.query(on: db).filter(\.$user.$id == userID).delete()
                try await APITokenModel.query(on: db).filter(\.$user.$id == userID).filter(\.$revokedAt == nil)
                    .set(\.$revokedAt, to: auth.clock()).update()
            }
            try await audit.append(
                AuditEvent(actor: actor, action: enabled ? .userEnabled : .userDisabled, targetType: "user", targetID: userID.uuidString, requestID: requestID),
                on: db)
        }
        return user
    }
}
