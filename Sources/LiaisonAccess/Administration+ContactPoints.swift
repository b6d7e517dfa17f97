import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

/// The directory's contact points (PRODUCT.md section B): edited by this node's administrators,
/// confirmed again on a cycle, published to every node; and the clearance for the classified
/// overview of contact points and national arrangements.
extension Administration {
    public var reconfirmationMonths: Int { settings.reconfirmationMonths }
    public var overviewMarking: String { settings.overviewMarking }

    public func authority(_ id: UUID) async throws -> AuthorityModel {
        guard let authority = try await AuthorityModel.find(id, on: db) else { throw ServiceError.notFound }
        return authority
    }

    /// Sets an authority's contact details; setting them confirms the entry.
    public func setContact(_ id: UUID, to contact: ContactDetails, actor: String, requestID: String?) async throws -> AuthorityModel {
        try contact.check()
        let authority = try await authority(id)
        authority.contact = try JSONEncoder().encode(contact)
        return try await confirm(authority, action: .authorityContactChanged, actor: actor, requestID: requestID)
    }

    /// Confirms that an authority's entry is still right, for another cycle.
    public func reconfirm(_ id: UUID, actor: String, requestID: String?) async throws -> AuthorityModel {
        let authority = try await authority(id)
        guard authority.contact != nil else {
            throw ServiceError.conflict(code: "directory.noContact", title: "Nothing to confirm", detail: "Enter the contact details first; saving them confirms them.")
        }
        return try await confirm(authority, action: .authorityReconfirmed, actor: actor, requestID: requestID)
    }

    private func confirm(_ authority: AuthorityModel, action: AuditAction, actor: String, requestID: String?) async throws -> AuthorityModel {
        let now = auth.clock()
        authority.confirmedAt = now
        authority.reconfirmBy = ContactDetails.reconfirmBy(now, months: settings.reconfirmationMonths)
        try await db.transaction { tx in
            try await authority.save(on: tx)
            try await audit.append(
                AuditEvent(actor: actor, action: action, targetType: "authority", targetID: authority.id?.uuidString, requestID: requestID), on: tx)
            try await federation?.publishDirectory(on: tx)
        }
        return authority
    }

    /// This node's entries that are stale, or due within `days`: what its administrators are reminded of.
    public func entriesToReconfirm(within days: Int = 14) async throws -> [AuthorityModel] {
        let horizon = auth.clock().addingTimeInterval(Double(days) * 86400)
        return try await AuthorityModel.query(on: db).sort(\.$name).all().filter { $0.isStale(at: horizon) }
    }

    /// Grants or withdraws a user's clearance for the overview's marking. An administrator
    /// never changes their own: clearing oneself is the one step nobody else would see coming.
    public func setClearance(_ userID: UUID, cleared: Bool, actor: String, requestID: String?) async throws -> UserModel {
        let user = try await user(userID)
        guard user.username != actor else {
            throw ServiceError.conflict(
                code: "clearance.own", title: "Not your own clearance", detail: "Another administrator grants or withdraws your clearance.")
        }
        var clearances = user.clearances
        if cleared { clearances.insert(settings.overviewMarking) } else { clearances.remove(settings.overviewMarking) }
        guard clearances != user.clearances else { return user }
        user.clearances = clearances
        try await db.transaction { tx in
            try await user.save(on: tx)
            try await audit.append(
                AuditEvent(
                    actor: actor, action: .userClearanceChanged, targetType: "user", targetID: userID.uuidString,
                    detail: "\(cleared ? "granted" : "withdrawn") \(settings.overviewMarking)", requestID: requestID), on: tx)
        }
        return user
    }

    /// Whether `username` may read the overview; each read is audited.
    public func mayReadOverview(_ username: String) async throws -> Bool {
        guard let user = try await UserModel.query(on: db).filter(\.$username == username).first() else { return false }
        return user.clearances.contains(settings.overviewMarking)
    }

    public func auditOverviewRead(actor: String, format: String, requestID: String?) async throws {
        try await audit.append(AuditEvent(actor: actor, action: .overviewRead, targetType: "directory", detail: format, requestID: requestID), on: db)
    }
}
