import FluentKit
import Foundation
import LiaisonCore
import LiaisonFederation
import LiaisonNode
import LiaisonStore

/// A deployment as its owning node publishes it to every other node, after each change.
public struct DeploymentPublication: Codable, Sendable {
    public var node: String
    public var version: Int64
    public var change: DeploymentChange
    public var deployment: Deployment

    public static let kind = "ilo.deployment"

    /// Keeps the newest version of another node's deployment as a read-only copy, with its
    /// history, after checking that the sender may speak for the deploying body: a state's
    /// node for its own officers, the Commission's node for the Commission's and the agencies'.
    static func apply(_ envelope: Envelope, manifest: NetworkManifest, on database: any Database, now: Date) async throws {
        let publication: DeploymentPublication
        do {
            publication = try AdministrativeContent.decode(DeploymentPublication.self, from: envelope.body)
        } catch {
            throw FederationRefusal(.malformed, "A deployment must be published whole, in the form of the network.")
        }
        guard publication.node == envelope.fromNode, let sender = manifest.node(publication.node) else {
            throw FederationRefusal(.malformed, "A deployment must be published by the node that owns it.")
        }
        do {
            try DeploymentRules.check(publication.deployment, publishedBy: sender.stateCode)
        } catch {
            throw FederationRefusal(.malformed, "The deployment does not hold: \(error.detail)")
        }
        let id = publication.deployment.id
        let existing = try await DeploymentModel.find(id, on: database)
        if let existing, existing.originNode != publication.node {
            throw FederationRefusal(.malformed, "That deployment belongs to another node.")
        }
        // Versions may arrive out of order: the newest is the record; each one joins the history once.
        if existing.map({ $0.version < publication.version }) ?? true {
            let model = existing ?? DeploymentModel(id: id, originNode: publication.node)
            try await model.store(publication.deployment, version: publication.version, at: now, on: database)
        }
        let seen = try await DeploymentHistoryModel.query(on: database).filter(\.$deploymentID == id).filter(\.$version == publication.version).count()
        guard seen == 0 else { return }
        try await DeploymentHistoryModel(
            deploymentID: id, version: publication.version, change: publication.change.rawValue,
            record: try JSONEncoder().encode(publication.deployment), changedBy: publication.node, recordedAt: now
        ).create(on: database)
    }
}

/// What a new version of a deployment did.
public enum DeploymentChange: String, Codable, Sendable {
    case created, updated, ended
}

extension DeploymentModel {
    /// Writes `deployment` as this row's current version.
    func store(_ deployment: Deployment, version: Int64, at now: Date, on database: any Database) async throws {
        deployingBody = deployment.deployingBody
        hostCountry = deployment.hostCountry
        region = deployment.region.rawValue
        startsOn = deployment.startsOn
        endsOn = deployment.endsOn
        record = try JSONEncoder().encode(deployment)
        self.version = version
        updatedAt = now
        try await save(on: database)
    }

    /// The record as stored.
    public func deployment() throws -> Deployment { try JSONDecoder().decode(Deployment.self, from: record) }
}
