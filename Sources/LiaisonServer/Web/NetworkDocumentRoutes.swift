import Foundation
import Hummingbird
import LiaisonAccess
import LiaisonCore
import LiaisonILO
import NIOCore

/// The shared document space of a network: its documents with every version, upload of a new
/// document or version (scanned for type and size), and download as an attachment that the
/// browser never runs or shows inline.
struct NetworkDocumentRoutes {
    let services: LiaisonServices

    func register(web: ProtectedRoutes, api: ProtectedRoutes) {
        let network = services.network
        web.post("/networks/{id}/documents", .manageLocalNetworks) { request, context in
            let id = try APIRoutes.id(context)
            var request = request
            let body = Data(buffer: try await request.collectBody(upTo: DocumentScan.maximumBytes + 64 * 1024))
            let form = try MultipartForm(body: body, contentType: request.headers[.contentType] ?? "")
            guard case .session(_, let expected) = context.principal.credential, let token = form.fields["_csrf"], Secrets.constantTimeEquals(token, expected)
            else {
                try await services.auditCSRFRefusal(actor: context.actor, requestID: context.requestID)
                throw AppError.csrf
            }
            let existing = form.fields["document"].flatMap(UUID.init(uuidString:))
            do {
                guard let file = form.files["file"], !file.data.isEmpty else {
                    throw ServiceError.invalid("Choose a file to upload.", fields: ["file": "Required"])
                }
                let stored = try await network.upload(
                    to: id, existing: existing, title: form.fields["title"] ?? "",
                    readers: NetworkDocument.Readers(rawValue: form.fields["readers"] ?? "") ?? .members, fileName: file.fileName, content: file.data,
                    by: context.networkActor)
                return Response.redirect("/networks/\(id.uuidString)/documents/\(stored.record.id.uuidString)")
            } catch let presentable as any Presentable {
                if let existing { return try await documentPage(context, network: id, document: existing, error: presentable.presented) }
                return try await LocalNetworkRoutes(services: services).networkPage(context, id: id, documentError: presentable.presented)
            }
        }
        web.get("/networks/{id}/documents/{document}", .viewLocalNetworks) { _, context in
            try await documentPage(context, network: try APIRoutes.id(context), document: try APIRoutes.id(context, "document"))
        }
        web.get("/networks/{id}/documents/{document}/versions/{version}", .viewLocalNetworks) { _, context in
            try await download(context)
        }
        api.get("/networks/{id}/documents", .viewLocalNetworks) { _, context in
            try json(try await network.documents(of: try APIRoutes.id(context)).map(\.record))
        }
        api.get("/networks/{id}/documents/{document}/versions/{version}", .viewLocalNetworks) { _, context in
            try await download(context)
        }
    }

    /// The file as an attachment, with a type from the allow-list, never sniffed or run.
    private func download(_ context: AuthenticatedContext) async throws -> Response {
        let (networkID, documentID) = (try APIRoutes.id(context), try APIRoutes.id(context, "document"))
        guard let number = Int(try context.parameters.require("version")) else { throw AppError.notFound }
        let (entry, _) = try await services.network.localNetwork(networkID)
        let stored = try await services.network.record(NetworkDocument.self, id: documentID)
        guard stored.record.networkID == networkID else { throw AppError.notFound }
        if stored.record.readers == .members && !stored.own && !entry.isMemberNode {
            throw AppError(.forbidden, code: "document.notReader", title: "Not a reader", detail: "This document is for the network's members only.")
        }
        let (version, content) = try await services.network.content(of: documentID, version: number)
        var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: content)))
        response.headers[.contentType] = version.contentType
        response.headers[.contentDisposition] = "attachment; filename=\"\(version.fileName)\""
        response.headers[.contentSecurityPolicy] = "default-src 'none'; sandbox"
        response.headers[.cacheControl] = "private, no-store"
        return response
    }

    func documentPage(_ context: AuthenticatedContext, network id: UUID, document documentID: UUID, error: AppError? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let (entry, _) = try await services.network.localNetwork(id)
        let stored = try await services.network.record(NetworkDocument.self, id: documentID)
        guard stored.record.networkID == id else { throw AppError.notFound }
        let held = try await services.network.heldVersions(of: stored.record)
        let versions = stored.record.versions.reversed().map { version -> [String: Any] in
            [
                "number": version.number, "fileName": version.fileName, "size": ByteCountFormatter.string(fromByteCount: Int64(version.size), countStyle: .file),
                "by": version.uploadedBy, "when": DisplayFormat.minute(version.uploadedAt), "held": held.contains(version.number),
                "href": "/networks/\(id.uuidString)/documents/\(documentID.uuidString)/versions/\(version.number)",
            ]
        }
        var data: [String: Any] = [
            "networkHref": "/networks/\(id.uuidString)", "networkName": entry.network.record.name, "id": documentID.uuidString, "networkID": id.uuidString,
            "title": stored.record.title, "readers": strings("documents.readers.\(stored.record.readers.rawValue)"), "versions": versions,
            "canUpload": entry.isMemberNode && stored.own && context.principal.may(.manageLocalNetworks), "errors": error.map(strings.fields) ?? [:],
            "readerValue": stored.record.readers.rawValue,
        ]
        if let error { data["failure"] = strings.detail(of: error) }
        return services.renderer.page(
            "network-document", title: stored.record.title, request: context, principal: context.principal, currentPath: "/networks", data: data,
            status: error?.status ?? .ok)
    }
}
