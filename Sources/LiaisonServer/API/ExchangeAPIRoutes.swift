import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
import LiaisonExchange
import LiaisonFederation
import LiaisonNode
import LiaisonStore

/// The exchange operations of `/api/v1` (names fixed by openapi.yaml, tag "exchange").
struct ExchangeAPIRoutes {
    let services: LiaisonServices

    func register(on routes: ProtectedRoutes) {
        let exchange = services.exchange
        let services = services
        // Notifications (CT → national immigration contact point).
        routes.post("/notifications", .manageNotifications) { request, context in
            let body = try await services.strictJSON(API.NotificationInput.self, from: request, context: context)
            let created = try await exchange.createNotification(
                .init(subject: body.subject, reference: body.reference, validFrom: body.validFrom, validUntil: body.validUntil, handlingCode: body.handlingCode),
                by: context.exchangeActor)
            return try json(try Self.notification(created, now: services.clock()), status: .created)
        }
        routes.get("/notifications", .viewNotifications) { _, context in
            try json(try await exchange.notifications(for: context.exchangeActor).map { try Self.notification($0, now: services.clock()) })
        }
        routes.get("/notifications/{id}", .viewNotifications) { _, context in
            try json(try Self.notification(try await exchange.notification(try APIRoutes.id(context), for: context.exchangeActor), now: services.clock()))
        }
        routes.on(.put, "/notifications/{id}", .manageNotifications) { request, context in
            let body = try await services.strictJSON(API.NotificationInput.self, from: request, context: context)
            let updated = try await exchange.updateNotification(
                try APIRoutes.id(context),
                .init(subject: body.subject, reference: nil, validFrom: body.validFrom, validUntil: body.validUntil, handlingCode: body.handlingCode),
                by: context.exchangeActor)
            return try json(try Self.notification(updated, now: services.clock()))
        }
        routes.post("/notifications/{id}/withdraw", .manageNotifications) { request, context in
            let body = try await services.strictJSON(API.Reason.self, from: request, context: context)
            let withdrawn = try await exchange.withdrawNotification(try APIRoutes.id(context), reason: body.reason, by: context.exchangeActor)
            return try json(try Self.notification(withdrawn, now: services.clock()))
        }

        // Administrative records (the built-in table).
        routes.post("/administrative-records", .manageRecords) { request, context in
            let body = try await services.strictJSON(API.RecordInput.self, from: request, context: context)
            let created = try await exchange.createRecord(reference: body.reference ?? "", subject: body.subject, situation: body.situation, by: context.exchangeActor)
            return try json(try Self.record(created), status: .created)
        }
        routes.post("/administrative-records/import", .manageRecords) { request, context in
            guard let format = RecordImport.Format(rawValue: request.uri.queryParameters["format"].map(String.init) ?? "jsonl") else {
                throw AppError.invalid("format is jsonl or csv.", fields: ["format": "jsonl or csv"])
            }
            let body = try await services.rawBody(from: request, context: context)
            let outcome = try await exchange.importRecords(String(decoding: body, as: UTF8.self), format: format, by: context.exchangeActor)
            return try json(API.ImportOutcome(created: outcome.created, updated: outcome.updated))
        }
        // A record handed outside the exchanges; asylum confidentiality holds.
        routes.post("/administrative-records/{reference}/export", .manageRecords) { request, context in
            let recipient = try await services.closedJSON(API.Recipient.self, from: request, context: context)
            let reference = try context.parameters.require("reference")
            return try json(try await exchange.exportRecord(reference: reference, to: recipient, by: context.exchangeActor))
        }
        // Restriction of processing, the data protection officer's.
        for (path, restrict) in [("restrict", true), ("lift-restriction", false)] {
            routes.post("/administrative-records/{reference}/\(path)", .restrictProcessing) { request, context in
                let input = try await services.closedJSON(API.RestrictionInput.self, from: request, context: context)
                let reference = try context.parameters.require("reference")
                let record =
                    restrict
                    ? try await exchange.restrictRecord(reference: reference, reason: input.reason, by: context.exchangeActor)
                    : try await exchange.liftRestriction(reference: reference, reason: input.reason, by: context.exchangeActor)
                return try json(try Self.record(record))
            }
        }
        routes.get("/restricted-records", .restrictProcessing) { _, context in
            try json(try await exchange.restrictedRecords(by: context.exchangeActor).map(Self.record))
        }
        routes.on(.put, "/administrative-records/{reference}", .manageRecords) { request, context in
            let body = try await services.strictJSON(API.RecordInput.self, from: request, context: context)
            let reference = try context.parameters.require("reference")
            if let inBody = body.reference, inBody != reference {
                throw AppError.invalid("The reference in the body differs from the one in the address.", fields: ["reference": "Must match the address."])
            }
            let updated = try await exchange.updateRecord(reference: reference, subject: body.subject, situation: body.situation, by: context.exchangeActor)
            return try json(try Self.record(updated))
        }

        // Requests, spontaneous information, contact-point messages.
        routes.post("/requests", .sendExchanges) { request, context in
            let body = try await services.strictJSON(API.RequestInput.self, from: request, context: context)
            let created = try await exchange.createRequests(
                .init(
                    notificationID: try Self.uuid(body.notificationId, field: "notificationId"), targetStates: body.targetStates, purpose: body.purpose, legalBasis: body.legalBasis,
                    urgency: body.urgency, handlingCode: body.handlingCode, marking: body.marking, requestedCategories: body.requestedCategories,
                    remarks: body.remarks),
                by: context.exchangeActor)
            return try json(API.Exchanges(exchanges: try created.map { try Self.exchange($0, now: services.clock()) }), status: .created)
        }
        routes.get("/requests", .viewExchanges) { _, context in
            try json(API.Exchanges(exchanges: try await exchange.followed(by: context.exchangeActor).map { try Self.exchange($0, now: services.clock()) }))
        }
        routes.get("/requests/{id}", .viewExchanges) { _, context in
            let id = try APIRoutes.id(context)
            let view = try await exchange.exchange(id, for: context.exchangeActor)
            try await exchange.markSeen(id, by: context.exchangeActor)
            return try json(try Self.exchange(view, now: services.clock()))
        }
        routes.get("/approvals", .approveExchanges) { _, context in
            try json(API.Exchanges(exchanges: try await exchange.approvals(for: context.exchangeActor).map { try Self.exchange($0, now: services.clock()) }))
        }
        routes.post("/requests/{id}/approve", .approveExchanges) { _, context in
            let approved = try await exchange.approve(try APIRoutes.id(context), by: context.exchangeActor)
            return try json(try Self.exchange(approved, now: services.clock()))
        }
        routes.post("/requests/{id}/reject", .approveExchanges) { request, context in
            let body = try await services.strictJSON(API.Reason.self, from: request, context: context)
            return try json(try Self.exchange(try await exchange.reject(try APIRoutes.id(context), reason: body.reason, by: context.exchangeActor), now: services.clock()))
        }
        routes.post("/requests/{id}/follow-up", .sendExchanges) { request, context in
            let body = try await services.strictJSON(API.FollowUpInput.self, from: request, context: context)
            let sent = try await exchange.followUp(
                try APIRoutes.id(context), body.followUp, reason: body.reason, subject: body.subject, situation: body.situation,
                wholeBatch: body.wholeBatch ?? true, by: context.exchangeActor)
            return try json(API.Exchanges(exchanges: try sent.map { try Self.exchange($0, now: services.clock()) }))
        }
        routes.post("/spontaneous", .sendExchanges) { request, context in
            let body = try await services.strictJSON(API.SpontaneousInput.self, from: request, context: context)
            let created = try await exchange.sendSpontaneous(
                .init(
                    notificationID: try Self.uuid(body.notificationId, field: "notificationId"), targetStates: body.targetStates, situation: body.situation, purpose: body.purpose,
                    legalBasis: body.legalBasis, handlingCode: body.handlingCode, marking: body.marking, sourceEvaluation: body.sourceEvaluation,
                    informationEvaluation: body.informationEvaluation),
                by: context.exchangeActor)
            return try json(API.Exchanges(exchanges: try created.map { try Self.exchange($0, now: services.clock()) }), status: .created)
        }
        routes.post("/messages", .sendContactMessages) { request, context in
            let body = try await services.strictJSON(API.ContactMessageInput.self, from: request, context: context)
            let sent = try await exchange.sendContactMessage(
                to: body.targetState, title: body.title, text: body.text, handlingCode: body.handlingCode, marking: body.marking,
                inReplyTo: body.inReplyTo.flatMap(UUID.init(uuidString:)), by: context.exchangeActor)
            return try json(try Self.exchange(sent, now: services.clock()), status: .created)
        }

        // The receiving side.
        routes.get("/inbox", .viewInbox) { _, context in
            try json(API.Exchanges(exchanges: try await exchange.inbox(for: context.exchangeActor).map { try Self.exchange($0, now: services.clock()) }))
        }
        routes.get("/inbox/{id}/candidates", .answerRequests) { _, context in
            try await candidates(context)
        }
        routes.post("/inbox/{id}/answer", .answerRequests) { request, context in
            try await answer(request, context)
        }

        // Watch and return.
        routes.get("/alerts", .viewAlerts) { _, context in
            try json(try await exchange.alerts(for: context.exchangeActor).map(Self.alert))
        }
        routes.post("/alerts/{id}/acknowledge", .viewAlerts) { _, context in
            try await exchange.acknowledgeAlert(try APIRoutes.id(context), by: context.exchangeActor)
            return Response(status: .noContent)
        }
        routes.get("/return-priorities", .viewReturnPriorities) { _, context in
            try json(
                try await exchange.returnPriorities(for: context.exchangeActor).map { row in
                    API.ReturnPriority(
                        notificationReference: row.notification.reference, person: row.person, recordReference: row.record.reference,
                        rightToStay: try documented(row.record.rightToStay), procedure: row.situation.currentProcedure, entryBan: row.situation.entryBan,
                        score: row.match.score)
                })
        }
    }

