import Foundation
import HTTPTypes
import Hummingbird
import LiaisonCore
import LiaisonExchange
import LiaisonNode

/// An error that reaches the edge: an HTTP status, a stable code, and a message that is
/// safe to show (never an internal error's text). The API renders it as RFC 9457
/// problem+json; the web pages as a readable page.
public struct AppError: Error, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var title: String
    public var detail: String
    /// Per-field messages for forms and API validation.
    public var fields: [String: String]

    public init(_ status: HTTPResponse.Status, code: String, title: String, detail: String, fields: [String: String] = [:]) {
        self.status = status
        self.code = code
        self.title = title
        self.detail = detail
        self.fields = fields
    }

    public static let unauthenticated = AppError(
        .unauthorized, code: "auth.unauthenticated", title: "Sign-in required",
        detail: "Sign in, or send a valid API token as `Authorization: Bearer …`.")
    public static let csrf = AppError(
        .forbidden, code: "auth.csrf", title: "Form expired",
        detail: "The form could not be verified. Reload the page and submit it again.")
    public static let notFound = AppError(
        .notFound, code: "http.notFound", title: "Not found", detail: "There is nothing at this address.")

    /// A request that cannot be read at all: not JSON, not a form.
    public static func malformed(_ detail: String) -> AppError {
        AppError(.badRequest, code: "input.malformed", title: "Malformed request", detail: detail)
    }

    public static func invalid(_ detail: String, fields: [String: String] = [:]) -> AppError {
        AppError(.unprocessableContent, code: "input.invalid", title: "Please check your input", detail: detail, fields: fields)
    }

    public static func forbidden(_ policy: PolicyError) -> AppError {
        AppError(.forbidden, code: policy.code.rawValue, title: "Not allowed", detail: policy.detail)
    }

    public static func conflict(_ policy: PolicyError) -> AppError {
        AppError(.conflict, code: policy.code.rawValue, title: "Not possible", detail: policy.detail)
    }

    /// A service's refusal as the edge shows it.
    public init(_ error: ServiceError) {
        let status: HTTPResponse.Status =
            switch error.kind {
            case .notFound: .notFound
            case .invalid: .unprocessableContent
            case .conflict: .conflict
            case .unauthenticated: .unauthorized
            case .gone: .gone
            case .tooManyRequests: .tooManyRequests
            }
        self.init(status, code: error.code, title: error.title, detail: error.detail, fields: error.fields)
    }

    struct Problem: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String
        var code: String
        var instance: String?
        var errors: [String: String]?
    }

    func problemResponse(instance: String?) -> Response {
        let problem = Problem(
            type: "https://liaison.europa.eu/problems/\(code)", title: title, status: status.code,
            detail: detail, code: code, instance: instance, errors: fields.isEmpty ? nil : fields)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(problem)) ?? Data("{}".utf8)
        var headers: HTTPFields = [.contentType: "application/problem+json; charset=utf-8"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"liaison\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}

/// An error a page or the API shows as it is: the edge's own, or a service's.
public protocol Presentable: Error {
    var presented: AppError { get }
}

extension AppError: Presentable {
    public var presented: AppError { self }
}

extension ServiceError: Presentable {
    public var presented: AppError { AppError(self) }
}

/// A rule's refusal: of what was written (422), or of who may do it (403).
extension PolicyError: Presentable {
    public var presented: AppError {
        isAboutContent
            ? AppError(.unprocessableContent, code: code.rawValue, title: "Please check your input", detail: detail)
            : .forbidden(self)
    }
}
