import Foundation
import Hummingbird
import LiaisonAccess
import LiaisonCore
import LiaisonExchange
import LiaisonStore

/// Live awareness: what waits for the reader (unread arrivals in the inbox and on the
/// exchanges they follow, alerts, approvals), pushed to every open page as server-sent
/// events so that an official sees an answer arrive without reloading. Counts only, never
/// a person. A client that does not ask for an event stream gets the counts once, as JSON.
struct LiveRoutes {
    let services: LiaisonServices

    /// How often the counts are read again, and how long one stream lasts before the browser
    /// opens the next (EventSource reconnects by itself; a closed session ends it for good).
    static let interval: Duration = .seconds(5)
    static let lifetime: Duration = .seconds(300)

    struct Counts: Encodable, Equatable {
        /// Waiting items by the navigation link that leads to them.
        var counts: [String: Int] = [:]
        /// Everything unread that arrived from other states.
        var unread = 0
    }

    func register(on routes: ProtectedRoutes) {
        routes.get("/live", .viewDashboard) { request, context in
            let first = try await counts(context)
            guard request.headers[.accept]?.contains("text/event-stream") == true else {
                return try Response(
                    status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"],
                    body: .init(byteBuffer: ByteBuffer(data: JSONEncoder.sorted.encode(first))))
            }
            let token = request.cookies[AuthenticationMiddleware.sessionCookie]?.value
            let services = services
            return Response(
                status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-store"],
                body: ResponseBody { writer in
                    var last: Counts? = nil
                    let end = ContinuousClock.now.advanced(by: Self.lifetime)
                    while ContinuousClock.now < end, !Task.isCancelled {
                        // A session signed out or idle ends the stream; watching does not keep it alive.
                        if let token, try await services.auth.principal(forSessionToken: token, touch: false) == nil { break }
                        let now = last == nil ? first : try await LiveRoutes(services: services).counts(context)
                        let text = now == last ? ": still here\n\n" : "event: counts\ndata: \(String(decoding: try JSONEncoder.sorted.encode(now), as: UTF8.self))\n\n"
                        try await writer.write(ByteBuffer(string: text))
                        last = now
                        try await Task.sleep(for: Self.interval)
                    }
                    try await writer.finish(nil)
                })
        }
    }

    func counts(_ context: AuthenticatedContext) async throws -> Counts {
        let principal = context.principal, actor = context.exchangeActor, exchange = services.exchange
        var result = Counts()
        if principal.may(.viewExchanges) {
            let unread = try await exchange.unread(for: actor)
            result.unread = unread.count
            if principal.may(.viewInbox) { result.counts["/inbox"] = unread.filter { $0.direction == .incoming }.count }
            result.counts["/exchanges"] = unread.filter { $0.direction == .outgoing }.count
        }
        if principal.may(.viewAlerts) { result.counts["/alerts"] = try await exchange.unacknowledgedAlerts(for: actor) }
        if principal.may(.approveExchanges) { result.counts["/approvals"] = try await exchange.awaitingApproval(for: actor).count }
        return result
    }
}

extension JSONEncoder {
    /// Keys in a stable order, so that equal counts read the same.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
