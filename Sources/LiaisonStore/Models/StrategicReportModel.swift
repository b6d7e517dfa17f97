import FluentKit
import Foundation

/// A strategic report: this node's drafts and published reports, and the published reports of
/// every other node as read-only copies. The report itself is JSON (`LiaisonCore.StrategicReport`).
public final class StrategicReportModel: Model, @unchecked Sendable {
    public static let schema = "ilo_reports"

    @ID(key: .id) public var id: UUID?
    @Field(key: "origin_node") public var originNode: String
    /// draft (never leaves the node) or published.
    @Field(key: "state") public var state: String
    @Field(key: "title") public var title: String
    @OptionalField(key: "host_country") public var hostCountry: String?
    @OptionalField(key: "region") public var region: String?
    @Field(key: "record") public var record: Data
    /// The user who wrote it, at its own node; the node's id on a copy.
    @Field(key: "author") public var author: String
    @OptionalField(key: "published_at") public var publishedAt: Date?
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public init(id: UUID, originNode: String, author: String) {
        self.id = id
        self.originNode = originNode
        self.author = author
        self.state = "draft"
    }
}
