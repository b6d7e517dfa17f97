import FluentKit

/// The content of the local networks' shared documents, and the parts of it in transit.
struct M016_CreateDocumentFiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(DocumentFileModel.schema)
            .id()
            .field("document_id", .uuid, .required)
            .field("version", .int, .required)
            .field("sha256", .string, .required)
            .field("content", .data, .required)
            .unique(on: "document_id", "version")
            .create()
        try await database.schema(DocumentPartModel.schema)
            .id()
            .field("document_id", .uuid, .required)
            .field("version", .int, .required)
            .field("part", .int, .required)
            .field("parts", .int, .required)
            .field("sha256", .string, .required)
            .field("data", .data, .required)
            .unique(on: "document_id", "version", "part")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(DocumentPartModel.schema).delete()
        try await database.schema(DocumentFileModel.schema).delete()
    }
}
