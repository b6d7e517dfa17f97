import FluentKit
import Foundation
import LiaisonCore
import LiaisonStore

/// The changes to access that take two administrators (`DualControl`): asked for by one,
/// approved or refused by another, and seen by the data protection officer.
extension Administration {
    /// A change, with the names of those involved, for the pages and the API.
    public struct AccessChange: Sendable {
        public let change: AccessChangeModel
        public let username: String
        public let requestedBy: String
        public let decidedBy: String?
        public let expired: Bool

        /// Waiting for a decision, and not expired.
        public var isOpen: Bool { change.state == .pending && !expired }
    }

    /// What the approving administrator gets for an enrolment: the code they hand to the user.
    public struct Approval: Sendable {
        public let change: AccessChangeModel
        public let approvalCode: String?
    }

    /// Asks for an enrolment (first or new credentials) of a user who holds, or is to hold,
    /// `roles`, one of which sees personal data. The user's present credentials and roles stay
    /// as they are until approval.
    func requestEnrolment(of user: UserModel, roles: Set<Role>, actorID: UUID, actor: String, requestID: String?) async throws -> Enrolment {
        let userID = try user.requireID()
        try check { () throws(PolicyError) in try DualControl.checkRequest(actorID: actorID.uuidString, targetID: userID.uuidString) }
        let token = Secrets.randomToken()
        let change = AccessChangeModel(
            kind: .enrolment, userID: userID, roles: roles, requestedBy: actorID, requestedAt: auth.clock(), linkHash: Secrets.digest(token))
        try await record(change, actor: actor, requestID: requestID)
        return Enrolment(link: auth.enrolmentLink(token), change: change)
    }

    /// Asks for roles that see personal data for a user; nothing changes until approval.
    func requestGrant(of user: UserModel, roles: Set<Role>, actorID: UUID, actor: String, requestID: String?) async throws -> AccessChangeModel {
        let userID = try user.requireID()
        try check { () throws(PolicyError) in try DualControl.checkRequest(actorID: actorID.uuidString, targetID: userID.uuidString) }
        let change = AccessChangeModel(kind: .grant, userID: userID, roles: roles, requestedBy: actorID, requestedAt: auth.clock())
        try await record(change, actor: actor, requestID: requestID)
        return change
    }

    private func record(_ change: AccessChangeModel, actor: String, requestID: String?) async throws {
        try await db.transaction { tx in
            // A newer request replaces one of the same kind still waiting for the same user.
            try await AccessChangeModel.query(on: tx).filter(\.$user.$id == change.$user.id).filter(\.$kind == change.kind)
                .filter(\.$state == .pending).set(\.$state, to: .withdrawn).set(\.$decidedAt, to: change.requestedAt).update()
            try await change.create(on: tx)
            try await audit.append(
                AuditEvent(
                    actor: actor, action: .accessChangeRequested, targetType: "user", targetID: change.$user.id.uuidString,
                    detail: "change=\(try change.requireID().uuidString) kind=\(change.kind.rawValue) roles=\(change.rolesText)", requestID: requestID),
                on: tx)
        }
    }

    /// Approves a waiting change: the grant is applied, or the enrolment opened with the link
    /// the first administrator holds and a code for the approving one to hand over.
    public func approve(changeID: UUID, approverID: UUID, actor: String, requestID: String?) async throws -> Approval {
        let (change, user) = try await pending(changeID)
        try check { () throws(PolicyError) in
            try DualControl.checkApproval(
                approverID: approverID.uuidString, requesterID: change.requestedBy.uuidString, targetID: change.$user.id.uuidString)
        }
        // Credentials one administrator handed over alone since the grant was asked for (a new
        // link for a user who then held no such role) would pass the grant to whoever holds them.
        if change.kind == .grant, user.credentialsIssuedBy != nil {
            throw ServiceError.conflict(
                PolicyError(
                    .credentialsChanged,
                    detail: "The user's credentials were handed over by one administrator since this was asked for; ask again, as an enrolment under dual control."))
        }
        let now = auth.clock()
        let code = change.kind == .enrolment ? Self.approvalCode() : nil
        try await db.transaction { tx in
            change.state = .approved
            change.decidedBy = approverID
            change.decidedAt = now
            try await change.save(on: tx)
            user.roles = change.roles
            switch change.kind {
            case .grant:
                try await user.save(on: tx)
            case .enrolment:
                try await auth.resetCredentials(
                    of: user, linkHash: change.linkHash ?? "", codeHash: code.map { Secrets.digest(Secrets.normaliseRecoveryCode($0)) }, issuedBy: nil,
                    on: tx)
            }
            try await audit.append(
                AuditEvent(
                    actor: actor, action: .accessChangeApproved, targetType: "user", targetID: change.$user.id.uuidString,
                    detail: "change=\(changeID.uuidString) kind=\(change.kind.rawValue) roles=\(change.rolesText)", requestID: requestID),
                on: tx)
        }
        return Approval(change: change, approvalCode: code)
    }

