import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonStore

/// A network record as this node holds it.
public struct StoredRecord<Record: NetworkRecord>: Sendable {
    public var record: Record
    public var originNode: String
    /// Whether this node owns it (and may change it).
    public var own: Bool
    public var version: Int64
    public var updatedBy: String
    public var updatedAt: Date
}

extension ILONetworkService {
    /// Every record of a type this node holds, own and copied, optionally under one parent.
    public func records<Record: NetworkRecord>(_: Record.Type, parent: UUID? = nil) async throws -> [StoredRecord<Record>] {
        var query = NetworkRecordModel.query(on: db).filter(\.$kind == Record.recordKind.rawValue)
        if let parent { query = query.filter(\.$parentID == parent) }
        return try await query.sort(\.$updatedAt, .descending).all().map(stored)
    }

    public func record<Record: NetworkRecord>(_: Record.Type, id: UUID) async throws -> StoredRecord<Record> {
        guard let model = try await NetworkRecordModel.find(id, on: db), model.kind == Record.recordKind.rawValue else { throw ServiceError.notFound }
        return try stored(model)
    }

    /// Stores a new version of one of this node's records and publishes it to every node, in
    /// one transaction with its audit entry. A record another node owns is refused.
    @discardableResult
    func publish<Record: NetworkRecord>(_ record: Record, by actor: Actor, to nodes: [String]? = nil, on tx: any Database) async throws
        -> StoredRecord<Record>
    {
        try record.check(publishedBy: stateCode)
        let existing = try await NetworkRecordModel.find(record.id, on: tx)
        if let existing, existing.originNode != nodeID || existing.kind != Record.recordKind.rawValue {
            throw ServiceError.conflict(
                code: "record.notOwn", title: "Not this node's record",
                detail: "Only the node that owns it changes it; this is a read-only copy of \(existing.originNode)'s.")
        }
        if let existing, existing.parentID != record.parentID {
            throw ServiceError.conflict(code: "record.moved", title: "Not where it belongs", detail: "A record stays under the network or meeting it was recorded in.")
        }
        let now = clock()
        // Versions grow even when two changes fall in the same millisecond.
        let version = max(Int64((now.timeIntervalSince1970 * 1000).rounded(.down)), (existing?.version ?? 0) + 1)
        let model = existing ?? NetworkRecordModel(id: record.id, kind: Record.recordKind.rawValue, originNode: nodeID)
        try await model.store(record, version: version, by: actor.username, at: now, on: tx)
        let publication = NetworkRecordPublication(node: nodeID, version: version, kind: Record.recordKind, record: record)
        let body = try JSONEncoder().encode(publication)
        if let federation, let nodes {
            for node in nodes { try await federation.enqueue(to: node, toAuthority: node, fromAuthority: nodeID, kind: NetworkRecordReceiver.kind, body: body, on: tx) }
        } else {
            try await federation?.broadcast(kind: NetworkRecordReceiver.kind, body: body, on: tx)
        }
        try await audit.append(
            AuditEvent(
                actor: actor.username, action: .networkRecordSaved, targetType: Record.recordKind.rawValue, targetID: record.id.uuidString,
                detail: existing == nil ? "created" : "updated", requestID: actor.requestID), on: tx)
        return try stored(model)
    }

    func stored<Record: NetworkRecord>(_ model: NetworkRecordModel) throws -> StoredRecord<Record> {
        StoredRecord(
            record: try JSONDecoder().decode(Record.self, from: model.record), originNode: model.originNode, own: model.originNode == nodeID,
            version: model.version, updatedBy: model.updatedBy, updatedAt: model.updatedAt)
    }
}
