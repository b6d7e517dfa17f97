/// Why a node refuses something from another node. Codes are stable: they travel in
/// problem+json answers between nodes and appear in the receiver's audit trail.
public struct FederationRefusal: Error, Sendable, Equatable {
    public struct Code: RawRepresentable, Sendable, Hashable, Codable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let badSignature = Code(rawValue: "federation.badSignature")
        public static let unknownNode = Code(rawValue: "federation.unknownNode")
        public static let revokedNode = Code(rawValue: "federation.revokedNode")
        public static let expired = Code(rawValue: "federation.expired")
        public static let notYetValid = Code(rawValue: "federation.notYetValid")
        public static let replay = Code(rawValue: "federation.replay")
        public static let tooLarge = Code(rawValue: "federation.tooLarge")
        public static let notForThisNode = Code(rawValue: "federation.notForThisNode")
        public static let unknownAuthority = Code(rawValue: "federation.unknownAuthority")
        public static let senderMismatch = Code(rawValue: "federation.senderMismatch")
        public static let manifestSignature = Code(rawValue: "federation.manifestSignature")
        public static let manifestRollback = Code(rawValue: "federation.manifestRollback")
        public static let malformed = Code(rawValue: "federation.malformed")
        public static let unknownKind = Code(rawValue: "federation.unknownKind")
        public static let untrustedCertificate = Code(rawValue: "federation.untrustedCertificate")
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, _ detail: String) {
        self.code = code
        self.detail = detail
    }
}
