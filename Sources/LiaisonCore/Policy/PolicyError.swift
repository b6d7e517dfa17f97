/// A refusal by the domain, with a stable code that reaches the API as problem+json `code`,
/// the web page as a readable message, and the audit trail.
public struct PolicyError: Error, Sendable, Equatable {
    public struct Code: RawRepresentable, Sendable, Hashable, Codable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let forbidden = Code(rawValue: "auth.forbidden")
        public static let unknownRole = Code(rawValue: "input.unknownRole")
        public static let lastAdministrator = Code(rawValue: "users.lastAdministrator")
        public static let selfLockout = Code(rawValue: "users.selfLockout")
    }

    public let code: Code
    public let detail: String

    public init(_ code: Code, detail: String) {
        self.code = code
        self.detail = detail
    }
}
