import FluentKit
import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonAccess
import LiaisonExchange
import LiaisonNode
import LiaisonStore
import Prometheus

/// Health, metrics and the API description: public, carrying no personal data.
struct OpsRoutes {
    let services: LiaisonServices
    let metrics: PrometheusCollectorRegistry?

    func register(on router: Router<LiaisonRequestContext>) {
        router.get("/health/live") { _, _ in
            try json(["status": "live"])
        }
        router.get("/health/ready") { _, context in
            do {
                _ = try await AuditHeadModel.find(1, on: services.db)
                return try json(["status": "ready"])
            } catch {
                context.logger.warning("database not ready", metadata: ["error_type": .string(String(reflecting: type(of: error)))])
                return try json(["status": "database unavailable"], status: .serviceUnavailable)
            }
        }
        router.get("/metrics") { request, _ in
            if let expected = services.configuration.metricsToken {
                guard let header = request.headers[.authorization], Secrets.constantTimeEquals(header, "Bearer \(expected)") else {
                    throw AppError.unauthenticated
                }
            }
            guard let metrics else { throw AppError.notFound }
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.emitToBuffer())))
        }
        router.get("/openapi.yaml") { _, _ in yamlDocument(try OpenAPIDocument.yaml()) }
        router.get("/federation.yaml") { _, _ in yamlDocument(try OpenAPIDocument.federationYAML()) }
    }
}

/// An OpenAPI document as served: YAML, cacheable for a few minutes.
func yamlDocument(_ text: String) -> Response {
    Response(
        status: .ok, headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "public, max-age=300"],
        body: .init(byteBuffer: ByteBuffer(string: text)))
}
