import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// One log line per request with its id, method, redacted path, status and duration.
/// Query strings are never logged, and path segments that look like tokens or identifiers
/// are masked: a record's file reference in an address names a person's file.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = LiaisonRequestContext

    static func redact(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.count > 24 || ($0.contains(where: \.isNumber) && $0.range(of: #"^v[0-9]+$"#, options: .regularExpression) == nil) ? "…" : String($0) }
            .joined(separator: "/")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        context.logger[metadataKey: "request_id"] = .string(context.requestID)
        context.logger[metadataKey: "component"] = "http"
        let started = ContinuousClock.now
        let path = Self.redact(request.uri.path)
        do {
            var response = try await next(request, context)
            response.headers[HTTPField.Name("X-Request-Id")!] = context.requestID
            log(context, request.method, path, status: response.status.code, started: started)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            log(context, request.method, path, status: status, started: started)
            throw error
        }
    }

    private func log(_ context: Context, _ method: HTTPRequest.Method, _ path: String, status: Int, started: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        context.logger.info(
            "request",
            metadata: [
                "method": .string(method.rawValue), "path": .string(path), "status": .stringConvertible(status),
                "duration_ms": .string(String(format: "%.2f", milliseconds)),
            ])
    }
}
