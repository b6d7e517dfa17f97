import Foundation

/// What sign-in, sessions, tokens and administration need from the node's configuration.
public struct AccessSettings: Sendable {
    /// This node's state, for the authorities its administrators create.
    public var stateCode: String
    /// The address officials reach the node at, for enrolment links.
    public var publicURL: String
    public var sessionIdleTimeout: TimeInterval
    public var sessionAbsoluteTimeout: TimeInterval
    public var apiTokenLifetime: TimeInterval
    public var passwordHashCost: UInt8
    /// How often the directory's entries are confirmed again (PRODUCT.md section B).
    public var reconfirmationMonths = 6
    /// The classification marking of the overview of contact points and national arrangements.
    public var overviewMarking = "LIMITE"

    public init(
        stateCode: String, publicURL: String, sessionIdleTimeout: TimeInterval, sessionAbsoluteTimeout: TimeInterval, apiTokenLifetime: TimeInterval,
        passwordHashCost: UInt8
    ) {
        self.stateCode = stateCode
        self.publicURL = publicURL
        self.sessionIdleTimeout = sessionIdleTimeout
        self.sessionAbsoluteTimeout = sessionAbsoluteTimeout
        self.apiTokenLifetime = apiTokenLifetime
        self.passwordHashCost = passwordHashCost
    }
}
