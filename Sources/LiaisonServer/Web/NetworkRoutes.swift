import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
import LiaisonExchange
import LiaisonFederation
import LiaisonNode
import LiaisonStore

/// The node's view of the network: what it sent (with each message's state and receipt)
/// and what it received, and a connectivity check to another node.
struct NetworkRoutes {
    let services: LiaisonServices

    struct CheckForm: Decodable {
        var toNode: String?
    }

    func register(web: ProtectedRoutes, api: ProtectedRoutes) {
        web.get("/network", .viewNetwork) { _, context in
            try await page(context)
        }
        web.post("/network/checks", .sendNetworkCheck) { request, context in
            let form = try await services.form(CheckForm.self, from: request, context: context)
            do {
                _ = try await sendCheck(to: form.toNode ?? "", context: context)
                return Response.redirect("/network")
            } catch let presentable as any Presentable {
                let error = presentable.presented
                return try await page(context, failure: error.detail, status: error.status)
            }
        }
        api.get("/network/messages", .viewNetwork) { _, _ in
            try json(try await (services.federation?.recentlySent() ?? []).map(Self.summary))
        }
        api.post("/network/checks", .sendNetworkCheck) { request, context in
            let body = try await services.json(API.NetworkCheckInput.self, from: request, context: context)
            return try json(try Self.summary(try await sendCheck(to: body.toNode, context: context)), status: .accepted)
        }
    }

    private func node() throws -> FederationNode {
        guard let node = services.federation else {
            throw AppError(.conflict, code: "network.notFederated", title: "Not in a network", detail: "This node runs alone: it has no federation settings.")
        }
        return node
    }

    /// A ping from this node to another, as an operational message from the node itself.
    private func sendCheck(to target: String, context: AuthenticatedContext) async throws -> OutboxMessageModel {
        let node = try node()
        let body = try JSONEncoder().encode(["requestedBy": context.actor, "purpose": "connectivity check"])
        let message = try await node.enqueue(
            to: target, toAuthority: target, fromAuthority: node.settings.nodeID, kind: NetworkCheck.kind, body: body, on: services.db)
        return message
    }

    static func summary(_ row: OutboxMessageModel) throws -> API.NetworkMessage {
        API.NetworkMessage(
            id: row.id?.uuidString ?? "", toNode: row.toNode, kind: row.kind, state: try documented(row.state.rawValue), attempts: row.attempts,
            lastError: row.lastError, createdAt: row.createdAt, deliveredAt: row.deliveredAt,
            receipt: row.receipt.flatMap { try? JSONDecoder().decode(Receipt.self, from: $0) }.map {
                API.NetworkMessage.ReceiptPayload(receiverNode: $0.receiverNode, bodyDigest: $0.bodyDigest, signature: $0.signature)
            })
    }

    private func page(_ context: AuthenticatedContext, failure: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let strings = services.renderer.strings(context)
        var data: [String: Any] = ["canSend": context.principal.may(.sendNetworkCheck)]
        if let node = services.federation {
            let manifest = await node.manifest.current
            data["nodeID"] = node.settings.nodeID
            data["manifestVersion"] = manifest.version
            data["peers"] = manifest.nodes.filter { $0.nodeID != node.settings.nodeID && !$0.revoked }.map { ["id": $0.nodeID, "state": $0.stateCode] }
            let present = ExchangePresentation(strings: strings, now: services.clock())
            data["sent"] = try await node.recentlySent().map { row -> [String: Any] in
                let badge = present.badge(row.state.rawValue, titles: "network.state")
                return [
                    "id": String(row.id?.uuidString.prefix(8) ?? ""), "to": row.toNode, "kind": row.kind, "state": row.state.rawValue,
                    "stateTitle": badge.title, "stateClass": badge.tone,
                    "attempts": row.attempts, "lastError": row.lastError ?? "", "created": DisplayFormat.second(row.createdAt),
                    "delivered": row.deliveredAt.map(DisplayFormat.second) ?? "", "receipt": row.receipt != nil,
                ]
            }
            data["received"] = try await node.recentlyReceived().map {
                ["id": String($0.id?.uuidString.prefix(8) ?? ""), "from": $0.fromNode, "kind": $0.kind, "received": DisplayFormat.second($0.receivedAt)]
            }
        }
        if let failure { data["failure"] = failure }
        return services.renderer.page(
            "network", title: strings("network.title"), request: context, principal: context.principal, currentPath: "/network", data: data,
            status: status)
    }
}
