import FluentKit
import Foundation
import LiaisonCore
import LiaisonFederation
import LiaisonStore

/// What a node publishes about itself: its authorities. Every other node keeps the latest
/// publication as a read-only copy.
public struct DirectoryPublication: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var kind: AuthorityKind
    }

    public var node: String
    public var stateCode: String
    public var version: Int64
    public var authorities: [Entry]

    public static let kind = "directory.update"
}

extension FederationNode {
    /// Sends this node's current directory entries to every other node of the manifest. Called at
    /// start (so that a node that joined late, or a copy lost, is repaired) and after each change.
    @discardableResult
    public func publishDirectory(stateCode: String, on database: any Database) async throws -> Int {
        let authorities = try await AuthorityModel.query(on: database).sort(\.$name).all()
        let publication = DirectoryPublication(
            node: settings.nodeID, stateCode: stateCode, version: Int64((clock().timeIntervalSince1970 * 1000).rounded(.down)),
            authorities: authorities.map { .init(id: $0.id?.uuidString ?? "", name: $0.name, kind: $0.authority.kind) })
        let body = try JSONEncoder().encode(publication)
        let peers = await manifest.current.nodes.filter { $0.nodeID != settings.nodeID && !$0.revoked }
        try await database.transaction { tx in
            for peer in peers {
                try await self.enqueue(
                    to: peer.nodeID, toAuthority: peer.nodeID, fromAuthority: self.settings.nodeID, kind: DirectoryPublication.kind,
                    body: body, on: tx)
            }
        }
        return peers.count
    }
}

extension DirectoryPublication {
    /// Keeps the newest publication of the sending node as its read-only copy.
    static func apply(_ envelope: Envelope, on database: any Database, now: Date) async throws {
        guard let publication = try? JSONDecoder().decode(DirectoryPublication.self, from: envelope.body), publication.node == envelope.fromNode else {
            throw FederationRefusal(.malformed, "A directory update must describe its sender, and only its sender.")
        }
        let existing = try await DirectoryCopyModel.query(on: database).filter(\.$nodeID == publication.node).first()
        if let existing, existing.version >= publication.version { return }
        let copy = existing ?? DirectoryCopyModel(nodeID: publication.node, stateCode: publication.stateCode, version: 0, entries: Data(), receivedAt: now)
        copy.stateCode = publication.stateCode
        copy.version = publication.version
        copy.entries = try JSONEncoder().encode(publication.authorities)
        copy.receivedAt = now
        try await copy.save(on: database)
    }
}
