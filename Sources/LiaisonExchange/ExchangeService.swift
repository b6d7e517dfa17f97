import FluentKit
import Foundation
import LiaisonCore
import LiaisonNode
import LiaisonFederation
import LiaisonStore

/// The CT ↔ immigration exchange of PRODUCT.md section A: notifications, bilateral
/// exchanges, answers, administrative records and the alerts they raise. Every decision of
/// a rule is `ExchangeRules`'; this type gathers what the rules need and stores the outcome.
/// The web pages and the API call the same methods.
public struct ExchangeService: Sendable {
    let database: LiaisonDatabase
    let audit: any AuditTrail
    let federation: FederationNode?
    let settings: ExchangeSettings
    /// Where the immigration authority's records are read: the built-in table by default.
    public let records: any AdministrativeRecords
    let stateCode: String
    let clock: @Sendable () -> Date

    public init(
        database: LiaisonDatabase, audit: any AuditTrail, federation: FederationNode?, stateCode: String, settings: ExchangeSettings,
        records: any AdministrativeRecords = TableAdministrativeRecords(), clock: @escaping @Sendable () -> Date
    ) {
        self.records = records
        self.database = database
        self.audit = audit
        self.federation = federation
        self.settings = settings
        self.stateCode = stateCode.uppercased()
        self.clock = clock
    }

    /// Declares the exchange's envelope kinds to the node runtime: each is applied here.
    public func registerKinds(with node: FederationNode) {
        node.kinds.register(ExchangeKind.allCases.map(\.rawValue)) { envelope, database in try await apply(envelope, on: database) }
        node.kinds.register([ErasureNotice.kind]) { envelope, database in try await applyErasure(envelope, on: database) }
    }

    var db: any Database { database.database() }

    /// Who is acting, as the exchange sees it.
    public struct Actor: Sendable {
        public var userID: UUID
        public var username: String
        public var authority: Authority
        public var requestID: String?

        public init(userID: UUID, username: String, authority: Authority, requestID: String?) {
            self.userID = userID
            self.username = username
            self.authority = authority
            self.requestID = requestID
        }

        /// Local authorities have UUID ids; anything else (never expected) becomes an id
        /// that matches no row, so scoping by authority then finds nothing rather than too much.
        public var authorityID: UUID { UUID(uuidString: authority.id) ?? UUID() }
        public var contactPoint: ContactPoint { ContactPoint(stateCode: authority.stateCode, kind: authority.kind) }
    }

    // MARK: Rules at the edge

    /// Runs a rule; a refusal is written to the audit trail with its code, then thrown.
    func enforce<T>(_ actor: Actor, target: String? = nil, _ check: () throws -> T) async throws -> T {
        do {
            return try check()
        } catch let refusal as PolicyError {
            try await audit.append(
                AuditEvent(
                    actor: actor.username, action: .ruleRefused, outcome: .denied, targetType: "exchange", targetID: target,
                    detail: refusal.code.rawValue, requestID: actor.requestID), on: db)
            throw refusal
        }
    }

    /// Every view of a person's data leaves an entry with its reason (PRODUCT.md F): one in the
    /// chained audit trail for the view, and one row per person shown (`PersonReadModel`,
    /// references such as `notification/…`, never names), both in one transaction.
    func recordRead(_ actor: Actor, targetType: String, targetID: String, reason: String, persons: [String]) async throws {
        try await db.transaction { tx in
            let entry = try await audit.append(
                AuditEvent(
                    actor: actor.username, action: .personalDataRead, targetType: targetType, targetID: targetID, reason: reason,
                    detail: "persons=\(Set(persons).count)", requestID: actor.requestID), on: tx)
            let at = Date(timeIntervalSince1970: Double(entry.occurredAtMilliseconds) / 1000)
            let rows = Set(persons).sorted().map {
                PersonReadModel(auditSequence: entry.sequence, occurredAt: at, actor: actor.username, person: $0, purpose: reason)
            }
            if !rows.isEmpty { try await rows.create(on: tx) }
        }
    }

    func record(_ actor: Actor, _ action: AuditAction, targetType: String, targetID: String, detail: String? = nil, on database: any Database) async throws {
        try await audit.append(
            AuditEvent(actor: actor.username, action: action, targetType: targetType, targetID: targetID, detail: detail, requestID: actor.requestID),
            on: database)
    }

    // MARK: Authorities

    /// The node's own authority of `kind` (the national counterpart for R2).
    func nationalAuthority(_ kind: AuthorityKind, on database: any Database) async throws -> AuthorityModel {
        guard
            let authority = try await AuthorityModel.query(on: database)
                .filter(\.$kind == kind.rawValue).filter(\.$stateCode == stateCode).sort(\.$createdAt).first()
        else {
            throw ServiceError.conflict(
                code: "exchange.noNationalAuthority", title: "Not set up",
                detail: "This node has no \(kind.rawValue) authority; the node administrator adds it under Authorities.")
        }
        return authority
    }

    /// This node's authority of `kind` as the network manifest names it.
    func ownManifestAuthority(_ kind: AuthorityKind) async throws -> (node: String, authority: String) {
        let node = try requireFederation()
        guard let entry = await node.manifest.current.node(node.settings.nodeID),
            let authority = entry.authorities.first(where: { $0.kind == kind })
        else {
            throw ServiceError.conflict(code: "exchange.notInManifest", title: "Not in the network", detail: "The network manifest lists no \(kind.rawValue) authority of this node.")
        }
        return (node.settings.nodeID, authority.id)
    }

    /// The contact point of `kind` in `state`, as the manifest lists it.
    func counterpart(state: String, kind: AuthorityKind) async throws -> (node: NetworkManifest.Node, authority: NetworkManifest.ManifestAuthority) {
        let node = try requireFederation()
        let manifest = await node.manifest.current
        for entry in manifest.nodes where entry.stateCode == state && !entry.revoked {
            if let authority = entry.authorities.first(where: { $0.kind == kind }) { return (entry, authority) }
        }
        throw ServiceError.invalid("\(state) has no \(kind.rawValue) contact point in the network.", fields: ["targetStates": "No contact point of this kind."])
    }

    /// The states that have a node, this one excluded.
    func networkStates() async -> Set<String> {
        guard let federation else { return [] }
        return Set(await federation.manifest.current.nodes.filter { !$0.revoked }.map(\.stateCode))
    }

    /// The other states an exchange may go to: every state with a node but this one and the
    /// Commission's, sorted.
    public func foreignStates() async -> [String] {
        await networkStates().filter { $0 != stateCode && $0 != "EU" }.sorted()
    }

    func requireFederation() throws -> FederationNode {
        guard let federation else {
            throw ServiceError.conflict(code: "exchange.standalone", title: "Not in a network", detail: "This node runs alone; it has no network to exchange with.")
        }
        return federation
    }

    public static func encode<T: Encodable>(_ value: T) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(value)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ data: Data) throws -> T {
        try JSONDecoder().decode(T.self, from: data)
    }
}
