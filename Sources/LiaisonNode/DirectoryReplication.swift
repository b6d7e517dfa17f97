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
        public var contact: ContactDetails?
        public var confirmedAt: Date?
        /// After this the entry is stale at every node, by its owner's cycle.
        public var reconfirmBy: Date?

        public init(id: String, name: String, kind: AuthorityKind, contact: ContactDetails? = nil, confirmedAt: Date? = nil, reconfirmBy: Date? = nil) {
            self.id = id
            self.name = name
            self.kind = kind
            self.contact = contact
            self.confirmedAt = confirmedAt
            self.reconfirmBy = reconfirmBy
        }
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
    public func publishDirectory(on database: any Database) async throws -> Int {
        let current = await manifest.current
        // The state is the one the manifest gives this node: the receivers check it against theirs.
        guard let own = current.node(settings.nodeID) else { return 0 }
        let allowed = DirectoryPublication.kinds(allowedFor: own)
        // An authority of a kind the manifest does not give this node stays off the network's
        // directory: the receivers would refuse the whole publication for it.
        let authorities = try await AuthorityModel.query(on: database).sort(\.$name).all().filter { allowed.contains($0.authority.kind) }
        let publication = DirectoryPublication(
            node: settings.nodeID, stateCode: own.stateCode, version: Int64((clock().timeIntervalSince1970 * 1000).rounded(.down)),
            authorities: authorities.map {
                .init(
                    id: $0.id?.uuidString ?? "", name: $0.name, kind: $0.authority.kind,
                    contact: $0.contactDetails, confirmedAt: $0.confirmedAt,
                    reconfirmBy: $0.reconfirmBy)
            })
        let body = try JSONEncoder().encode(publication)
        return try await database.transaction { tx in try await self.broadcast(kind: DirectoryPublication.kind, body: body, on: tx) }
    }
}

extension DirectoryPublication {
    /// The kinds of authority `node` may list: those the operator's manifest gives it, and for
    /// a state's node also the national kinds. The Commission's and the EU agencies' kinds are
    /// never a node's own claim, so no state can pass for either in another node's directory.
    static func kinds(allowedFor node: NetworkManifest.Node) -> Set<AuthorityKind> {
        let vouched = Set(node.authorities.map(\.kind))
        guard let state = ParticipatingState.named(node.stateCode), state.membership != .commission else { return vouched }
        return vouched.union([.immigrationAsylum, .counterTerrorism, .borderManagement])
    }

    /// Keeps the newest publication of the sending node as its read-only copy, after checking
    /// it against what the signed manifest says of the sender: its state and its kinds.
    static func apply(_ envelope: Envelope, manifest: NetworkManifest, on database: any Database, now: Date) async throws {
        guard let publication = try? JSONDecoder().decode(DirectoryPublication.self, from: envelope.body), publication.node == envelope.fromNode else {
            throw FederationRefusal(.malformed, "A directory update must describe its sender, and only its sender.")
        }
        guard let sender = manifest.node(publication.node), publication.stateCode == sender.stateCode else {
            throw FederationRefusal(.malformed, "A directory update must name the state the network manifest gives its sender.")
        }
        let allowed = kinds(allowedFor: sender)
        guard publication.authorities.allSatisfy({ allowed.contains($0.kind) }) else {
            throw FederationRefusal(.malformed, "A directory update lists a kind of authority the network manifest does not give its sender.")
        }
        guard publication.authorities.allSatisfy({ DisplayText.isPlain($0.name) && !$0.name.isEmpty && $0.name.count <= 200 && $0.id.count <= 64 }) else {
            throw FederationRefusal(.malformed, "A directory update holds a name that cannot be shown as it is.")
        }
        for entry in publication.authorities {
            do {
                try entry.contact?.check()
            } catch {
                throw FederationRefusal(.malformed, "A directory update holds contact details that do not hold: \(error.detail)")
            }
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
