import FluentKit
import Foundation

/// A signed-in browser. The cookie holds a random token; only its SHA-256 is stored,
/// so a copy of the database cannot be replayed as a session.
public final class SessionModel: Model, @unchecked Sendable {
    public static let schema = "sessions"

    @ID(key: .id) public var id: UUID?
    @Field(key: "token_hash") public var tokenHash: String
    @Parent(key: "user_id") public var user: UserModel
    @Field(key: "csrf_token") public var csrfToken: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "last_seen_at") public var lastSeenAt: Date
    @Field(key: "expires_at") public var expiresAt: Date

    public init() {}

    public init(tokenHash: String, userID: UUID, csrfToken: String, now: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.expiresAt = expiresAt
    }
}

/// Failed sign-ins per key ("user:NAME" or "ip:ADDR"), kept in the database so that
/// every instance of a node sees the same count.
public final class SignInThrottleModel: Model, @unchecked Sendable {
    public static let schema = "sign_in_throttle"

    @ID(key: .id) public var id: UUID?
    @Field(key: "key") public var key: String
    @Field(key: "failures") public var failures: Int
    @Field(key: "last_failure_at") public var lastFailureAt: Date
    @OptionalField(key: "locked_until") public var lockedUntil: Date?

    public init() {}

    public init(key: String, now: Date) {
        self.key = key
        self.failures = 0
        self.lastFailureAt = now
    }
}

public final class APITokenModel: Model, @unchecked Sendable {
    public static let schema = "api_tokens"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserModel
    @Field(key: "name") public var name: String
    @Field(key: "token_hash") public var tokenHash: String
    /// The first characters of the token, shown so a holder can tell tokens apart.
    @Field(key: "prefix") public var prefix: String
    @Field(key: "created_at") public var createdAt: Date
    @Field(key: "expires_at") public var expiresAt: Date
    @OptionalField(key: "revoked_at") public var revokedAt: Date?
    @OptionalField(key: "last_used_at") public var lastUsedAt: Date?

    public init() {}

    public init(userID: UUID, name: String, tokenHash: String, prefix: String, now: Date, expiresAt: Date) {
        self.$user.id = userID
        self.name = name
        self.tokenHash = tokenHash
        self.prefix = prefix
        self.createdAt = now
        self.expiresAt = expiresAt
    }
}
