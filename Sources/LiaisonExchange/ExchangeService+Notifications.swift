import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

/// Threat notifications: national, from the CT authority to the immigration contact point
/// (R2); they never leave the node, and while active they allow exchanges abroad (R3).
extension ExchangeService {
    public struct NotificationInput: Sendable {
        public var subject: PersonIdentity
        public var reference: String?
        public var validFrom: Date?
        public var validUntil: Date
        public var handlingCode: HandlingCode

        public init(subject: PersonIdentity, reference: String? = nil, validFrom: Date? = nil, validUntil: Date, handlingCode: HandlingCode) {
            self.subject = subject
            self.reference = reference
            self.validFrom = validFrom
            self.validUntil = validUntil
            self.handlingCode = handlingCode
        }
    }

    static let longestValidity: TimeInterval = 2 * 366 * 86400

    public func createNotification(_ input: NotificationInput, by actor: Actor) async throws -> ThreatNotificationModel {
        let immigration = try await nationalAuthority(.immigrationAsylum, on: db)
        try await enforce(actor) {
            try ExchangeRules.checkNationalLink(.notification, from: actor.contactPoint, to: immigration.authority.contactPoint)
            try input.subject.validate()
            try ExchangeRules.checkForeigner(input.subject)
        }
        let now = clock()
        // Whole seconds: a stored date may come back rounded up, which would make a
        // notification issued "now" not yet valid a moment later.
        let validFrom = input.validFrom ?? Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        try checkValidity(from: validFrom, until: input.validUntil)
        let reference = try Self.checkedReference(input.reference) ?? "\(stateCode)-CT-\(Calendar.utc.component(.year, from: now))-\(Self.randomSuffix())"
        if try await ThreatNotificationModel.query(on: db).filter(\.$reference == reference).first() != nil {
            throw ServiceError.invalid("A notification with the reference \(reference) exists.", fields: ["reference": "Already used."])
        }
        let notification = ThreatNotificationModel(
            reference: reference, ctAuthorityID: actor.authorityID, immAuthorityID: try immigration.requireID(),
            subject: try Self.encode(input.subject), validFrom: validFrom, validUntil: input.validUntil,
            handlingCode: input.handlingCode, createdBy: actor.userID, now: now)
        try await db.transaction { tx in
            try await notification.create(on: tx)
            try await record(actor, .notificationCreated, targetType: "notification", targetID: reference, on: tx)
            try await suggestRecords(for: notification, on: tx)
        }
        return notification
    }

    public func updateNotification(_ id: UUID, _ input: NotificationInput, by actor: Actor) async throws -> ThreatNotificationModel {
        let notification = try await ownNotification(id, actor: actor)
        guard notification.state == ThreatNotificationModel.State.active else {
            throw ServiceError.conflict(PolicyError(.wrongState, detail: "A withdrawn notification cannot be changed."))
        }
        try await enforce(actor) {
            try input.subject.validate()
            try ExchangeRules.checkForeigner(input.subject)
        }
        let validFrom = input.validFrom ?? notification.validFrom
        try checkValidity(from: validFrom, until: input.validUntil)
        notification.subject = try Self.encode(input.subject)
        notification.validFrom = validFrom
        notification.validUntil = input.validUntil
        notification.handlingCode = input.handlingCode
        notification.updatedAt = clock()
        try await db.transaction { tx in
            try await notification.save(on: tx)
            try await record(actor, .notificationUpdated, targetType: "notification", targetID: notification.reference, on: tx)
            try await closeRectificationAsks(person: PersonReadModel.notification(notification.reference), by: actor.username, on: tx)
            try await suggestRecords(for: notification, on: tx)
        }
        return notification
    }

    public func withdrawNotification(_ id: UUID, reason: String, by actor: Actor) async throws -> ThreatNotificationModel {
        let notification = try await ownNotification(id, actor: actor)
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 500 else {
            throw ServiceError.invalid("Give the reason for the withdrawal (at most 500 characters).", fields: ["reason": "Required."])
        }
        guard notification.state == ThreatNotificationModel.State.active else { return notification }
        notification.state = ThreatNotificationModel.State.withdrawn
        notification.withdrawalReason = reason
        notification.updatedAt = clock()
        let standing = try await exchangesStandingOn(notification)
        try await db.transaction { tx in
            try await notification.save(on: tx)
            try await record(actor, .notificationWithdrawn, targetType: "notification", targetID: notification.reference, on: tx)
            for exchange in standing {
                try await withdraw(exchange, becauseOf: notification, by: actor, on: tx)
            }
        }
        return notification
    }

    /// The requests and information sent under a notification that still stand (waiting for
    /// approval, sent or answered): what its withdrawal withdraws with it.
    public func exchangesStanding(on notificationID: UUID, for actor: Actor) async throws -> [ExchangeModel] {
        try await exchangesStandingOn(try await ownNotification(notificationID, actor: actor))
    }

