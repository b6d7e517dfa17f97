import Foundation

// The shapes of the HTTP API, as described in openapi.yaml. Field names here and there
// must agree; `OpenAPIDocumentTests` checks that every route and schema is documented.

public struct MeResponse: Codable, Sendable {
    public var id: String
    public var username: String
    public var displayName: String
    public var roles: [String]
    public var authority: AuthorityResponse
    public var node: String

    public init(id: String, username: String, displayName: String, roles: [String], authority: AuthorityResponse, node: String) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.roles = roles
        self.authority = authority
        self.node = node
    }
}

public struct AuthorityResponse: Codable, Sendable {
    public var id: String
    public var name: String
    public var kind: String
    public var state: String

    public init(id: String, name: String, kind: String, state: String) {
        self.id = id
        self.name = name
        self.kind = kind
        self.state = state
    }
}

public struct StateResponse: Codable, Sendable {
    public var code: String
    public var icaoCode: String
    public var name: String
    public var membership: String

    public init(code: String, icaoCode: String, name: String, membership: String) {
        self.code = code
        self.icaoCode = icaoCode
        self.name = name
        self.membership = membership
    }
}

public struct UserResponse: Codable, Sendable {
    public var id: String
    public var username: String
    public var displayName: String
    public var authorityId: String
    public var roles: [String]
    public var enabled: Bool
    public var enrolled: Bool

    public init(id: String, username: String, displayName: String, authorityId: String, roles: [String], enabled: Bool, enrolled: Bool) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.authorityId = authorityId
        self.roles = roles
        self.enabled = enabled
        self.enrolled = enrolled
    }
}

public struct CreateUserRequest: Codable, Sendable {
    public var username: String
    public var displayName: String
    public var authorityId: String
    public var roles: [String]
}

public struct CreateUserResponse: Codable, Sendable {
    public var user: UserResponse
    /// One-time link; shown once, never stored.
    public var enrolmentLink: String

    public init(user: UserResponse, enrolmentLink: String) {
        self.user = user
        self.enrolmentLink = enrolmentLink
    }
}

public struct UpdateUserRequest: Codable, Sendable {
    public var roles: [String]?
    public var enabled: Bool?
}

public struct CreateAuthorityRequest: Codable, Sendable {
    public var name: String
    public var kind: String
}

public struct TokenResponse: Codable, Sendable {
    public var id: String
    public var name: String
    public var prefix: String
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public init(id: String, name: String, prefix: String, createdAt: Date, expiresAt: Date, revokedAt: Date?, lastUsedAt: Date?) {
        self.id = id
        self.name = name
        self.prefix = prefix
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }
}

public struct CreateTokenRequest: Codable, Sendable {
    public var name: String
    public var lifetimeDays: Int?
}

public struct CreateTokenResponse: Codable, Sendable {
    public var token: String
    public var details: TokenResponse

    public init(token: String, details: TokenResponse) {
        self.token = token
        self.details = details
    }
}

public struct AuditEntryResponse: Codable, Sendable {
    public var sequence: Int64
    public var occurredAt: Date
    public var actor: String
    public var action: String
    public var outcome: String
    public var targetType: String?
    public var targetId: String?
    public var reason: String?
    public var detail: String?
    public var requestId: String?
    public var previousHash: String
    public var hash: String

    public init(
        sequence: Int64, occurredAt: Date, actor: String, action: String, outcome: String, targetType: String?, targetId: String?,
        reason: String?, detail: String?, requestId: String?, previousHash: String, hash: String
    ) {
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actor = actor
        self.action = action
        self.outcome = outcome
        self.targetType = targetType
        self.targetId = targetId
        self.reason = reason
        self.detail = detail
        self.requestId = requestId
        self.previousHash = previousHash
        self.hash = hash
    }
}

public struct AuditVerificationResponse: Codable, Sendable {
    public var intact: Bool
    public var entries: Int64?
    public var headHash: String?
    public var brokenAt: Int64?
    public var problem: String?

    public init(intact: Bool, entries: Int64? = nil, headHash: String? = nil, brokenAt: Int64? = nil, problem: String? = nil) {
        self.intact = intact
        self.entries = entries
        self.headHash = headHash
        self.brokenAt = brokenAt
        self.problem = problem
    }
}

/// The OpenAPI documents this node serves: the HTTP API at `/openapi.yaml`, and the
/// node-to-node protocol at `/federation.yaml` and on the federation listener.
public enum OpenAPIDocument {
    public static func yaml() throws -> String { try resource("openapi") }

    public static func federationYAML() throws -> String { try resource("federation") }

    static func resource(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "yaml") else { throw CocoaError(.fileNoSuchFile) }
        return try String(contentsOf: url, encoding: .utf8)
    }
}

public struct NetworkMessageResponse: Codable, Sendable {
    public struct ReceiptSummary: Codable, Sendable {
        public var receiverNode: String
        public var bodyDigest: String
        public var signature: String

        public init(receiverNode: String, bodyDigest: String, signature: String) {
            self.receiverNode = receiverNode
            self.bodyDigest = bodyDigest
            self.signature = signature
        }
    }

    public var id: String
    public var toNode: String
    public var kind: String
    /// queued, delivered (with a verified receipt) or failed (with the reason).
    public var state: String
    public var attempts: Int
    public var lastError: String?
    public var createdAt: Date
    public var deliveredAt: Date?
    public var receipt: ReceiptSummary?

    public init(
        id: String, toNode: String, kind: String, state: String, attempts: Int, lastError: String?, createdAt: Date, deliveredAt: Date?,
        receipt: ReceiptSummary?
    ) {
        self.id = id
        self.toNode = toNode
        self.kind = kind
        self.state = state
        self.attempts = attempts
        self.lastError = lastError
        self.createdAt = createdAt
        self.deliveredAt = deliveredAt
        self.receipt = receipt
    }
}

public struct DirectoryNodeResponse: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        public var id: String
        public var name: String
        public var kind: String

        public init(id: String, name: String, kind: String) {
            self.id = id
            self.name = name
            self.kind = kind
        }
    }

    public var node: String
    public var state: String
    /// True for this node's own entries; false for a read-only copy of another node's.
    public var own: Bool
    public var version: Int64?
    public var updatedAt: Date?
    public var authorities: [Entry]

    public init(node: String, state: String, own: Bool, version: Int64?, updatedAt: Date?, authorities: [Entry]) {
        self.node = node
        self.state = state
        self.own = own
        self.version = version
        self.updatedAt = updatedAt
        self.authorities = authorities
    }
}
