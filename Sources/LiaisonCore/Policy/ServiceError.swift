/// A refusal by a service below the HTTP layer that is not a rule's (those are
/// `PolicyError`): something not found, input that does not hold together, a state that
/// does not allow the action, or credentials that do not sign in. It carries a stable code and a message that is safe to show;
/// the server maps it to problem+json and to pages, and nothing here knows HTTP.
public struct ServiceError: Error, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case notFound, invalid, conflict
        /// Credentials that do not sign anyone in.
        case unauthenticated
        /// A one-time link or code that was valid once and is no more.
        case gone
        /// Attempts paused after repeated failures.
        case tooManyRequests
    }

    public let kind: Kind
    public let code: String
    public let title: String
    public let detail: String
    /// Per-field messages for forms and API validation.
    public let fields: [String: String]

    public init(_ kind: Kind, code: String, title: String, detail: String, fields: [String: String] = [:]) {
        self.kind = kind
        self.code = code
        self.title = title
        self.detail = detail
        self.fields = fields
    }

    public static let notFound = ServiceError(.notFound, code: "http.notFound", title: "Not found", detail: "There is nothing at this address.")

    public static func invalid(_ detail: String, fields: [String: String] = [:]) -> ServiceError {
        ServiceError(.invalid, code: "input.invalid", title: "Please check your input", detail: detail, fields: fields)
    }

    /// A rule that refuses the action in the current state of things.
    public static func conflict(_ policy: PolicyError) -> ServiceError {
        ServiceError(.conflict, code: policy.code.rawValue, title: "Not possible", detail: policy.detail)
    }

    public static func conflict(code: String, title: String, detail: String) -> ServiceError {
        ServiceError(.conflict, code: code, title: title, detail: detail)
    }
}
