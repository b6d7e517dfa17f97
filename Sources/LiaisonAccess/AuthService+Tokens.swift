import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

/// Personal access tokens for the API: shown once, stored as a digest, expiring, revocable.
extension AuthService {
    public static let tokenPrefix = "lia_"

    public struct IssuedToken: Sendable {
        public let token: String
        public let model: APITokenModel
    }

    public func issueToken(
        userID: UUID, actor: String, name: String, lifetimeDays: Int?, requestID: String?
    ) async throws -> IssuedToken {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...80).contains(trimmed.count) else {
            throw ServiceError.invalid("Give the token a name of 1 to 80 characters.", fields: ["name": "1 to 80 characters."])
        }
        let maximumDays = Int(settings.apiTokenLifetime / 86400)
        let days = lifetimeDays ?? maximumDays
        guard (1...maximumDays).contains(days) else {
            throw ServiceError.invalid(
                "A token lives 1 to \(maximumDays) days.", fields: ["lifetimeDays": "1 to \(maximumDays)."])
        }
        let token = Self.tokenPrefix + Secrets.randomToken()
        let now = clock()
        let model = APITokenModel(
            userID: userID, name: trimmed, tokenHash: Secrets.digest(token), prefix: String(token.prefix(10)),
            now: now, expiresAt: now.addingTimeInterval(Double(days) * 86400))
        try await model.create(on: db)
        try await audit.append(
            AuditEvent(actor: actor, action: .tokenCreated, targetType: "token", targetID: model.id?.uuidString, requestID: requestID),
            on: db)
        return IssuedToken(token: token, model: model)
    }

    public func tokens(of userID: UUID) async throws -> [APITokenModel] {
        try await APITokenModel.query(on: db).filter(\.$user.$id == userID).sort(\.$createdAt, .descending).all()
    }

    /// Revokes one of the user's own tokens; another user's token is "not found", never "forbidden",
    /// so token ids cannot be probed.
    public func revokeToken(id: UUID, of userID: UUID, actor: String, requestID: String?) async throws {
        guard let token = try await APITokenModel.query(on: db).filter(\.$id == id).filter(\.$user.$id == userID).first()
        else { throw ServiceError.notFound }
        if token.revokedAt == nil {
            token.revokedAt = clock()
            try await token.save(on: db)
        }
        try await audit.append(
            AuditEvent(actor: actor, action: .tokenRevoked, targetType: "token", targetID: id.uuidString, requestID: requestID),
            on: db)
    }

    /// The principal behind a bearer token. Use is recorded in the audit trail once an hour
    /// per token (the first use in each hour), which bounds the trail's growth under load.
    public func principal(forBearer token: String, requestID: String) async throws -> Principal? {
        guard token.hasPrefix(Self.tokenPrefix),
            let model = try await APITokenModel.query(on: db).filter(\.$tokenHash == Secrets.digest(token)).first()
        else { return nil }
        let now = clock()
        guard model.revokedAt == nil, model.expiresAt > now, let (user, authority) = try await activeUser(model.$user.id)
        else { return nil }
        if model.lastUsedAt.map({ now.timeIntervalSince($0) > 3600 }) ?? true {
            model.lastUsedAt = now
            try await model.save(on: db)
            try await audit.append(
                AuditEvent(actor: user.username, action: .tokenUsed, targetType: "token", targetID: model.id?.uuidString, requestID: requestID),
                on: db)
        }
        return Principal(
            userID: model.$user.id, username: user.username, displayName: user.displayName, roles: user.roles,
            authority: authority.authority, credential: .apiToken(id: try model.requireID()))
    }
}
