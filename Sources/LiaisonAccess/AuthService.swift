import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore
import NIOPosix
import SQLKit

/// Sign-in, sessions, enrolment and API tokens. Every decision that grants access is here,
/// with its audit entry, so the web pages and the API share one implementation.
public struct AuthService: Sendable {
    let database: LiaisonDatabase
    let audit: any AuditTrail
    let settings: AccessSettings
    let clock: @Sendable () -> Date
    let throttle = SignInThrottle()

    let passwords: any PasswordHashing
    private let decoy = DecoyHash()

    public init(
        database: LiaisonDatabase, audit: any AuditTrail, settings: AccessSettings, passwords: any PasswordHashing,
        clock: @escaping @Sendable () -> Date
    ) {
        self.database = database
        self.audit = audit
        self.settings = settings
        self.passwords = passwords
        self.clock = clock
    }

    /// What an unknown user name is checked against: a hash of the node's own cost, so that
    /// a wrong password takes as long for a user who does not exist as for one who does.
    var decoyHash: String {
        decoy.value { passwords.hash(Secrets.randomToken(), cost: settings.passwordHashCost) }
    }

    public struct SignedIn: Sendable {
        public let sessionToken: String
        public let user: UserModel
    }

    static let signInFailed = ServiceError(
        .unauthenticated, code: "auth.signInFailed", title: "Sign-in failed",
        detail: "The user name, password or one-time code is not correct. Each code is accepted once: after a sign-in, wait for the next code.")

    public static func locked(until: Date, now: Date) -> ServiceError {
        let minutes = max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
        return ServiceError(
            .tooManyRequests, code: "auth.locked", title: "Too many attempts",
            detail: "Sign-in is paused after repeated failures. Try again in \(minutes) minute\(minutes == 1 ? "" : "s").")
    }

    var db: any Database { database.database() }

    // MARK: Passwords

    func hashPassword(_ password: String) async throws -> String {
        let (cost, passwords) = (settings.passwordHashCost, passwords)
        return try await NIOThreadPool.singleton.runIfActive { passwords.hash(password, cost: cost) }
    }

    func verifyPassword(_ password: String, hash: String?) async throws -> Bool {
        // Unknown users still cost one bcrypt check, so timing does not reveal who exists.
        let target = hash ?? decoyHash
        let passwords = passwords
        let matches = try await NIOThreadPool.singleton.runIfActive { passwords.verify(password, against: target) }
        return matches && hash != nil
    }

    // MARK: Sign-in

    public func signIn(
        username rawUsername: String, password: String, code: String, clientAddress: String, requestID: String
    ) async throws -> SignedIn {
        let now = clock()
        let username = rawUsername.trimmingCharacters(in: .whitespaces).lowercased()
        let userKey = "user:\(username)"
        let addressKey = "ip:\(clientAddress)"
        for key in [userKey, addressKey] {
            if let until = try await throttle.lockedUntil(key, now: now, on: db) {
                try await audit.append(
                    AuditEvent(actor: username, action: .signInLocked, outcome: .denied, requestID: requestID), on: db)
                throw Self.locked(until: until, now: now)
            }
        }
        let user = try await UserModel.query(on: db).filter(\.$username == username).first()
        var failure: String?
        if try await !verifyPassword(password, hash: user?.passwordHash) {
            failure = "password"
        } else if let user, user.disabled {
            failure = "disabled"
        } else if let user, user.roles.requiresSecondFactor || user.totpConfirmed {
            if try await !checkSecondFactor(user: user, code: code, now: now, requestID: requestID) {
                failure = "second factor"
            }
        }
        guard let user, failure == nil else {
            try await audit.append(
                AuditEvent(actor: username, action: .signInFailed, outcome: .failure, detail: failure, requestID: requestID),
                on: db)
            let userLock = try await throttle.recordFailure(userKey, rule: SignInThrottle.perUser, now: now, on: db)
            let addressLock = try await throttle.recordFailure(addressKey, rule: SignInThrottle.perAddress, now: now, on: db)
            if let until = userLock ?? addressLock {
                try await audit.append(
                    AuditEvent(actor: username, action: .signInLocked, outcome: .denied, requestID: requestID), on: db)
                throw Self.locked(until: until, now: now)
            }
            throw Self.signInFailed
        }
        try await throttle.reset(userKey, on: db)
        let token = try await createSession(for: user, now: now)
        try await audit.append(
            AuditEvent(actor: user.username, action: .signIn, targetType: "user", targetID: user.id?.uuidString, requestID: requestID),
            on: db)
        return SignedIn(sessionToken: token, user: user)
    }

