import FluentKit
import Foundation
import LiaisonCore
import LiaisonStore

/// Rectification (GDPR Art. 16; Directive (EU) 2016/680, Art. 16(1)) started from an access
/// request: the data protection officer says what is wrong, and the officers who hold the data
/// correct it where they work (a record updated, a notification changed, a correction sent to
/// every state that received an exchange). The ask closes itself when they do.
extension ExchangeService {
    public func askRectification(_ reference: String, person: String, note: String?, by actor: Actor) async throws -> RectificationAskModel {
        let request = try await findAccessRequest(reference)
        guard request.state == .open else {
            throw ServiceError.conflict(PolicyError(.wrongState, detail: "The request \(reference) is answered; open a new one to ask for more."))
        }
        guard request.confirmedPersons.contains(person) else {
            throw ServiceError.invalid("Ask only about what is confirmed as the person's.", fields: ["person": "Not confirmed for this request."])
        }
        let note = try await enforce(actor, target: reference) { try DecisionReason.checked(note) }
        let ask = RectificationAskModel(
            accessRequest: reference, person: person, authorityID: try await holder(of: person), note: note, askedBy: actor.username, askedAt: clock())
        try await db.transaction { tx in
            try await ask.create(on: tx)
            try await record(actor, .rectificationAsked, targetType: "access-request", targetID: reference, detail: person, on: tx)
        }
        return ask
    }

    /// The asks made under one access request, oldest first.
    public func rectificationAsks(of reference: String) async throws -> [RectificationAskModel] {
        try await RectificationAskModel.query(on: db).filter(\.$accessRequest == reference).sort(\.$askedAt).all()
    }

    /// The asks still open for the officer's authority, oldest first.
    public func rectificationsAsked(for actor: Actor) async throws -> [RectificationAskModel] {
        try await RectificationAskModel.query(on: db).filter(\.$authorityID == actor.authorityID).filter(\.$doneAt == nil).sort(\.$askedAt).all()
    }

    /// Where the officers correct what an ask is about.
    public enum RectificationPlace: Sendable, Equatable {
        case exchange(UUID)
        case notification(UUID)
        case record(String)
    }

    public func place(of ask: RectificationAskModel) async throws -> RectificationPlace? {
        let key = PersonReadModel.key(of: ask.person)
        if ask.person.hasPrefix("exchange/") { return UUID(uuidString: key).map { .exchange($0) } }
        if ask.person.hasPrefix("record/") { return .record(key) }
        let notification = try await ThreatNotificationModel.query(on: db).filter(\.$reference == key).first()
        return notification?.id.map { .notification($0) }
    }

    /// Closes the open asks about `person`, in the transaction of the correction that answers them.
    func closeRectificationAsks(person: String, by actor: String, on tx: any Database) async throws {
        for ask in try await RectificationAskModel.query(on: tx).filter(\.$person == person).filter(\.$doneAt == nil).all() {
            ask.doneAt = clock()
            ask.doneBy = actor
            try await ask.save(on: tx)
        }
    }

    /// The authority whose officers correct the data: the contact point of an exchange, the
    /// CT authority of a notification, the immigration authority for its records.
    private func holder(of person: String) async throws -> UUID {
        let key = PersonReadModel.key(of: person)
        if person.hasPrefix("exchange/"), let id = UUID(uuidString: key), let exchange = try await ExchangeModel.find(id, on: db), exchange.erasedAt == nil {
            return exchange.localAuthorityID
        }
        if person.hasPrefix("notification/"), let notification = try await ThreatNotificationModel.query(on: db).filter(\.$reference == key).first(),
            notification.erasedAt == nil
        {
            return notification.ctAuthorityID
        }
        if person.hasPrefix("record/"), try await AdministrativeRecordModel.query(on: db).filter(\.$reference == key).first() != nil {
            return try await nationalAuthority(.immigrationAsylum, on: db).requireID()
        }
        throw ServiceError.invalid(
            "Only a record, a notification or an exchange still held is corrected this way; a liaison officer's item is deleted and recorded again.",
            fields: ["person": "Not correctable here."])
    }
}
