import FluentKit
import Foundation
import LiaisonCore

/// A change to a user's access that needs a second administrator (see `DualControl`): giving
/// a role that sees personal data, or enrolling a user who holds one.
public final class AccessChangeModel: Model, @unchecked Sendable {
    public static let schema = "access_changes"

    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Roles that see personal data, for a user who has credentials.
        case grant
        /// A first enrolment, or new credentials (a reset of password and second factor).
        case enrolment
    }

    public enum State: String, Sendable, Codable, CaseIterable {
        case pending, approved, refused, withdrawn
    }

    @ID(key: .id) public var id: UUID?
    @Field(key: "kind") public var kind: Kind
    @Parent(key: "user_id") public var user: UserModel
    /// The user's roles once the change is approved.
    @Field(key: "roles") public var rolesText: String
    @Field(key: "requested_by") public var requestedBy: UUID
    @Field(key: "requested_at") public var requestedAt: Date
    @Field(key: "state") public var state: State
    @OptionalField(key: "decided_by") public var decidedBy: UUID?
    @OptionalField(key: "decided_at") public var decidedAt: Date?
    /// For an enrolment: the digest of the link given to the administrator who asked; it
    /// becomes the user's enrolment link on approval.
    @OptionalField(key: "link_hash") public var linkHash: String?

    public init() {}

    public init(kind: Kind, userID: UUID, roles: Set<Role>, requestedBy: UUID, requestedAt: Date, linkHash: String? = nil) {
        self.kind = kind
        self.$user.id = userID
        self.rolesText = Role.storageForm(roles)
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.state = .pending
        self.linkHash = linkHash
    }

    public var roles: Set<Role> { (try? Role.parseList(rolesText)) ?? [] }

    /// How long a change waits for its second administrator.
    public static let lifetime: TimeInterval = 72 * 3600

    public func isExpired(now: Date) -> Bool { state == .pending && requestedAt.addingTimeInterval(Self.lifetime) <= now }
}
