import FluentKit
import Foundation

/// A data subject's request for access, as the data protection officer received it: the
/// identity to search for, the day it came in and the day the answer is due, and which of the
/// matcher's findings the officer confirmed as the person's.
public final class AccessRequestModel: Model, @unchecked Sendable {
    public static let schema = "access_requests"

    public enum State: String, Codable, Sendable {
        case open, answered
    }

    @ID(key: .id) public var id: UUID?
    /// What the officer and the person quote: `AR-2026-0001`.
    @Field(key: "reference") public var reference: String
    /// The identity given by the person (JSON `PersonIdentity`); blanked when the request's
    /// retention ends.
    @Field(key: "identity") public var identity: Data
    @Field(key: "received_on") public var receivedOn: String
    @Field(key: "due_on") public var dueOn: String
    @Field(key: "state") public var state: State
    /// The internal references of the persons' data the officer confirmed (JSON array of
    /// `notification/…`, `exchange/…`, `record/…`, `officer-data/…`).
    @Field(key: "confirmed") public var confirmed: Data
    @Field(key: "opened_by") public var openedBy: String
    @Field(key: "opened_at") public var openedAt: Date
    @OptionalField(key: "answered_at") public var answeredAt: Date?
    @OptionalField(key: "erased_at") public var erasedAt: Date?

    public init() {}

    public init(reference: String, identity: Data, receivedOn: String, dueOn: String, openedBy: String, openedAt: Date) {
        self.reference = reference
        self.identity = identity
        self.receivedOn = receivedOn
        self.dueOn = dueOn
        self.state = .open
        self.confirmed = Data("[]".utf8)
        self.openedBy = openedBy
        self.openedAt = openedAt
    }

    /// The confirmed references, in the order confirmed.
    public var confirmedPersons: [String] {
        get { (try? JSONDecoder().decode([String].self, from: confirmed)) ?? [] }
        set { confirmed = (try? JSONEncoder().encode(newValue)) ?? Data("[]".utf8) }
    }
}
