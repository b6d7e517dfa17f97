import FluentKit
import Foundation

/// An ILO deployment as this node holds it: its own (`originNode` is this node) or another
/// node's read-only copy. The record itself is JSON (`LiaisonCore.Deployment`); the columns
/// beside it are what the lists filter and sort on.
public final class DeploymentModel: Model, @unchecked Sendable {
    public static let schema = "ilo_deployments"

    @ID(key: .id) public var id: UUID?
    @Field(key: "origin_node") public var originNode: String
    @Field(key: "deploying_body") public var deployingBody: String
    @Field(key: "host_country") public var hostCountry: String
    @Field(key: "region") public var region: String
    @Field(key: "starts_on") public var startsOn: String
    @OptionalField(key: "ends_on") public var endsOn: String?
    @Field(key: "record") public var record: Data
    /// The owner's version (milliseconds of the change); a copy is replaced only by a newer one.
    @Field(key: "version") public var version: Int64
    @Field(key: "updated_at") public var updatedAt: Date

    public init() {}

    public init(id: UUID, originNode: String) {
        self.id = id
        self.originNode = originNode
    }
}

/// Every version of a deployment this node has seen, so that its history can be read back.
public final class DeploymentHistoryModel: Model, @unchecked Sendable {
    public static let schema = "ilo_deployment_history"

    @ID(key: .id) public var id: UUID?
    @Field(key: "deployment_id") public var deploymentID: UUID
    @Field(key: "version") public var version: Int64
    /// created, updated or ended.
    @Field(key: "change") public var change: String
    @Field(key: "record") public var record: Data
    /// The user at the owning node, or the node a copy came from.
    @Field(key: "changed_by") public var changedBy: String
    @Field(key: "recorded_at") public var recordedAt: Date

    public init() {}

    public init(deploymentID: UUID, version: Int64, change: String, record: Data, changedBy: String, recordedAt: Date) {
        self.deploymentID = deploymentID
        self.version = version
        self.change = change
        self.record = record
        self.changedBy = changedBy
        self.recordedAt = recordedAt
    }
}
