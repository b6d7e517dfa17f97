import FluentKit
import Foundation

/// The content of one version of a network document, as uploaded here or assembled from the
/// parts another node sent.
public final class DocumentFileModel: Model, @unchecked Sendable {
    public static let schema = "ilo_document_files"

    @ID(key: .id) public var id: UUID?
    @Field(key: "document_id") public var documentID: UUID
    @Field(key: "version") public var version: Int
    @Field(key: "sha256") public var sha256: String
    @Field(key: "content") public var content: Data

    public init() {}

    public init(documentID: UUID, version: Int, sha256: String, content: Data) {
        self.documentID = documentID
        self.version = version
        self.sha256 = sha256
        self.content = content
    }
}

/// A part of a version's content received from another node, kept until every part is here.
public final class DocumentPartModel: Model, @unchecked Sendable {
    public static let schema = "ilo_document_parts"

    @ID(key: .id) public var id: UUID?
    @Field(key: "document_id") public var documentID: UUID
    @Field(key: "version") public var version: Int
    @Field(key: "part") public var part: Int
    @Field(key: "parts") public var parts: Int
    @Field(key: "sha256") public var sha256: String
    @Field(key: "data") public var data: Data

    public init() {}

    public init(documentID: UUID, version: Int, part: Int, parts: Int, sha256: String, data: Data) {
        self.documentID = documentID
        self.version = version
        self.part = part
        self.parts = parts
        self.sha256 = sha256
        self.data = data
    }
}
