import FluentKit
import Foundation

/// Personal data a liaison officer of this node holds for a task of Art. 3(6). It never leaves
/// the node, and the daily retention job deletes it on its day.
public final class OfficerPersonalDataModel: Model, @unchecked Sendable {
    public static let schema = "ilo_personal_data"

    @ID(key: .id) public var id: UUID?
    @Field(key: "purpose") public var purpose: String
    @Field(key: "subject") public var subject: String
    @Field(key: "content") public var content: String
    @Field(key: "delete_on") public var deleteOn: String
    @Field(key: "recorded_by") public var recordedBy: String
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}

    public init(id: UUID, purpose: String, subject: String, content: String, deleteOn: String, recordedBy: String, recordedAt: Date) {
        self.id = id
        self.purpose = purpose
        self.subject = subject
        self.content = content
        self.deleteOn = deleteOn
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}
