import FluentKit
import Foundation
import LiaisonCore
import LiaisonFederation
import LiaisonNode
import LiaisonStore

/// A strategic report as lists and pages show it.
public struct ReportEntry: Sendable {
    public var report: StrategicReport
    public var originNode: String
    public var published: Bool
    /// Whether this node wrote it (and its officers may change it while it is a draft).
    public var own: Bool
    public var author: String
    public var publishedAt: Date?
    public var updatedAt: Date
}

/// Publication refused: the report holds personal data. Each finding names its text and span,
/// so that the page can mark them and the author edit and publish again.
public struct PersonalDataInReport: Error, Sendable {
    public let findings: [ReportFinding]

    /// The refusal as the API and the pages state it, one message per text.
    public var serviceError: ServiceError {
        var fields: [String: String] = [:]
        for (field, findings) in Dictionary(grouping: findings, by: \.field) {
            fields[field] = findings.map { "\($0.span.kind.explanation) (characters \($0.span.start)–\($0.span.end))" }.joined(separator: " ")
        }
        return ServiceError(
            .invalid, code: "report.personalData", title: "The report holds personal data",
            detail: "A strategic report carries no personal data. \(findings.count) finding(s) in: \(fields.keys.sorted().joined(separator: ", ")).", fields: fields)
    }
}

extension ILONetworkService {
    /// Published reports of the whole network, and this node's drafts, newest first.
    public func reports() async throws -> [ReportEntry] {
        try await StrategicReportModel.query(on: db).sort(\.$updatedAt, .descending).all().map(reportEntry)
    }

    public func report(_ id: UUID) async throws -> ReportEntry {
        guard let model = try await StrategicReportModel.find(id, on: db) else { throw ServiceError.notFound }
        return try reportEntry(model)
    }

    /// Keeps a draft. Drafts stay on this node: only a published report travels.
    public func saveDraft(_ report: StrategicReport, id: UUID? = nil, by actor: Actor) async throws -> ReportEntry {
        try StrategicReportRules.check(report)
        var report = report
        let model: StrategicReportModel
        if let id {
            guard let existing = try await StrategicReportModel.find(id, on: db) else { throw ServiceError.notFound }
            guard existing.originNode == nodeID, existing.state == "draft" else {
                throw ServiceError.conflict(code: "report.notDraft", title: "Not a draft of this node", detail: "A published report or another node's copy is not changed.")
            }
            model = existing
            report.id = id
        } else {
            report.id = UUID()
            model = StrategicReportModel(id: report.id, originNode: nodeID, author: actor.username)
        }
        try await write(report, to: model, on: db)
        try await audit.append(
            AuditEvent(actor: actor.username, action: .reportSaved, targetType: "report", targetID: report.id.uuidString, requestID: actor.requestID), on: db)
        return try reportEntry(model)
    }

    /// Publishes a draft to every node when the detector finds no personal data in it; else
    /// refuses with every finding (`PersonalDataInReport`), audited, and the draft stays as it is.
    public func publish(_ id: UUID, by actor: Actor) async throws -> ReportEntry {
        guard let model = try await StrategicReportModel.find(id, on: db) else { throw ServiceError.notFound }
        guard model.originNode == nodeID, model.state == "draft" else {
            throw ServiceError.conflict(code: "report.notDraft", title: "Not a draft of this node", detail: "Only a draft of this node is published.")
        }
        let report = try JSONDecoder().decode(StrategicReport.self, from: model.record)
        try StrategicReportRules.check(report)
        let findings = StrategicReportRules.personalData(in: report)
        guard findings.isEmpty else {
            // The entry names the kinds found, never the text: it would be the personal data itself.
            try await audit.append(
                AuditEvent(
                    actor: actor.username, action: .reportBlocked, outcome: .denied, targetType: "report", targetID: id.uuidString,
                    detail: Set(findings.map(\.span.kind.rawValue)).sorted().joined(separator: ","), requestID: actor.requestID), on: db)
            throw PersonalDataInReport(findings: findings)
        }
        let now = clock()
        let body = try JSONEncoder().encode(ReportPublication(node: nodeID, publishedAt: now, report: report))
        try await db.transaction { tx in
            model.state = "published"
            model.publishedAt = now
            model.updatedAt = now
            try await model.save(on: tx)
            try await federation?.broadcast(kind: ReportPublication.kind, body: body, on: tx)
            try await audit.append(
                AuditEvent(actor: actor.username, action: .reportPublished, targetType: "report", targetID: id.uuidString, requestID: actor.requestID), on: tx)
        }
        return try reportEntry(model)
    }

    func write(_ report: StrategicReport, to model: StrategicReportModel, on database: any Database) async throws {
        model.title = report.title
        model.hostCountry = report.hostCountry
        model.region = report.region?.rawValue
        model.record = try JSONEncoder().encode(report)
        model.updatedAt = clock()
        try await model.save(on: database)
    }

    func reportEntry(_ model: StrategicReportModel) throws -> ReportEntry {
        ReportEntry(
            report: try JSONDecoder().decode(StrategicReport.self, from: model.record), originNode: model.originNode, published: model.state == "published",
            own: model.originNode == nodeID, author: model.author, publishedAt: model.publishedAt, updatedAt: model.updatedAt)
    }
}

/// A published report as its node sends it to every other node.
public struct ReportPublication: Codable, Sendable {
    public var node: String
    public var publishedAt: Date
    public var report: StrategicReport

    public static let kind = "ilo.report"

    /// Keeps another node's published report as a read-only copy, after the same checks as at
    /// its node: well formed, and no personal data (a node that skipped its own check is
    /// refused here, and nothing is kept).
    static func apply(_ envelope: Envelope, on database: any Database, now: Date) async throws {
        let malformed = FederationRefusal(.malformed, "A report must be published whole, in the form of the network.")
        guard let publication = try? JSONDecoder().decode(ReportPublication.self, from: envelope.body),
            AdministrativeContent.firstUnknownField(in: envelope.body, decodedAs: publication) == nil,
            (try? StrategicReportRules.check(publication.report)) != nil
        else { throw malformed }
        guard publication.node == envelope.fromNode else { throw FederationRefusal(.malformed, "A report is published by the node that wrote it.") }
        guard StrategicReportRules.personalData(in: publication.report).isEmpty else {
            throw FederationRefusal(.malformed, "A strategic report carries no personal data; this one does, and was not kept.")
        }
        let id = publication.report.id
        if let existing = try await StrategicReportModel.find(id, on: database) {
            guard existing.originNode == publication.node else { throw FederationRefusal(.malformed, "That report belongs to another node.") }
            return
        }
        let model = StrategicReportModel(id: id, originNode: publication.node, author: publication.node)
        model.state = "published"
        model.publishedAt = publication.publishedAt
        model.title = publication.report.title
        model.hostCountry = publication.report.hostCountry
        model.region = publication.report.region?.rawValue
        model.record = try JSONEncoder().encode(publication.report)
        model.updatedAt = now
        try await model.create(on: database)
    }
}
