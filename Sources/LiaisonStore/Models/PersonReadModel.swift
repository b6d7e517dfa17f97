import FluentKit
import Foundation

/// One person's data shown to one official: the row the data protection officer reads to
/// answer "who saw this person, when and why". Each view of a page or an answer of the API
/// writes one entry in the hash-chained audit trail (`auditSequence`) and one row here per
/// person it showed, so that a list of five hundred rows costs one chained entry.
public final class PersonReadModel: Model, @unchecked Sendable {
    public static let schema = "person_reads"

    @ID(key: .id) public var id: UUID?
    /// The audit entry of the view this read belongs to.
    @Field(key: "audit_seq") public var auditSequence: Int64
    @Field(key: "occurred_at") public var occurredAt: Date
    @Field(key: "actor") public var actor: String
    /// The person, by an internal reference: `notification/<reference>`, `exchange/<id>`,
    /// `record/<reference>`; never a name.
    @Field(key: "person") public var person: String
    /// Why the data were shown: the view and the work it serves.
    @Field(key: "purpose") public var purpose: String

    public init() {}

    public init(auditSequence: Int64, occurredAt: Date, actor: String, person: String, purpose: String) {
        self.auditSequence = auditSequence
        self.occurredAt = occurredAt
        self.actor = actor
        self.person = person
        self.purpose = purpose
    }

    public static func notification(_ reference: String) -> String { "notification/\(reference)" }
    public static func exchange(_ id: UUID?) -> String { "exchange/\(id?.uuidString.lowercased() ?? "")" }
    public static func record(_ reference: String) -> String { "record/\(reference)" }
    /// What follows the kind in a reference: `DE-1` of `record/DE-1`.
    public static func key(of person: String) -> String { String(person.drop { $0 != "/" }.dropFirst()) }
}
