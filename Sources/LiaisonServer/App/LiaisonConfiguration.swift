import Foundation
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore

/// Everything a node needs to start. Built from flags and the environment by the CLI,
/// and directly by tests.
public struct LiaisonConfiguration: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseLocation
    /// The state this node speaks for, e.g. `BE`.
    public var stateCode: String
    /// The node's public base URL, used in enrolment links.
    public var publicURL: String
    /// Whether the node is served over TLS (directly or behind a TLS-terminating proxy):
    /// then cookies are `Secure` and HSTS is sent.
    public var servedOverTLS: Bool
    public var sessionIdleTimeout: TimeInterval
    public var sessionAbsoluteTimeout: TimeInterval
    public var apiTokenLifetime: TimeInterval
    /// bcrypt cost; lowered only in tests.
    public var passwordHashCost: UInt8
    /// When set, `/metrics` requires `Authorization: Bearer <token>`.
    public var metricsToken: String?
    public var maximumRequestBody: Int
    /// A connection that sends nothing for this long is closed, and so is one whose request
    /// header has not ended by then: idle and slow-header connections cannot hold the port.
    public var connectionIdleTimeout: TimeInterval = 30
    /// The node's place in the network; without it the node runs alone.
    public var federation: FederationSettings?
    /// The rules this node applies to the CT ↔ immigration exchange.
    public var exchange = ExchangeSettings()
    /// How often this node's directory entries are confirmed again, in months.
    public var reconfirmationMonths = 6
    /// The classification marking of the overview of contact points and national arrangements.
    public var overviewMarking = "LIMITE"
    /// Every setting of `NodeSettings` with its value and where it came from, once resolved.
    public var settings: [ResolvedSetting] = []

    public init(
        host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .sqliteFile("liaison-data/liaison.sqlite"),
        stateCode: String = "BE", publicURL: String? = nil, servedOverTLS: Bool = false,
        sessionIdleTimeout: TimeInterval = 30 * 60, sessionAbsoluteTimeout: TimeInterval = 12 * 3600,
        apiTokenLifetime: TimeInterval = 90 * 86400, passwordHashCost: UInt8 = 12, metricsToken: String? = nil,
        maximumRequestBody: Int = 1 << 20
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.stateCode = stateCode
        self.publicURL = publicURL ?? "http://\(host):\(port)"
        self.servedOverTLS = servedOverTLS
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionAbsoluteTimeout = sessionAbsoluteTimeout
        self.apiTokenLifetime = apiTokenLifetime
        self.passwordHashCost = passwordHashCost
        self.metricsToken = metricsToken
        self.maximumRequestBody = maximumRequestBody
    }

    public var state: ParticipatingState? { ParticipatingState.named(stateCode) }
}
