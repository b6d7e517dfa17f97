import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

/// What the dashboard and lists need beyond the exchanges themselves: counts and references,
/// never the persons (the dashboard records no read, so it shows no personal data).
extension ExchangeService {
    /// Requests received by the user's contact point and not yet answered, nearest deadline first.
    public func openRequests(for actor: Actor, limit: Int = 200) async throws -> [ExchangeModel] {
        try await ExchangeModel.query(on: db).filter(\.$localAuthorityID == actor.authorityID)
            .filter(\.$direction == .incoming).filter(\.$state == .received).filter(\.$kind == .request)
            .sort(\.$deadline).limit(limit).all()
    }

    /// Requests the user's contact point sent whose answer has not arrived, nearest deadline first.
    public func awaitedAnswers(for actor: Actor, limit: Int = 200) async throws -> [ExchangeModel] {
        try await ExchangeModel.query(on: db).filter(\.$localAuthorityID == actor.authorityID)
            .filter(\.$direction == .outgoing).filter(\.$state == .sent).filter(\.$kind == .request).filter(\.$answer == nil)
            .sort(\.$deadline).limit(limit).all()
    }

    /// Requests of the user's contact point under a notification that still wait for approval
    /// or an answer: a second request to the same state is most often a duplicate.
    public func openRequests(under notificationID: UUID, for actor: Actor) async throws -> [ExchangeModel] {
        try await ExchangeModel.query(on: db).filter(\.$localAuthorityID == actor.authorityID).filter(\.$notificationID == notificationID)
            .filter(\.$direction == .outgoing).filter(\.$kind == .request).filter(\.$state ~~ [.awaitingApproval, .sent]).filter(\.$answer == nil)
            .sort(\.$createdAt).all()
    }

    /// Alerts for the user's CT authority that nobody has acknowledged.
    public func unacknowledgedAlerts(for actor: Actor) async throws -> Int {
        try await AlertModel.query(on: db).filter(\.$ctAuthorityID == actor.authorityID).filter(\.$acknowledgedAt == nil).count()
    }

    /// One administrative record, or an input problem naming `field` when there is none.
    public func record(reference: String, field: String = "recordReference") async throws -> AdministrativeRecordModel {
        guard let record = try await records.find(reference: reference, on: db) else {
            throw ServiceError.invalid("There is no record \(reference).", fields: [field: "Unknown record."])
        }
        return record
    }
}
