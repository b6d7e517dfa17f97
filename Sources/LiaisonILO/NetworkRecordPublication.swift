import FluentKit
import Foundation
import LiaisonCore
import LiaisonFederation
import LiaisonNode
import LiaisonStore

/// A record of the ILO network as its owning node publishes it to every other node, after
/// each change: local networks and their activities from the node that records them, the
/// Steering Board's records from the Commission's node only.
struct NetworkRecordPublication<Record: NetworkRecord>: Codable, Sendable {
    var node: String
    var version: Int64
    var kind: NetworkRecordKind
    var record: Record

    static var kind: String { "ilo.record" }
}

/// The part of every publication that says which record type follows.
private struct PublicationHeader: Decodable {
    var kind: NetworkRecordKind
}

enum NetworkRecordReceiver {
    static let kind = "ilo.record"

    /// The record types, by the kind they travel under.
    static let types: [NetworkRecordKind: any NetworkRecord.Type] = [
        .localNetwork: LocalNetwork.self, .networkActivity: NetworkActivity.self, .networkDocument: NetworkDocument.self, .boardMember: BoardMember.self,
        .boardMeeting: BoardMeeting.self, .boardDecision: BoardDecision.self, .boardDocument: BoardDocument.self, .boardRules: BoardRules.self,
    ]

    /// Keeps the newest version of another node's record as a read-only copy, after checking
    /// that the sender may publish it and that it holds by its kind's rules.
    static func apply(_ envelope: Envelope, manifest: NetworkManifest, on database: any Database, now: Date) async throws {
        guard let header = try? JSONDecoder().decode(PublicationHeader.self, from: envelope.body), let type = types[header.kind] else {
            throw FederationRefusal(.malformed, "A network record must name a known kind.")
        }
        try await apply(type, envelope, manifest: manifest, on: database, now: now)
    }

    private static func apply<Record: NetworkRecord>(_: Record.Type, _ envelope: Envelope, manifest: NetworkManifest, on database: any Database, now: Date)
        async throws
    {
        let publication: NetworkRecordPublication<Record>
        do {
            publication = try AdministrativeContent.decode(NetworkRecordPublication<Record>.self, from: envelope.body)
        } catch {
            throw FederationRefusal(.malformed, "A network record must be published whole, in the form of the network.")
        }
        guard publication.node == envelope.fromNode, let sender = manifest.node(publication.node), publication.kind == Record.recordKind else {
            throw FederationRefusal(.malformed, "A network record must be published by the node that owns it.")
        }
        if Record.recordKind.isBoard && sender.stateCode != "EU" {
            throw FederationRefusal(.malformed, "Only the Commission's node, which chairs the Steering Board, publishes the Board's records.")
        }
        do {
            try publication.record.check(publishedBy: sender.stateCode)
        } catch {
            throw FederationRefusal(.malformed, "The record does not hold: \(error.detail)")
        }
        let existing = try await NetworkRecordModel.find(publication.record.id, on: database)
        if let existing, existing.originNode != publication.node || existing.kind != Record.recordKind.rawValue {
            throw FederationRefusal(.malformed, "That record belongs to another node.")
        }
        if let existing, existing.version >= publication.version { return }
        let model = existing ?? NetworkRecordModel(id: publication.record.id, kind: Record.recordKind.rawValue, originNode: publication.node)
        try await model.store(publication.record, version: publication.version, by: publication.node, at: now, on: database)
    }
}

extension NetworkRecordModel {
    func store<Record: NetworkRecord>(_ record: Record, version: Int64, by author: String, at now: Date, on database: any Database) async throws {
        parentID = record.parentID
        self.record = try JSONEncoder().encode(record)
        self.version = version
        updatedBy = author
        updatedAt = now
        try await save(on: database)
    }
}
