import Foundation
import Hummingbird
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore

/// Pages for sending without a request: spontaneous information about a notified person
/// (taken from one of the node's own records) and contact-point messages.
struct ExchangeSendingRoutes {
    let services: LiaisonServices

    struct SpontaneousForm: Decodable {
        var notificationId: String?
        var recordReference: String?
        var targetStates: [String]?
        var purpose: String?
        var legalBasis: String?
        var handlingCode: String?
        var classification: String?
        var limite: String?
        var sourceEvaluation: String?
        var informationEvaluation: String?
    }

    struct MessageForm: Decodable {
        var targetState: String?
        var title: String?
        var text: String?
        var handlingCode: String?
        var classification: String?
        var limite: String?
        /// The message this one answers.
        var replyTo: String?
    }

    func register(on routes: ProtectedRoutes) {
        let exchange = services.exchange
        routes.get("/spontaneous/new", .sendExchanges) { request, context in
            guard let id = request.uri.queryParameters["notification"].flatMap({ UUID(uuidString: String($0)) }) else { throw AppError.notFound }
            return try await spontaneousForm(context, notificationID: id)
        }
        routes.post("/spontaneous", .sendExchanges) { request, context in
            let form = try await services.form(SpontaneousForm.self, from: request, context: context)
            guard let notificationID = form.notificationId.flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
            do {
                guard let reference = form.recordReference, !reference.isEmpty else {
                    throw AppError.invalid("Choose the record whose administrative situation you send.", fields: ["recordReference": "Required."])
                }
                let record = try await services.exchange.record(reference: reference)
                let opened = try await exchange.sendSpontaneous(
                    .init(
                        notificationID: notificationID, targetStates: form.targetStates ?? [], situation: try record.administrativeSituation(),
                        purpose: form.purpose ?? "", legalBasis: form.legalBasis ?? "", handlingCode: HandlingCode(rawValue: form.handlingCode ?? "") ?? .h0,
                        marking: ExchangePresentation.marking(form.classification, form.limite), sourceEvaluation: SourceEvaluation(rawValue: form.sourceEvaluation ?? ""),
                        informationEvaluation: InformationEvaluation(rawValue: form.informationEvaluation ?? "")),
                    by: context.exchangeActor)
                return Response.redirect(opened.count == 1 ? "/exchanges/\(opened[0].id?.uuidString ?? "")?done=created" : "/exchanges?done=created")
            } catch let error as PolicyError {
                return try await spontaneousForm(context, notificationID: notificationID, failure: error.pageFailure(services.renderer.strings(context)))
            } catch let presentable as any Presentable where presentable.presented.status != .notFound {
                let error = presentable.presented
                return try await spontaneousForm(context, notificationID: notificationID, failure: error.pageFailure(services.renderer.strings(context)))
            }
        }
        routes.get("/messages/new", .sendContactMessages) { request, context in
            // A reply starts from the message it answers: its state, its subject.
            guard let replyTo = request.uri.queryParameters["replyTo"].flatMap({ UUID(uuidString: String($0)) }) else { return try await messageForm(context) }
            let original = try await exchange.exchange(replyTo, for: context.exchangeActor)
            guard case .contactMessage(let body)? = original.message else { throw AppError.notFound }
            let title = body.title.hasPrefix("Re: ") ? body.title : "Re: \(body.title)"
            return try await messageForm(
                context, submitted: MessageForm(targetState: original.exchange.counterpartState, title: String(title.prefix(200)), replyTo: replyTo.uuidString))
        }
        routes.post("/messages", .sendContactMessages) { request, context in
            let form = try await services.form(MessageForm.self, from: request, context: context)
            do {
                let sent = try await exchange.sendContactMessage(
                    to: form.targetState ?? "", title: form.title ?? "", text: form.text ?? "",
                    handlingCode: HandlingCode(rawValue: form.handlingCode ?? "") ?? .h0, marking: ExchangePresentation.marking(form.classification, form.limite),
                    inReplyTo: form.replyTo.flatMap(UUID.init(uuidString:)), by: context.exchangeActor)
                return Response.redirect("/exchanges/\(sent.id?.uuidString ?? "")?done=sent")
            } catch let error as PolicyError {
                return try await messageForm(context, submitted: form, failure: error.pageFailure(services.renderer.strings(context)))
            } catch let presentable as any Presentable {
                let error = presentable.presented
                return try await messageForm(context, submitted: form, failure: error.pageFailure(services.renderer.strings(context)))
            }
        }
    }

    func common(_ strings: Strings) async -> [String: Any] {
        [
            "states": ExchangePresentation.states(await services.exchange.foreignStates(), strings: strings),
            "handlingCodes": ExchangePresentation(strings: strings, now: services.clock()).handlingCodes(selected: nil),
            "classifications": ExchangePresentation.classifications(selected: nil, ceiling: services.configuration.exchange.ceiling),
            "limiteAllowed": services.configuration.exchange.ceiling.allowsLimite,
        ]
    }

    func spontaneousForm(_ context: AuthenticatedContext, notificationID: UUID, failure: PageFailure? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let present = ExchangePresentation(strings: strings, now: services.clock())
        let notification = try await services.exchange.notification(notificationID, for: context.exchangeActor)
        var data = await common(strings)
        data["notification"] = ["id": notificationID.uuidString, "reference": notification.reference]
        data["person"] = (try? notification.person()).map(present.person) as Any
        data["records"] = try await services.exchange.recordCandidates(for: notification, by: context.exchangeActor).enumerated().map { index, pair in
            try present.candidate(pair.0, pair.1, first: index == 0)
        }
        if let failure { data["failure"] = failure }
        return services.renderer.page(
            "spontaneous-new", title: strings("spontaneous.title"), request: context, principal: context.principal, currentPath: "/notifications",
            data: data, status: failure == nil ? .ok : .unprocessableContent)
    }

    func messageForm(_ context: AuthenticatedContext, submitted: MessageForm? = nil, failure: PageFailure? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        var data = await common(strings)
        data["form"] = ["title": submitted?.title ?? "", "text": submitted?.text ?? ""]
        if let replyTo = submitted?.replyTo, let state = submitted?.targetState {
            // A reply goes back where the message came from: one state, chosen already.
            data["replyTo"] = replyTo
            data["states"] = ExchangePresentation.states([state], chosen: [state], strings: strings)
        }
        data["kind"] = strings("kind.\(context.principal.authority.kind.rawValue)")
        if let failure { data["failure"] = failure }
        return services.renderer.page(
            "message-new", title: strings("message.title"), request: context, principal: context.principal, currentPath: "/exchanges",
            data: data, status: failure == nil ? .ok : .unprocessableContent)
    }
}
