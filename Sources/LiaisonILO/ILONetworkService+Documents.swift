import Crypto
import FluentKit
import Foundation
import LiaisonCore
import LiaisonFederation
import LiaisonNode
import LiaisonStore

/// A version's content as it travels: in parts small enough for an envelope, each signed and
/// receipted, the whole checked against its SHA-256 when the last part is in.
struct DocumentPart: Codable, Sendable {
    var node: String
    var documentID: UUID
    var version: Int
    var part: Int
    var parts: Int
    var sha256: String
    var data: Data

    static let kind = "ilo.document.part"
    /// Raw bytes per part: base64 and the envelope stay under the receivers' 256 KiB limit.
    static let size = 160 * 1024

    /// The digest a version is published with and its assembled content checked against.
    static func sha256(_ data: Data) -> String { SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined() }
}

extension ILONetworkService {
    public func documents(of network: UUID) async throws -> [StoredRecord<NetworkDocument>] {
        try await records(NetworkDocument.self, parent: network).sorted { $0.record.title < $1.record.title }
    }

    /// Uploads a new document, or a new version of `existing`, to a network this node has a
    /// member in. The file is scanned for type and size first; the record goes to the nodes
    /// that may read it, and so does the content, in parts.
    public func upload(
        to networkID: UUID, existing: UUID?, title: String, readers: NetworkDocument.Readers, fileName: String, content: Data, by actor: Actor
    ) async throws -> StoredRecord<NetworkDocument> {
        let (network, _) = try await localNetwork(networkID)
        guard network.isMemberNode else {
            throw ServiceError.conflict(
                code: "network.notMember", title: "Not a member of this network", detail: "Only a node with an officer in the network shares documents in it.")
        }
        let contentType = try DocumentScan.scan(content, fileName: fileName)
        var document = NetworkDocument(networkID: networkID, title: title.trimmingCharacters(in: .whitespacesAndNewlines), readers: readers)
        if let existing {
            let stored = try await record(NetworkDocument.self, id: existing)
            guard stored.record.networkID == networkID else { throw ServiceError.notFound }
            document = stored.record
        }
        let sha256 = DocumentPart.sha256(content)
        let number = document.versions.count + 1
        document.versions.append(
            .init(number: number, fileName: fileName, contentType: contentType, size: content.count, sha256: sha256, uploadedBy: actor.username, uploadedAt: clock()))
        let readerNodes = await readerNodes(of: document, in: network)
        let published = document
        let parts = stride(from: 0, to: content.count, by: DocumentPart.size).enumerated().map { index, offset in
            DocumentPart(
                node: nodeID, documentID: published.id, version: number, part: index, parts: (content.count + DocumentPart.size - 1) / DocumentPart.size,
                sha256: sha256, data: content.subdata(in: offset..<min(offset + DocumentPart.size, content.count)))
        }
        return try await db.transaction { tx in
            let stored = try await publish(published, by: actor, to: readerNodes, on: tx)
            try await DocumentFileModel(documentID: published.id, version: number, sha256: sha256, content: content).create(on: tx)
            if let federation {
                for node in readerNodes {
                    for part in parts {
                        try await federation.enqueue(
                            to: node, toAuthority: node, fromAuthority: nodeID, kind: DocumentPart.kind, body: try JSONEncoder().encode(part), on: tx)
                    }
                }
            }
            return stored
        }
    }

    /// A version's content, if this node holds it whole.
    public func content(of document: UUID, version: Int) async throws -> (NetworkDocument.Version, Data) {
        let stored = try await record(NetworkDocument.self, id: document)
        guard let entry = stored.record.versions.first(where: { $0.number == version }),
            let file = try await DocumentFileModel.query(on: db).filter(\.$documentID == document).filter(\.$version == version).first(),
            file.sha256 == entry.sha256
        else { throw ServiceError.notFound }
        return (entry, file.content)
    }

    /// The versions of `document` this node holds whole, found without reading their content.
    public func heldVersions(of document: NetworkDocument) async throws -> Set<Int> {
        let files = try await DocumentFileModel.query(on: db).filter(\.$documentID == document.id).field(\.$id).field(\.$version).field(\.$sha256).all()
        let published = Dictionary(document.versions.map { ($0.number, $0.sha256) }, uniquingKeysWith: { first, _ in first })
        return Set(files.filter { published[$0.version] == $0.sha256 }.map(\.version))
    }

    /// The other nodes that may read `document`: those with a member in its network, or every node.
    func readerNodes(of document: NetworkDocument, in network: LocalNetworkEntry) async -> [String] {
        guard let federation else { return [] }
        let nodes = await federation.manifest.current.nodes.filter { !$0.revoked && $0.nodeID != nodeID }
        guard document.readers == .members else { return nodes.map(\.nodeID) }
        let bodies = Set(network.members.map(\.deployment.deployingBody).map { DeployingAgency(rawValue: $0) != nil ? "EU" : $0 })
        return nodes.filter { bodies.contains($0.stateCode) }.map(\.nodeID)
    }

    func registerDocumentKinds(with node: FederationNode) {
        node.kinds.register(DocumentPart.kind) { envelope, database in
            let part: DocumentPart
            do {
                part = try AdministrativeContent.decode(DocumentPart.self, from: envelope.body)
            } catch {
                throw FederationRefusal(.malformed, "A document part must be sent whole, in the form of the network.")
            }
            guard part.node == envelope.fromNode, (0..<part.parts).contains(part.part), part.parts <= DocumentScan.maximumBytes / DocumentPart.size + 1,
                part.data.count <= DocumentPart.size, part.version > 0
            else { throw FederationRefusal(.malformed, "A document part out of its bounds.") }
            if let owner = try await NetworkRecordModel.find(part.documentID, on: database), owner.originNode != part.node {
                throw FederationRefusal(.malformed, "That document belongs to another node.")
            }
            let held = try await DocumentFileModel.query(on: database).filter(\.$documentID == part.documentID).filter(\.$version == part.version).count()
            guard held == 0 else { return }
            let seen = try await DocumentPartModel.query(on: database).filter(\.$documentID == part.documentID).filter(\.$version == part.version).all()
            guard !seen.contains(where: { $0.part == part.part }) else { return }
            let stored = DocumentPartModel(documentID: part.documentID, version: part.version, part: part.part, parts: part.parts, sha256: part.sha256, data: part.data)
            try await stored.create(on: database)
            let all = (seen + [stored]).sorted { $0.part < $1.part }
            guard all.count == part.parts else { return }
            let content = all.reduce(into: Data()) { $0.append($1.data) }
            // A content that does not match what its owner signed is dropped, never kept.
            guard DocumentPart.sha256(content) == part.sha256, all.allSatisfy({ $0.sha256 == part.sha256 && $0.parts == part.parts }) else {
                throw FederationRefusal(.malformed, "The parts of the document do not make the content announced.")
            }
            try await DocumentFileModel(documentID: part.documentID, version: part.version, sha256: part.sha256, content: content).create(on: database)
            try await DocumentPartModel.query(on: database).filter(\.$documentID == part.documentID).filter(\.$version == part.version).delete()
        }
    }
}
