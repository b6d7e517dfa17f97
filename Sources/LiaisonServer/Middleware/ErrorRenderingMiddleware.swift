import Foundation
import HTTPTypes
import Hummingbird
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import NIOCore

/// Turns every error into a response a person or a program can use: problem+json under
/// `/api/`, a page elsewhere. The text of unexpected errors is never shown or logged, as
/// it may contain data; their type and the request id are logged instead.
struct ErrorRenderingMiddleware: RouterMiddleware {
    typealias Context = LiaisonRequestContext
    let renderer: WebRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let appError = Self.appError(for: error, context: context)
            let path = request.uri.path
            if path.hasPrefix("/api/") || path == "/metrics" {
                return appError.problemResponse(instance: context.requestID)
            }
            if appError.status == .unauthorized {
                let next = request.method == .get ? "?next=" + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "/-_"))) ?? "") : ""
                return Response(status: .seeOther, headers: [.location: "/signin\(next)"])
            }
            // The page speaks the reader's language; the code and request id stay as they are,
            // so that support can find the case whatever language the reader saw.
            let strings = renderer.catalogue.strings(context.language)
            let title = strings.title(of: appError)
            return renderer.page(
                "error", title: title, request: context, principal: context.principal,
                data: ["error": ["title": title, "detail": strings.detail(of: appError), "status": appError.status.code, "code": appError.code, "requestId": context.requestID]],
                status: appError.status)
        }
    }

    static func appError(for error: any Error, context: Context) -> AppError {
        switch error {
        case let presentable as any Presentable:
            return presentable.presented
        case let http as HTTPError:
            switch http.status {
            case .notFound: return .notFound
            case .contentTooLarge:
                return AppError(.contentTooLarge, code: "input.tooLarge", title: "Too large", detail: "The request body is larger than this node accepts.")
            case .badRequest:
                return .malformed("The request could not be read.")
            case .methodNotAllowed:
                return AppError(.methodNotAllowed, code: "http.methodNotAllowed", title: "Method not allowed", detail: "This address does not accept that method.")
            default:
                return AppError(http.status, code: "http.\(http.status.code)", title: http.status.reasonPhrase, detail: http.status.reasonPhrase)
            }
        case is NIOTooManyBytesError:
            return AppError(.contentTooLarge, code: "input.tooLarge", title: "Too large", detail: "The request body is larger than this node accepts.")
        case is URLEncodedFormError:
            // A form body whose field names or values cannot be read (`a[=1`): the sender's fault.
            return .malformed("The form could not be read.")
        case is DecodingError:
            return .malformed("The request body does not have the expected fields and types.")
        default:
            context.logger.error("unexpected error", metadata: ["error_type": .string(String(reflecting: type(of: error)))])
            return AppError(
                .internalServerError, code: "server.error", title: "Something went wrong",
                detail: "The node could not complete the request. Quote request id \(context.requestID) to your administrator.")
        }
    }
}
