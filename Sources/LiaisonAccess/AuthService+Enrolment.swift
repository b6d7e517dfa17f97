import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

/// Enrolment: a one-time link lets a new user (or one whose factors were reset) choose a
/// password and register an authenticator. The link's token is stored only as a digest.
extension AuthService {
    public static let enrolmentLifetime: TimeInterval = 72 * 3600

    /// Issues a fresh link, invalidating any earlier one and the user's sessions. `issuedBy` is
    /// the administrator who alone hands it over (nil for the node's console).
    public func issueEnrolment(for user: UserModel, issuedBy: UUID?, actor: String, requestID: String?) async throws -> String {
        let token = Secrets.randomToken()
        try await db.transaction { tx in
            try await resetCredentials(of: user, linkHash: Secrets.digest(token), codeHash: nil, issuedBy: issuedBy, on: tx)
        }
        try await audit.append(
            AuditEvent(actor: actor, action: .enrolmentIssued, targetType: "user", targetID: try user.requireID().uuidString, requestID: requestID),
            on: db)
        return enrolmentLink(token)
    }

    func enrolmentLink(_ token: String) -> String { "\(settings.publicURL)/enrol/\(token)" }

    /// Ends the user's credentials and opens an enrolment with the link whose digest is
    /// `linkHash`, and, under dual control, the approval code whose digest is `codeHash`.
    func resetCredentials(of user: UserModel, linkHash: String, codeHash: String?, issuedBy: UUID?, on tx: any Database) async throws {
        user.enrolmentTokenHash = linkHash
        user.enrolmentCodeHash = codeHash
        user.enrolmentExpiresAt = clock().addingTimeInterval(Self.enrolmentLifetime)
        user.credentialsIssuedBy = issuedBy
        user.passwordHash = nil
        user.totpSecret = TOTP.generate().base32Secret
        user.totpConfirmed = false
        user.totpLastStep = 0
        let userID = try user.requireID()
        try await user.save(on: tx)
        try await SessionModel.query(on: tx).filter(\.$user.$id == userID).delete()
        try await RecoveryCodeModel.query(on: tx).filter(\.$user.$id == userID).delete()
        try await APITokenModel.query(on: tx).filter(\.$user.$id == userID).delete()
    }

    /// The user a link belongs to, if the link is valid now.
    public func pendingEnrolment(token: String) async throws -> UserModel? {
        guard
            let user = try await UserModel.query(on: db).filter(\.$enrolmentTokenHash == Secrets.digest(token))
                .with(\.$authority).first(),
            let expires = user.enrolmentExpiresAt, expires > clock(), !user.disabled
        else { return nil }
        return user
    }

    public struct Enrolled: Sendable {
        public let session: SignedIn
        public let recoveryCodes: [String]
    }

    public func completeEnrolment(
        token: String, password: String, confirmation: String, code: String, approvalCode: String? = nil, requestID: String
    ) async throws -> Enrolled {
        guard let user = try await pendingEnrolment(token: token) else {
            throw ServiceError(
                .gone, code: "auth.enrolmentInvalid", title: "Link not valid",
                detail: "This enrolment link has expired or was already used. Ask your node administrator for a new one.")
        }
        var fields: [String: String] = [:]
        if let expected = user.enrolmentCodeHash,
            !Secrets.constantTimeEquals(Secrets.digest(Secrets.normaliseRecoveryCode(approvalCode ?? "")), expected)
        {
            fields["approvalCode"] = "Enter the approval code the second administrator gave you."
        }
        let problems = PasswordRules.problems(in: password, username: user.username)
        if !problems.isEmpty { fields["password"] = problems.joined(separator: " ") }
        if password != confirmation { fields["confirmation"] = "The two passwords differ." }
        let now = clock()
        guard let secret = user.totpSecret, let totp = TOTP(base32: secret) else { throw ServiceError.notFound }
        let step = totp.matchingStep(for: code.filter { !$0.isWhitespace }, at: now)
        if step == nil { fields["code"] = "The code does not match. Check the time on your device and enter the current code." }
        guard fields.isEmpty, let step else { throw ServiceError.invalid("Enrolment could not be completed.", fields: fields) }

        let codes = Secrets.recoveryCodes()
        let passwordHash = try await hashPassword(password)
        let userID = try user.requireID()
        user.passwordHash = passwordHash
        user.totpConfirmed = true
        user.totpLastStep = step
        user.enrolmentTokenHash = nil
        user.enrolmentCodeHash = nil
        user.enrolmentExpiresAt = nil
        try await db.transaction { tx in
            try await user.save(on: tx)
            for code in codes {
                try await RecoveryCodeModel(userID: userID, codeHash: Secrets.digest(Secrets.normaliseRecoveryCode(code))).create(on: tx)
            }
        }
        try await audit.append(
            AuditEvent(actor: user.username, action: .enrolmentCompleted, targetType: "user", targetID: userID.uuidString, requestID: requestID),
            on: db)
        let sessionToken = try await createSession(for: user, now: now)
        return Enrolled(session: SignedIn(sessionToken: sessionToken, user: user), recoveryCodes: codes)
    }

    /// Sets credentials directly, without a link: used by `liaison demo` and by tests,
    /// never by a route.
    public func setCredentials(for user: UserModel, password: String, totp: TOTP) async throws -> [String] {
        user.passwordHash = try await hashPassword(password)
        user.totpSecret = totp.base32Secret
        user.totpConfirmed = true
        user.enrolmentTokenHash = nil
        user.enrolmentExpiresAt = nil
        try await user.save(on: db)
        let codes = Secrets.recoveryCodes()
        for code in codes {
            try await RecoveryCodeModel(userID: try user.requireID(), codeHash: Secrets.digest(Secrets.normaliseRecoveryCode(code))).create(on: db)
        }
        return codes
    }
}