    func exchangesStandingOn(_ notification: ThreatNotificationModel) async throws -> [ExchangeModel] {
        try await ExchangeModel.query(on: db).filter(\.$notificationID == notification.requireID()).filter(\.$direction == .outgoing)
            .filter(\.$kind ~~ [ExchangeKind.request, .spontaneous]).filter(\.$state ~~ [ExchangeModel.State.awaitingApproval, .sent, .answered])
            .sort(\.$createdAt).all()
    }

    /// Withdraws one exchange with the notification it stood on: one never sent stops here;
    /// one sent is withdrawn at the other state too, in the node's own words (no supervisor
    /// needs to read them, R8), so that nothing goes on there on a ground that is gone.
    private func withdraw(_ exchange: ExchangeModel, becauseOf notification: ThreatNotificationModel, by actor: Actor, on tx: any Database) async throws {
        let id = try exchange.requireID()
        let body = FollowUpBody(
            exchangeID: id, followUp: .withdrawal, reason: FollowUpBody.notificationWithdrawnReason, handlingCode: .h0, marking: .unclassified)
        if exchange.outboxMessageID == nil {
            exchange.state = ExchangeModel.State.withdrawn
            try await exchange.save(on: tx)
            try await ExchangeEventModel(exchangeID: id, at: clock(), event: FollowUpKind.withdrawal.rawValue, actor: actor.username, body: try ExchangeMessage.followUp(body).encoded()).create(on: tx)
        } else {
            // The exchange's own contact point sends it, as it sent the original.
            let local = try await AuthorityModel.find(exchange.localAuthorityID, on: tx)
            let kind = local?.authority.kind ?? AuthorityKind.immigrationAsylum
            let sender = try await ownManifestAuthority(kind)
            let message = ExchangeMessage.followUp(body)
            try await enforce(actor, target: id.uuidString) {
                try ExchangeRules.checkMessage(
                    message, from: ContactPoint(stateCode: stateCode, kind: kind), to: ContactPoint(stateCode: exchange.counterpartState, kind: kind),
                    ceiling: settings.ceiling, now: clock())
            }
            try await sendFollowUp(message, on: exchange, approvedBy: nil, from: sender.authority, at: clock(), actor: actor.username, on: tx)
        }
        try await record(actor, .exchangeFollowUp, targetType: "exchange", targetID: id.uuidString, detail: "withdrawal with notification \(notification.reference)", on: tx)
    }

    /// The notifications a user works with: those their CT authority issued, or those
    /// addressed to their immigration contact point.
    public func notifications(for actor: Actor) async throws -> [ThreatNotificationModel] {
        let rows = try await ThreatNotificationModel.query(on: db)
            .group(.or) { $0.filter(\.$ctAuthorityID == actor.authorityID).filter(\.$immAuthorityID == actor.authorityID) }
            .sort(\.$createdAt, .descending).limit(500).all()
        try await recordRead(actor, targetType: "notification", targetID: "list", reason: "notifications list (\(rows.count))", persons: rows.map { PersonReadModel.notification($0.reference) })
        return rows
    }

    /// One notification the user may see.
    public func notification(_ id: UUID, for actor: Actor) async throws -> ThreatNotificationModel {
        guard let row = try await ThreatNotificationModel.find(id, on: db),
            row.ctAuthorityID == actor.authorityID || row.immAuthorityID == actor.authorityID
        else { throw ServiceError.notFound }
        try await recordRead(actor, targetType: "notification", targetID: row.reference, reason: "notification view", persons: [PersonReadModel.notification(row.reference)])
        return row
    }

    func ownNotification(_ id: UUID, actor: Actor) async throws -> ThreatNotificationModel {
        guard let row = try await ThreatNotificationModel.find(id, on: db), row.ctAuthorityID == actor.authorityID else { throw ServiceError.notFound }
        return row
    }

    func checkValidity(from: Date, until: Date) throws {
        guard until > from, until.timeIntervalSince(from) <= Self.longestValidity else {
            throw ServiceError.invalid("The validity ends after it starts, and lasts at most two years.", fields: ["validUntil": "After the start, within two years."])
        }
    }

    static func checkedReference(_ reference: String?) throws -> String? {
        guard let reference = reference?.trimmingCharacters(in: .whitespaces), !reference.isEmpty else { return nil }
        guard reference.count <= 40, reference.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_/.".contains($0)) }) else {
            throw ServiceError.invalid("A reference is at most 40 letters, digits and - _ / .", fields: ["reference": "Letters, digits, - _ / ."])
        }
        return reference
    }

    static func randomSuffix() -> String {
        String((0..<6).map { _ in "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ".randomElement()! })
    }
}

extension Authority {
    var contactPoint: ContactPoint { ContactPoint(stateCode: stateCode, kind: kind) }
}

extension Calendar {
    public static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