    // Handlers of some size are methods rather than closures: shorter routes to read, and
    // the optimiser of this toolchain crashes on some large async closures.
    func candidates(_ context: AuthenticatedContext) async throws -> Response {
        let ranked = try await services.exchange.candidates(for: try APIRoutes.id(context), by: context.exchangeActor)
        var rows: [API.Candidate] = []
        for (record, candidate) in ranked {
            rows.append(
                API.Candidate(
                    reference: record.reference, score: candidate.score, match: candidate.isMatch, explanation: candidate.explanation,
                    subject: try record.person(), situation: try record.administrativeSituation()))
        }
        return try json(rows)
    }

    func answer(_ request: Request, _ context: AuthenticatedContext) async throws -> Response {
        let id = try APIRoutes.id(context)
        let body = try await services.strictJSON(API.AnswerInput.self, from: request, context: context)
        let answered = try await services.exchange.answer(id, Self.answerInput(body), by: context.exchangeActor)
        return try json(try Self.exchange(answered, now: services.clock()))
    }

    static func answerInput(_ body: API.AnswerInput) -> ExchangeService.AnswerInput {
        ExchangeService.AnswerInput(
            outcome: body.outcome, recordReference: body.recordReference, reason: body.reason, lateReason: body.lateReason,
            sourceEvaluation: body.sourceEvaluation, informationEvaluation: body.informationEvaluation, handlingCode: body.handlingCode ?? .h0,
            marking: body.marking ?? .unclassified)
    }

