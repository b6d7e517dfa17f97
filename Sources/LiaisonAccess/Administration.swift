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

    /// A one-time enrolment link for the administrator to hand over; with `change`, the link
    /// works only once a second administrator approves, with the code they then receive.
    public struct Enrolment: Sendable {
        public let link: String
        public let change: AccessChangeModel?
    }

    /// Creates the user and returns their enrolment. `actorID` is the administrator (nil for
    /// the node's console); a user with a role that sees personal data, or an administrator, is
    /// enrolled under dual control.
    public func createUser(_ new: NewUser, actorID: UUID?, actor: String, requestID: String?) async throws -> (UserModel, Enrolment) {
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
        return (user, try await enrol(user, roles: new.roles, actorID: actorID, actor: actor, requestID: requestID))
    }

    /// New credentials for a user (a lost authenticator or password): under dual control when
    /// the user holds a role that sees personal data, or administers; never for oneself.
    public func reissueEnrolment(userID: UUID, actorID: UUID, actor: String, requestID: String?) async throws -> Enrolment {
        try check { () throws(PolicyError) in try DualControl.checkRequest(actorID: actorID.uuidString, targetID: userID.uuidString) }
        let user = try await self.user(userID)
        return try await enrol(user, roles: user.roles, actorID: actorID, actor: actor, requestID: requestID)
    }

    private func enrol(_ user: UserModel, roles: Set<Role>, actorID: UUID?, actor: String, requestID: String?) async throws -> Enrolment {
        if let actorID, roles.contains(where: \.needsDualControl) {
            return try await requestEnrolment(of: user, roles: roles, actorID: actorID, actor: actor, requestID: requestID)
        }
        return Enrolment(link: try await auth.issueEnrolment(for: user, issuedBy: actorID, actor: actor, requestID: requestID), change: nil)
    }

    /// What an update did: the user as they are now, and, when the new roles see personal
    /// data, the change that waits for a second administrator (with the link to hand over when
    /// the user must enrol again under dual control).
    public struct Update: Sendable {
        public let user: UserModel
        public let pending: AccessChangeModel?
        public let link: String?
    }

    public func update(userID: UUID, roles: Set<Role>, enabled: Bool, actorID: UUID, actor: String, requestID: String?) async throws -> Update {
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
        var pending: AccessChangeModel?
        var link: String?
        if !DualControl.rolesNeedingApproval(addedFrom: oldRoles, to: roles).isEmpty {
            // Credentials one administrator handed over alone are replaced under dual control.
            if user.credentialsIssuedBy == nil {
                pending = try await requestGrant(of: user, roles: roles, actorID: actorID, actor: actor, requestID: requestID)
            } else {
                let enrolment = try await requestEnrolment(of: user, roles: roles, actorID: actorID, actor: actor, requestID: requestID)
                (pending, link) = (enrolment.change, enrolment.link)
            }
        } else {
            user.roles = roles
        }
        user.disabled = !enabled
        try await user.save(on: db)
        if oldRoles != user.roles {
            try await audit.append(
                AuditEvent(
                    actor: actor, action: .userRolesChanged, targetType: "user", targetID: userID.uuidString,
                    detail: "from=\(Role.storageForm(oldRoles)) to=\(Role.storageForm(user.roles))", requestID: requestID),
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
        return Update(user: user, pending: pending, link: link)
    }
}
