import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import LiaisonAPI
import LiaisonAccess
import LiaisonCore
import LiaisonExchange
import LiaisonFederation
import LiaisonNode
import LiaisonStore
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// The request context of the federation listener: it keeps the connection, so that a
/// handler can ask which certificate the peer presented.
struct FederationRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel
    let requestID: String

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
        self.requestID = Secrets.randomToken(bytes: 9)
    }

    /// The DER of the client certificate verified in the handshake.
    func peerCertificateDER() async throws -> [UInt8]? {
        let channel = self.channel
        return try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self).peerCertificate?.toDERBytes()
        }.get()
    }
}

/// A node's second listener, for other nodes only: TLS 1.3, client certificates of the
/// network CA pinned in the manifest, and nothing but the federation routes.
public func buildFederationListener(node: FederationNode, logger: Logger) throws -> some ApplicationProtocol {
    let router = Router(context: FederationRequestContext.self)
    router.post("/federation/v1/envelopes") { request, context in
        var request = request
        let peer = try await context.peerCertificateDER()
        do {
            let body: ByteBuffer
            do {
                // JSON carries the body in Base64: allow for that and the other fields.
                body = try await request.collectBody(upTo: node.admission.maximumBodyBytes * 4 / 3 + 8192)
            } catch is NIOTooManyBytesError {
                try await node.refuse(.init(.tooLarge, "The envelope is larger than this node accepts."), peerCertificateDER: peer, requestID: context.requestID)
            }
            let receipt = try await node.receive(Data(buffer: body), peerCertificateDER: peer, requestID: context.requestID)
            return try json(receipt)
        } catch let refusal as FederationRefusal {
            return AppError(federationStatus(for: refusal.code), code: refusal.code.rawValue, title: "Envelope refused", detail: refusal.detail)
                .problemResponse(instance: context.requestID)
        }
    }
    router.get("/federation/v1/openapi.yaml") { _, _ in yamlDocument(try OpenAPIDocument.federationYAML()) }
    // An authenticated probe: reaching it proves the mutual-TLS path to this node works.
    router.post("/federation/v1/echo") { _, _ in
        Response(status: .noContent)
    }
    router.get("/federation/v1/manifest") { _, _ in
        try json(await node.manifest.current)
    }
    let context = try NIOSSLContext(configuration: try node.tls.serverConfiguration())
    let idleTimeout = TimeAmount.milliseconds(Int64(node.settings.connectionIdleTimeout * 1000))
    let server = HTTPServerBuilder { responder in
        GuardedTLSChannel(
            base: HTTP1Channel(responder: responder, configuration: .init(idleTimeout: idleTimeout)), context: context, node: node,
            check: { chain in await FederationTLS.refusal(of: chain, authority: node.authority, manifest: await node.manifest.current) })
    }
    return Application(
        router: router, server: server,
        configuration: .init(address: .hostname(node.settings.host, port: node.settings.port), serverName: "Liaison federation"),
        services: [HandshakeWindow(node: node)], logger: logger)
}

/// Closes the window of refused handshakes at its interval, writing what was repeated.
struct HandshakeWindow: Service {
    let node: FederationNode

    func run() async throws {
        let interval = Duration.milliseconds(Int64(node.settings.handshakeLimits.window * 1000))
        try? await cancelWhenGracefulShutdown {
            while true {
                try await Task.sleep(for: interval)
                await node.closeHandshakeWindow()
            }
        }
        // What the last window counted is written before the node stops.
        await node.closeHandshakeWindow()
    }
}

func federationStatus(for code: FederationRefusal.Code) -> HTTPResponse.Status {
    switch code {
    case .tooLarge: .contentTooLarge
    case .replay: .conflict
    case .expired, .notYetValid, .malformed, .notForThisNode, .unknownKind: .unprocessableContent
    default:
        // A rule's refusal keeps the status it has at the API: 422 for content, 403 otherwise.
        PolicyError.Code(rawValue: code.rawValue).isAboutContent ? .unprocessableContent : .forbidden
    }
}
