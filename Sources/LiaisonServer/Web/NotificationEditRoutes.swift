import Foundation
import Hummingbird
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore

/// Changing a notification's identity, validity or handling code (CT officer).
struct NotificationEditRoutes {
    let services: LiaisonServices

    func register(on routes: ProtectedRoutes) {
        let pages = ExchangeRoutes(services: services)
        routes.get("/notifications/{id}/edit", .manageNotifications) { _, context in
            let id = try APIRoutes.id(context)
            let notification = try await services.exchange.notification(id, for: context.exchangeActor)
            return try editPage(context, notification, form: Self.form(of: notification), pages: pages)
        }
        routes.post("/notifications/{id}", .manageNotifications) { request, context in
            let id = try APIRoutes.id(context)
            let form = try await services.form(ExchangeRoutes.NotificationForm.self, from: request, context: context)
            do {
                _ = try await services.exchange.updateNotification(id, try pages.notificationInput(form), by: context.exchangeActor)
                return Response.redirect("/notifications?done=notification-saved")
            } catch let error as PolicyError {
                let notification = try await services.exchange.notification(id, for: context.exchangeActor)
                return try editPage(context, notification, form: form, pages: pages, failure: error.pageFailure(services.renderer.strings(context), order: ExchangeRoutes.NotificationForm.order))
            } catch let presentable as any Presentable where presentable.presented.status != .notFound {
                let error = presentable.presented
                let notification = try await services.exchange.notification(id, for: context.exchangeActor)
                return try editPage(context, notification, form: form, pages: pages, failure: error.pageFailure(services.renderer.strings(context), order: ExchangeRoutes.NotificationForm.order))
            }
        }
    }

    static func form(of notification: ThreatNotificationModel) throws -> ExchangeRoutes.NotificationForm {
        let person = try notification.person()
        return ExchangeRoutes.NotificationForm(
            familyNames: person.familyNames, givenNames: person.givenNames, sex: person.sex, birthDate: person.birthDate,
            nationality: person.nationalities.first, documentNumber: person.documents.first?.number, mrz: nil,
            validUntil: DisplayFormat.day(notification.validUntil.addingTimeInterval(-1)), handlingCode: notification.handlingCode.rawValue)
    }

    func editPage(
        _ context: AuthenticatedContext, _ notification: ThreatNotificationModel, form: ExchangeRoutes.NotificationForm, pages: ExchangeRoutes,
        failure: PageFailure? = nil
    ) throws -> Response {
        let strings = services.renderer.strings(context)
        let view = NotificationEditView(
            id: notification.id?.uuidString ?? "", reference: notification.reference, fields: NotificationFieldsView(form, strings: strings, now: services.clock()), failure: failure)
        return services.renderer.page(
            "notification-edit", title: strings("notifications.edit"), request: context, principal: context.principal, currentPath: "/notifications",
            view: view, status: failure == nil ? .ok : .unprocessableContent)
    }
}