    /// A six-digit TOTP code (each time step once only) or an unused recovery code.
    func checkSecondFactor(user: UserModel, code rawCode: String, now: Date, requestID: String) async throws -> Bool {
        let code = rawCode.filter { !$0.isWhitespace }
        if code.count == 6, code.allSatisfy(\.isNumber) {
            guard user.totpConfirmed, let secret = user.totpSecret, let totp = TOTP(base32: secret), let userID = user.id,
                let step = totp.matchingStep(for: code, at: now), step > user.totpLastStep, let sql = db as? any SQLDatabase
            else { return false }
            // The step is taken in one statement that succeeds once: of several sign-ins
            // racing with the same code, one gets a row back.
            let taken = try await sql.raw(
                "UPDATE users SET totp_last_step = \(bind: step) WHERE id = \(bind: userID) AND totp_last_step < \(bind: step) RETURNING id"
            ).first()
            guard taken != nil else { return false }
            user.totpLastStep = step
            return true
        }
        let normalised = Secrets.normaliseRecoveryCode(code)
        guard normalised.count == 9, let userID = user.id else { return false }
        let digest = Secrets.digest(normalised)
        // Used up in the same statement that finds it, so a code signs in once, however many try.
        guard let sql = db as? any SQLDatabase,
            try await sql.raw(
                """
                UPDATE recovery_codes SET used_at = \(bind: now)
                WHERE user_id = \(bind: userID) AND code_hash = \(bind: digest) AND used_at IS NULL RETURNING id
                """
            ).first() != nil
        else { return false }
        try await audit.append(
            AuditEvent(actor: user.username, action: .recoveryCodeUsed, targetType: "user", targetID: userID.uuidString, requestID: requestID),
            on: db)
        return true
    }

    // MARK: Sessions

    func createSession(for user: UserModel, now: Date) async throws -> String {
        let token = Secrets.randomToken()
        let session = SessionModel(
            tokenHash: Secrets.digest(token), userID: try user.requireID(), csrfToken: Secrets.randomToken(),
            now: now, expiresAt: now.addingTimeInterval(settings.sessionAbsoluteTimeout))
        try await session.create(on: db)
        return token
    }

    /// The principal behind a session cookie, or nil when the session is unknown, idle too
    /// long, past its absolute end, or its user is disabled. `touch: false` reads the session
    /// without counting it as activity (a page's live stream must not keep it alive).
    public func principal(forSessionToken token: String, touch: Bool = true) async throws -> Principal? {
        let now = clock()
        guard let session = try await SessionModel.query(on: db).filter(\.$tokenHash == Secrets.digest(token)).first()
        else { return nil }
        if session.expiresAt <= now || now.timeIntervalSince(session.lastSeenAt) > settings.sessionIdleTimeout {
            try await session.delete(on: db)
            return nil
        }
        guard let (user, authority) = try await activeUser(session.$user.id) else { return nil }
        // Writing on every request would make reads write; a minute's precision suffices.
        if touch, now.timeIntervalSince(session.lastSeenAt) > 60 {
            session.lastSeenAt = now
            try await session.save(on: db)
        }
        return Principal(
            userID: session.$user.id, username: user.username, displayName: user.displayName, roles: user.roles,
            authority: authority.authority, credential: .session(id: try session.requireID(), csrfToken: session.csrfToken))
    }

    func activeUser(_ id: UUID) async throws -> (UserModel, AuthorityModel)? {
        guard let user = try await UserModel.query(on: db).filter(\.$id == id).with(\.$authority).first(),
            !user.disabled, user.isEnrolled
        else { return nil }
        return (user, user.authority)
    }

    public func signOut(sessionID: UUID, actor: String, requestID: String) async throws {
        try await SessionModel.query(on: db).filter(\.$id == sessionID).delete()
        try await audit.append(AuditEvent(actor: actor, action: .signOut, requestID: requestID), on: db)
    }

    public func signOutEverywhere(userID: UUID, actor: String, requestID: String) async throws {
        try await SessionModel.query(on: db).filter(\.$user.$id == userID).delete()
        try await audit.append(
            AuditEvent(actor: actor, action: .signOutEverywhere, targetType: "user", targetID: userID.uuidString, requestID: requestID),
            on: db)
    }
}
