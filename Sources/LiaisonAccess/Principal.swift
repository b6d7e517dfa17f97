import Foundation
import LiaisonCore

/// The signed-in user as every handler sees it: who, with which roles, for which authority,
/// and how they authenticated.
public struct Principal: Sendable {
    public enum Credential: Sendable {
        case session(id: UUID, csrfToken: String)
        case apiToken(id: UUID)
    }

    public var userID: UUID
    public var username: String
    public var displayName: String
    public var roles: Set<Role>
    public var authority: Authority
    public var credential: Credential

    public init(userID: UUID, username: String, displayName: String, roles: Set<Role>, authority: Authority, credential: Credential) {
        self.userID = userID
        self.username = username
        self.displayName = displayName
        self.roles = roles
        self.authority = authority
        self.credential = credential
    }

    public func may(_ action: Action) -> Bool { AccessPolicy.permits(roles, action) }
}
