import Foundation

/// One entry of the append-only audit trail. Entries never carry personal data of the
/// people an exchange is about: a read of such data is recorded by reference and reason.
public struct AuditRecord: Sendable, Equatable, Codable {
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        case success, failure, denied
    }

    public var sequence: Int64
    /// Whole milliseconds since 1970, so every database stores it exactly.
    public var occurredAtMilliseconds: Int64
    public var actor: String
    public var action: AuditAction
    public var outcome: Outcome
    public var targetType: String?
    public var targetID: String?
    public var reason: String?
    public var detail: String?
    public var requestID: String?
    public var previousHash: String

    public init(
        sequence: Int64, occurredAt: Date, actor: String, action: AuditAction, outcome: Outcome,
        targetType: String? = nil, targetID: String? = nil, reason: String? = nil,
        detail: String? = nil, requestID: String? = nil, previousHash: String
    ) {
        self.sequence = sequence
        self.occurredAtMilliseconds = Int64((occurredAt.timeIntervalSince1970 * 1000).rounded(.down))
        self.actor = actor
        self.action = action
        self.outcome = outcome
        self.targetType = targetType
        self.targetID = targetID
        self.reason = reason
        self.detail = detail
        self.requestID = requestID
        self.previousHash = previousHash
    }

    public var occurredAt: Date { Date(timeIntervalSince1970: Double(occurredAtMilliseconds) / 1000) }

    /// The bytes that are hashed: one field per line, in a fixed order, each value
    /// percent-escaped so that no value can imitate a line break or a field boundary.
    public var canonicalForm: String {
        let fields: [(String, String?)] = [
            ("seq", String(sequence)), ("at", String(occurredAtMilliseconds)), ("actor", actor),
            ("action", action.rawValue), ("outcome", outcome.rawValue), ("targetType", targetType),
            ("targetId", targetID), ("reason", reason), ("detail", detail), ("requestId", requestID),
            ("prev", previousHash),
        ]
        // An absent value is the bare key, an empty one "key=": the two never hash alike.
        return fields.map { key, value in value.map { "\(key)=\(Self.escape($0))" } ?? key }
            .joined(separator: "\n")
    }

    static func escape(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "%": out += "%25"
            case "\n": out += "%0A"
            case "\r": out += "%0D"
            case "=": out += "%3D"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    public static let genesisHash = String(repeating: "0", count: 64)
}

/// What happened. Names are stable: auditors filter and report on them.
public enum AuditAction: String, Sendable, Codable, CaseIterable {
    case signIn = "auth.signIn"
    case signInFailed = "auth.signInFailed"
    case signInLocked = "auth.locked"
    case signOut = "auth.signOut"
    case signOutEverywhere = "auth.signOutEverywhere"
    case passwordChanged = "auth.passwordChanged"
    case recoveryCodeUsed = "auth.recoveryCodeUsed"
    case enrolmentIssued = "auth.enrolmentIssued"
    case enrolmentCompleted = "auth.enrolmentCompleted"
    case accessDenied = "auth.accessDenied"
    case csrfRejected = "auth.csrfRejected"
    case tokenCreated = "token.created"
    case tokenRevoked = "token.revoked"
    case tokenUsed = "token.used"
    case userCreated = "user.created"
    case userRolesChanged = "user.rolesChanged"
    case userDisabled = "user.disabled"
    case userEnabled = "user.enabled"
    case accessChangeRequested = "access.requested"
    case accessChangeApproved = "access.approved"
    case accessChangeRefused = "access.refused"
    case authorityCreated = "authority.created"
    case authorityContactChanged = "authority.contactChanged"
    case authorityReconfirmed = "authority.reconfirmed"
    case userClearanceChanged = "user.clearanceChanged"
    case overviewRead = "directory.overviewRead"
    case authorityUpdated = "authority.updated"
    case personalDataRead = "data.read"
    case auditViewed = "audit.viewed"
    case envelopeReceived = "federation.received"
    case envelopeRefused = "federation.refused"
    case envelopeDelivered = "federation.delivered"
    case envelopeFailed = "federation.failed"
    case handshakeRefused = "federation.handshakeRefused"
    case ruleRefused = "policy.refused"
    case notificationCreated = "notification.created"
    case notificationUpdated = "notification.updated"
    case notificationWithdrawn = "notification.withdrawn"
    case exchangeCreated = "exchange.created"
    case exchangeApproved = "exchange.approved"
    case exchangeRejected = "exchange.rejected"
    case exchangeAnswered = "exchange.answered"
    case exchangeFollowUp = "exchange.followUp"
    case recordCreated = "record.created"
    case recordUpdated = "record.updated"
    case alertRaised = "alert.raised"
    case matchSuggested = "match.suggested"
    case matchConfirmed = "match.confirmed"
    case matchRejected = "match.rejected"
    case dataErased = "data.erased"
    case recordRestricted = "record.restricted"
    case recordRestrictionLifted = "record.restrictionLifted"
    case recordExported = "record.exported"
    case accessRequestOpened = "access-request.opened"
    case accessRequestConfirmed = "access-request.confirmed"
    case accessRequestAnswered = "access-request.answered"
    case rectificationAsked = "access-request.rectificationAsked"
    case deploymentRecorded = "deployment.recorded"
    case deploymentUpdated = "deployment.updated"
    case reportSaved = "report.saved"
    case reportBlocked = "report.blocked"
    case reportPublished = "report.published"
    case networkRecordSaved = "network-record.saved"
    case boardVoteCast = "board.vote.cast"
    case boardVoteCounted = "board.vote.counted"
    case boardVoteClosed = "board.vote.closed"
    case officerDataRecorded = "ilo-data.recorded"
    case officerDataRead = "ilo-data.read"
    case officerDataDeleted = "ilo-data.deleted"
    case officerDataDisclosed = "ilo-data.disclosed"
}

/// The outcome of checking the chain, entry by entry, from the first.
public enum AuditChainVerdict: Sendable, Equatable {
    case intact(entries: Int64, headHash: String)
    case broken(sequence: Int64, problem: String)
}