    /// Refuses a waiting change; the administrator who asked for it may withdraw it.
    public func refuse(changeID: UUID, actorID: UUID, actor: String, requestID: String?) async throws -> AccessChangeModel {
        let (change, _) = try await pending(changeID)
        try check { () throws(PolicyError) in try DualControl.checkDecision(deciderID: actorID.uuidString, targetID: change.$user.id.uuidString) }
        change.state = actorID == change.requestedBy ? .withdrawn : .refused
        change.decidedBy = actorID
        change.decidedAt = auth.clock()
        try await db.transaction { tx in
            try await change.save(on: tx)
            try await audit.append(
                AuditEvent(
                    actor: actor, action: .accessChangeRefused, targetType: "user", targetID: change.$user.id.uuidString,
                    detail: "change=\(changeID.uuidString) kind=\(change.kind.rawValue) state=\(change.state.rawValue)", requestID: requestID),
                on: tx)
        }
        return change
    }

    /// The latest changes, waiting ones first.
    public func accessChanges(limit: Int = 100) async throws -> [AccessChange] {
        let changes = try await AccessChangeModel.query(on: db).with(\.$user).sort(\.$requestedAt, .descending).limit(limit).all()
        return try await described(changes).sorted { $0.isOpen && !$1.isOpen }
    }

    /// One change as the pages and the API show it.
    public func accessChange(_ change: AccessChangeModel) async throws -> AccessChange {
        if change.$user.value == nil { try await change.$user.load(on: db) }
        return try await described([change])[0]
    }

    private func described(_ changes: [AccessChangeModel]) async throws -> [AccessChange] {
        let people = Set(changes.flatMap { [$0.requestedBy] + ($0.decidedBy.map { [$0] } ?? []) })
        var names: [UUID: String] = [:]
        for user in try await UserModel.query(on: db).filter(\.$id ~~ Array(people)).all() { names[try user.requireID()] = user.username }
        let now = auth.clock()
        return changes.map { change in
            AccessChange(
                change: change, username: change.user.username, requestedBy: names[change.requestedBy] ?? "—",
                decidedBy: change.decidedBy.map { names[$0] ?? "—" },
                expired: change.isExpired(now: now))
        }
    }

    /// Whether `token` is the link of an enrolment that waits for its second administrator.
    public func enrolmentAwaitsApproval(token: String) async throws -> Bool {
        try await AccessChangeModel.query(on: db).filter(\.$linkHash == Secrets.digest(token)).filter(\.$state == .pending).first()
            .map { !$0.isExpired(now: auth.clock()) } ?? false
    }

    /// The changes still waiting for `user`, for the user's page.
    public func pendingAccessChanges(for userID: UUID) async throws -> [AccessChangeModel] {
        try await AccessChangeModel.query(on: db).filter(\.$user.$id == userID).filter(\.$state == .pending).all()
    }

    private func pending(_ id: UUID) async throws -> (AccessChangeModel, UserModel) {
        guard let change = try await AccessChangeModel.query(on: db).filter(\.$id == id).with(\.$user).first() else { throw ServiceError.notFound }
        guard change.state == .pending, !change.isExpired(now: auth.clock()) else {
            throw ServiceError.conflict(PolicyError(.changeDecided, detail: "This change was already decided, withdrawn, or has expired."))
        }
        return (change, change.user)
    }

    /// Three groups like `7KQ4-MX2P-9TRA`: about 59 bits, on top of the link's 256.
    static func approvalCode() -> String {
        Secrets.recoveryCodes(count: 3).map { String($0.prefix(4)) }.joined(separator: "-")
    }

    func check(_ rule: () throws(PolicyError) -> Void) throws {
        do { try rule() } catch { throw ServiceError.conflict(error) }
    }
}
