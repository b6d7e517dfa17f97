import FluentKit
import Foundation
import LiaisonCore
import LiaisonStore

extension AuthService {
    /// An official changes their own password: the current one and a second factor first (a
    /// session left open is not enough), the same rules as at enrolment, every problem at once.
    /// Their other sessions end; the one they changed it from stays.
    public func changePassword(
        userID: UUID, keeping sessionID: UUID?, current: String, new password: String, confirmation: String, code: String, actor: String,
        requestID: String
    ) async throws {
        guard let (user, _) = try await activeUser(userID) else { throw ServiceError.notFound }
        let now = clock()
        var fields: [String: String] = [:]
        if !(try await verifyPassword(current, hash: user.passwordHash)) { fields["currentPassword"] = "This is not your current password." }
        let problems = PasswordRules.problems(in: password, username: user.username)
        if !problems.isEmpty { fields["newPassword"] = problems.joined(separator: " ") }
        if password == current, problems.isEmpty { fields["newPassword"] = "Choose a password other than the current one." }
        if password != confirmation { fields["confirmation"] = "The two passwords differ." }
        // The code is checked last, and only when all else holds: a code is accepted once.
        if fields.isEmpty, !(try await checkSecondFactor(user: user, code: code, now: now, requestID: requestID)) {
            fields["code"] = "The code does not match, or was used already. Enter the next code from your device, or a recovery code."
        }
        guard fields.isEmpty else {
            try await audit.append(
                AuditEvent(actor: actor, action: .passwordChanged, outcome: .denied, targetType: "user", targetID: userID.uuidString, requestID: requestID),
                on: db)
            throw ServiceError.invalid(fields.count == 1 ? "Correct the field marked below." : "Correct the \(fields.count) fields marked below.", fields: fields)
        }
        user.passwordHash = try await hashPassword(password)
        try await db.transaction { tx in
            try await user.save(on: tx)
            let others = SessionModel.query(on: tx).filter(\.$user.$id == userID)
            if let sessionID { try await others.filter(\.$id != sessionID).delete() } else { try await others.delete() }
            try await audit.append(
                AuditEvent(actor: actor, action: .passwordChanged, targetType: "user", targetID: userID.uuidString, requestID: requestID), on: tx)
        }
    }
}