    static func uuid(_ text: String, field: String) throws -> UUID {
        guard let id = UUID(uuidString: text) else { throw AppError.invalid("“\(field)” is not a UUID.", fields: [field: "A UUID"]) }
        return id
    }

    static func notification(_ model: ThreatNotificationModel, now: Date) throws -> API.Notification {
        API.Notification(
            id: model.id?.uuidString ?? "", reference: model.reference, subject: try model.person(), validFrom: model.validFrom,
            validUntil: model.validUntil, handlingCode: model.handlingCode.rawValue, state: try documented(model.state.rawValue),
            active: model.standing.isActive(at: now), withdrawalReason: model.withdrawalReason, createdAt: model.createdAt, updatedAt: model.updatedAt)
    }

    static func record(_ model: AdministrativeRecordModel) throws -> API.Record {
        API.Record(
            reference: model.reference, subject: try model.person(), situation: try model.administrativeSituation(), version: model.version,
            updatedAt: model.updatedAt, restrictedAt: model.restrictedAt, restrictionReason: model.restrictionReason)
    }

    static func exchange(_ model: ExchangeModel, now: Date) throws -> API.Exchange {
        var response = API.Exchange(
            id: model.id?.uuidString ?? "", direction: try documented(model.direction.rawValue), kind: try documented(model.kind.rawValue),
            batchId: model.batchID?.uuidString, counterpartState: model.counterpartState, counterpartNode: model.counterpartNode,
            notificationId: model.notificationID?.uuidString, state: try documented(model.state.rawValue), urgency: model.urgency,
            deadline: model.deadline, overdue: model.isOverdue(at: now),
            createdAt: model.createdAt, rejectionReason: model.rejectionReason)
        if let message = try? ExchangeMessage.decode(kind: model.kind, body: model.body) {
            switch message {
            case .request(let body): response.request = body
            case .spontaneous(let body): response.spontaneous = body
            case .contactMessage(let body): response.message = body
            case .answer, .followUp: break
            }
        }
        response.answer = model.answer.flatMap { try? JSONDecoder().decode(AnswerBody.self, from: $0) }
        response.answerState = try model.answerState.map { try documented($0.rawValue) }
        return response
    }

    static func exchange(_ view: ExchangeView, now: Date) throws -> API.Exchange {
        var response = try exchange(view.exchange, now: now)
        response.events = view.events.map { API.ExchangeEvent(at: $0.at, event: $0.event, actor: $0.actor) }
        response.deliveries = try view.deliveries.map {
            API.Delivery(
                messageId: $0.id?.uuidString ?? "", kind: $0.kind, state: try documented($0.state.rawValue), attempts: $0.attempts, lastError: $0.lastError,
                deliveredAt: $0.deliveredAt, receipted: $0.receipt != nil)
        }
        return response
    }

    static func alert(_ model: AlertModel) throws -> API.Alert {
        API.Alert(
            id: model.id?.uuidString ?? "", notificationId: model.notificationID.uuidString, recordReference: model.recordReference,
            change: try documented(model.change.rawValue), summary: model.summary, createdAt: model.createdAt, acknowledgedAt: model.acknowledgedAt)
    }
}

extension AuthenticatedContext {
    var exchangeActor: ExchangeService.Actor {
        ExchangeService.Actor(userID: principal.userID, username: principal.username, authority: principal.authority, requestID: requestID)
    }
}
