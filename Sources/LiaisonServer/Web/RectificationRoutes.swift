import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
import LiaisonExchange

/// Corrections the data protection officer asked of the officers who hold the data, each with
/// the place where it is made; an ask closes itself when the correction is made.
struct RectificationRoutes {
    let services: LiaisonServices

    func register(web: ProtectedRoutes, api: ProtectedRoutes) {
        let exchange = services.exchange
        web.get("/rectifications", .rectifyData) { _, context in
            let strings = services.renderer.strings(context)
            var rows: [[String: Any]] = []
            for ask in try await exchange.rectificationsAsked(for: context.exchangeActor) {
                var row: [String: Any] = [
                    "person": ask.person, "note": ask.note, "askedAt": DisplayFormat.day(ask.askedAt), "askedBy": ask.askedBy, "request": ask.accessRequest,
                ]
                switch try await exchange.place(of: ask) {
                case .exchange(let id): row["href"] = "/exchanges/\(id.uuidString)"
                case .notification(let id): row["href"] = "/notifications/\(id.uuidString)/edit"
                case .record, nil: row["hint"] = strings("rectifications.recordHint")
                }
                rows.append(row)
            }
            return services.renderer.page(
                "rectifications", title: strings("rectifications.title"), request: context, principal: context.principal, currentPath: "/rectifications",
                data: ["asks": rows])
        }
        api.get("/rectifications", .rectifyData) { _, context in
            try json(try await exchange.rectificationsAsked(for: context.exchangeActor).map(AccessRequestRoutes.ask))
        }
    }
}
