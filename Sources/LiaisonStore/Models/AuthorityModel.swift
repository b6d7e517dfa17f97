import FluentKit
import Foundation
import LiaisonCore

public final class AuthorityModel: Model, @unchecked Sendable {
    public static let schema = "authorities"

    @ID(key: .id) public var id: UUID?
    @Field(key: "name") public var name: String
    @Field(key: "kind") public var kind: String
    @Field(key: "state_code") public var stateCode: String
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?
    /// `LiaisonCore.ContactPoint` as JSON, once set.
    @OptionalField(key: "contact") public var contact: Data?
    @OptionalField(key: "confirmed_at") public var confirmedAt: Date?
    /// When the entry is due to be confirmed again; after that it is stale everywhere.
    @OptionalField(key: "reconfirm_by") public var reconfirmBy: Date?

    public init() {}

    public init(id: UUID? = nil, name: String, kind: AuthorityKind, stateCode: String) {
        self.id = id
        self.name = name
        self.kind = kind.rawValue
        self.stateCode = stateCode
    }

    public var authority: Authority {
        Authority(
            id: id?.uuidString ?? "", name: name,
            kind: AuthorityKind(rawValue: kind) ?? .immigrationAsylum, stateCode: stateCode)
    }
}

extension AuthorityModel {
    /// The contact point as set, if any.
    public var contactDetails: ContactDetails? { contact.flatMap { try? JSONDecoder().decode(ContactDetails.self, from: $0) } }

    /// Not confirmed by `date` (or never): stale at every node.
    public func isStale(at date: Date) -> Bool { (reconfirmBy ?? .distantPast) < date }
}
