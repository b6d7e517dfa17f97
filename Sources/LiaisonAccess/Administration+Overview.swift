import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

/// Counts and lists the administration pages show, read here rather than in a route.
extension Administration {
    /// All users, and those still to enrol (enabled, not yet enrolled).
    public func userCounts() async throws -> (total: Int, pendingEnrolment: Int) {
        let users = try await UserModel.query(on: db).all()
        return (users.count, users.filter { !$0.isEnrolled && !$0.disabled }.count)
    }

    public func authorityCount() async throws -> Int {
        try await AuthorityModel.query(on: db).count()
    }

    /// The audit trail's last sequence number and the failed sign-ins since `since`.
    public func auditSummary(failedSignInsSince since: Date) async throws -> (lastSequence: Int64, failedSignIns: Int) {
        let last = try await AuditEntryModel.query(on: db).sort(\.$id, .descending).first()
        guard let first = try await audit.firstSequence(atOrAfter: since, on: db) else { return (last?.id ?? 0, 0) }
        let failures = try await AuditEntryModel.query(on: db)
            .filter(\.$id >= first).filter(\.$action == AuditAction.signInFailed.rawValue).count()
        return (last?.id ?? 0, failures)
    }

    /// This node's authorities by name, and the read-only copies of every other node's.
    public func directory() async throws -> (own: [AuthorityModel], copies: [DirectoryCopyModel]) {
        (try await AuthorityModel.query(on: db).sort(\.$name).all(), try await DirectoryCopyModel.query(on: db).sort(\.$nodeID).all())
    }
}
