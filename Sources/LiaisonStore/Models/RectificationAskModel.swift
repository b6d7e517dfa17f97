import FluentKit
import Foundation

/// The data protection officer's ask, from an access request, that the officers who hold a
/// person's data correct them; closed when they do (a record updated, a notification changed,
/// a correction sent on the exchange).
public final class RectificationAskModel: Model, @unchecked Sendable {
    public static let schema = "rectification_asks"

    @ID(key: .id) public var id: UUID?
    @Field(key: "access_request") public var accessRequest: String
    /// The data, by internal reference (`record/…`, `notification/…`, `exchange/…`).
    @Field(key: "person") public var person: String
    /// The authority whose officers correct it.
    @Field(key: "authority_id") public var authorityID: UUID
    /// What is wrong, as the person showed it; blanked with the request's identity.
    @Field(key: "note") public var note: String
    @Field(key: "asked_by") public var askedBy: String
    @Field(key: "asked_at") public var askedAt: Date
    @OptionalField(key: "done_by") public var doneBy: String?
    @OptionalField(key: "done_at") public var doneAt: Date?

    public init() {}

    public init(accessRequest: String, person: String, authorityID: UUID, note: String, askedBy: String, askedAt: Date) {
        self.accessRequest = accessRequest
        self.person = person
        self.authorityID = authorityID
        self.note = note
        self.askedBy = askedBy
        self.askedAt = askedAt
    }
}
