import Foundation
import Hummingbird
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore

/// The exchange pages: notifications, new requests, lists of exchanges, the inbox,
/// approvals, alerts and return priorities. Each page asks `ExchangeService`, which asks the
/// rules; a refusal comes back on the same page with its rule's code.
struct ExchangeRoutes {
    let services: LiaisonServices

    struct NotificationForm: Decodable {
        var familyNames: String?
        var givenNames: String?
        var sex: String?
        var birthDate: String?
        var nationality: String?
        var documentNumber: String?
        var mrz: String?
        var validUntil: String?
        var handlingCode: String?

        /// The fields as the form shows them, for the order of the error summary.
        static let order = ["mrz", "familyNames", "givenNames", "sex", "birthDate", "nationality", "documentNumber", "validUntil", "handlingCode"]
    }

    struct ReasonForm: Decodable {
        var reason: String?
    }

    struct RequestForm: Decodable {
        var notificationId: String?
        var targetStates: [String]?
        var purpose: String?
        var legalBasis: String?
        var urgency: String?
        var handlingCode: String?
        var classification: String?
        var limite: String?
        var categories: [String]?
        var remarks: String?
        /// The official saw that a request to one of the states is still open, and sends another.
        var confirmDuplicate: String?
    }

    struct Empty: Decodable {}

    func register(on routes: ProtectedRoutes) {
        let exchange = services.exchange
        routes.get("/notifications", .viewNotifications) { _, context in
            try await notificationsPage(context)
        }
        routes.post("/notifications", .manageNotifications) { request, context in
            let form = try await services.form(NotificationForm.self, from: request, context: context)
            do {
                let input = try notificationInput(form)
                _ = try await exchange.createNotification(input, by: context.exchangeActor)
                return Response.redirect("/notifications?done=notification-created")
            } catch let error as PolicyError {
                return try await notificationsPage(context, submitted: form, failure: error.pageFailure(services.renderer.strings(context), order: NotificationForm.order))
            } catch let presentable as any Presentable {
                let error = presentable.presented
                return try await notificationsPage(context, submitted: form, failure: error.pageFailure(services.renderer.strings(context), order: NotificationForm.order))
            }
        }
        routes.get("/notifications/{id}/withdraw", .manageNotifications) { _, context in
            try await withdrawalPage(context, id: try APIRoutes.id(context))
        }
        routes.post("/notifications/{id}/withdraw", .manageNotifications) { request, context in
            let form = try await services.form(ReasonForm.self, from: request, context: context)
            let id = try APIRoutes.id(context)
            do {
                _ = try await exchange.withdrawNotification(id, reason: form.reason ?? "", by: context.exchangeActor)
                return Response.redirect("/notifications?done=notification-withdrawn")
            } catch let presentable as any Presentable {
                return try await withdrawalPage(context, id: id, reason: form.reason, failure: presentable.pageFailure(services.renderer.strings(context)))
            }
        }
        routes.get("/requests/new", .sendExchanges) { request, context in
            let notification = request.uri.queryParameters["notification"].flatMap { UUID(uuidString: String($0)) }
            return try await requestForm(context, notificationID: notification)
        }
        routes.post("/requests", .sendExchanges) { request, context in
            let form = try await services.form(RequestForm.self, from: request, context: context)
            do {
                guard let notificationID = form.notificationId.flatMap(UUID.init(uuidString:)) else { throw AppError.notFound }
                let open = Set(try await exchange.openRequests(under: notificationID, for: context.exchangeActor).map(\.counterpartState))
                if !open.isDisjoint(with: (form.targetStates ?? []).map { $0.uppercased() }), form.confirmDuplicate != "on" {
                    return try await requestForm(context, notificationID: notificationID, submitted: form, askToConfirm: true)
                }
                let opened = try await exchange.createRequests(
                    .init(
                        notificationID: notificationID, targetStates: form.targetStates ?? [], purpose: form.purpose ?? "",
                        legalBasis: form.legalBasis ?? "", urgency: Urgency(rawValue: form.urgency ?? "") ?? .normal,
                        handlingCode: HandlingCode(rawValue: form.handlingCode ?? "") ?? .h0,
                        marking: ExchangePresentation.marking(form.classification, form.limite),
                        requestedCategories: (form.categories ?? []).compactMap(RequestedCategory.init(rawValue:)),
                        remarks: (form.remarks ?? "").isEmpty ? nil : form.remarks),
                    by: context.exchangeActor)
                return Response.redirect(opened.count == 1 ? "/exchanges/\(opened[0].id?.uuidString ?? "")?done=created" : "/exchanges?done=created")
            } catch let error as PolicyError {
                return try await requestForm(
                    context, notificationID: form.notificationId.flatMap(UUID.init(uuidString:)), submitted: form, failure: error.pageFailure(services.renderer.strings(context)))
            } catch let presentable as any Presentable {
                let error = presentable.presented
                return try await requestForm(
                    context, notificationID: form.notificationId.flatMap(UUID.init(uuidString:)), submitted: form, failure: error.pageFailure(services.renderer.strings(context)))
            }
        }
        routes.get("/exchanges", .viewExchanges) { _, context in
            try await listPage(context, path: "/exchanges", title: "exchanges.title", intro: "exchanges.intro", empty: "exchanges.empty", rows: try await exchange.followed(by: context.exchangeActor))
        }
        routes.get("/inbox", .viewInbox) { _, context in
            try await listPage(context, path: "/inbox", title: "inbox.title", intro: "inbox.intro", empty: "inbox.empty", rows: try await exchange.inbox(for: context.exchangeActor))
        }
        routes.get("/approvals", .approveExchanges) { _, context in
            try await listPage(
                context, path: "/approvals", title: "approvals.title", intro: "approvals.intro", empty: "approvals.empty", rows: try await exchange.approvals(for: context.exchangeActor))
        }
        routes.get("/alerts", .viewAlerts) { _, context in
            let strings = services.renderer.strings(context)
            let present = ExchangePresentation(strings: strings, now: services.clock())
            let rows = try await exchange.alertsWithNotifications(for: context.exchangeActor).map { alert, notification -> [String: Any] in
                var row: [String: Any] = [
                    "id": alert.id?.uuidString ?? "", "notification": notification?.reference ?? "", "record": alert.recordReference,
                    "change": strings.lookup("alert.change.\(alert.change.rawValue)") ?? alert.change.rawValue, "summary": strings.alertSummary(alert.summary),
                    "created": DisplayFormat.minute(alert.createdAt), "acknowledged": alert.acknowledgedAt != nil,
                ]
                if let person = try? notification?.person() { row["person"] = present.person(person) }
                if let id = notification?.id { row["notificationID"] = id.uuidString }
                return row
            }
            return services.renderer.page(
                "alerts", title: strings("alerts.title"), request: context, principal: context.principal, currentPath: "/alerts", data: ["alerts": rows])
        }
        routes.post("/alerts/{id}/acknowledge", .viewAlerts) { request, context in
            _ = try await services.form(Empty.self, from: request, context: context)
            try await exchange.acknowledgeAlert(try APIRoutes.id(context), by: context.exchangeActor)
            return Response.redirect("/alerts?done=alert-acknowledged")
        }
        routes.get("/returns", .viewReturnPriorities) { _, context in
            let strings = services.renderer.strings(context)
            let present = ExchangePresentation(strings: strings, now: services.clock())
            let rows = try await exchange.returnPriorities(for: context.exchangeActor).map { row -> [String: Any] in
                [
                    "person": present.person(row.person), "notification": row.notification.reference, "record": row.record.reference,
                    "procedure": row.situation.currentProcedure.map {
                        "\(strings("exchange.procedure.\($0.type.rawValue)")): \(strings("exchange.status.\($0.status.rawValue)"))"
                    } ?? "",
                    "entryBan": row.situation.entryBan?.until ?? "",
                ]
            }
            return services.renderer.page(
                "returns", title: strings("returns.title"), request: context, principal: context.principal, currentPath: "/returns", data: ["rows": rows])
        }
    }

    /// A notification from the form; a pasted MRZ fills what the fields leave empty.
    func notificationInput(_ form: NotificationForm) throws -> ExchangeService.NotificationInput {
        var family = form.familyNames ?? "", given = form.givenNames ?? "", sex = form.sex ?? "", birth = form.birthDate ?? ""
        var nationality = form.nationality ?? "", document = form.documentNumber ?? ""
        if let mrz = form.mrz?.trimmingCharacters(in: .whitespacesAndNewlines), !mrz.isEmpty {
            guard let parsed = try? MRZ.parse(mrz) else {
                throw AppError.invalid("The MRZ could not be read: paste its two or three lines as printed.", fields: ["mrz": "Not an MRZ."])
            }
            // A failed check digit is a possible fraud indicator or a misreading: a person looks
            // at the document before anything is notified on it.
            guard parsed.valid else {
                let checks = parsed.checks
                let failed = [
                    checks.documentNumber ? nil : "document number", checks.birthDate ? nil : "date of birth", checks.expiryDate ? nil : "date of expiry",
                    checks.personalNumber == false ? "personal number" : nil, checks.composite == false ? "composite" : nil,
                ].compactMap { $0 }
                let which = failed.isEmpty ? "A date in it is not a real calendar date" : "Its check digit fails for: \(failed.joined(separator: ", "))"
                throw AppError.invalid(
                    "\(which). This is a possible fraud indicator or a misreading: check the document. To notify without it, leave the MRZ empty and type the fields.",
                    fields: ["mrz": "Possible fraud indicator: \(failed.isEmpty ? "an impossible date" : failed.joined(separator: ", "))."])
            }
            let identity = parsed.identityQuery(referenceYear: Calendar.utc.component(.year, from: services.clock()))
            // Typed fields and the MRZ must tell of one person: a mix of two is refused, naming both.
            let typed = [("birthDate", birth, identity.birthDate), ("nationality", nationality.uppercased(), identity.nationality), ("documentNumber", document.uppercased(), identity.documentNumber)]
            let conflicts = typed.filter { _, value, read in !value.isEmpty && read.map { !$0.isEmpty && $0 != value } == true }
            if !conflicts.isEmpty {
                let said = conflicts.map { field, value, read in "\(field): you typed \(value), the MRZ says \(read ?? "")" }
                throw AppError.invalid(
                    "The MRZ and the typed fields tell of two people (\(said.joined(separator: "; "))). Keep the one that is right and empty the other.",
                    fields: Dictionary(uniqueKeysWithValues: conflicts.map { field, value, read in (field, "You typed \(value); the MRZ says \(read ?? "").") }))
            }
            if family.isEmpty { family = identity.familyNames ?? "" }
            if given.isEmpty { given = identity.givenNames ?? "" }
            if sex.isEmpty { sex = identity.sex ?? "" }
            if birth.isEmpty { birth = identity.birthDate ?? "" }
            if nationality.isEmpty { nationality = identity.nationality ?? "" }
            if document.isEmpty { document = identity.documentNumber ?? "" }
        }
        let subject = PersonIdentity(
            familyNames: family.trimmingCharacters(in: .whitespaces), givenNames: given.isEmpty ? nil : given, sex: sex.isEmpty ? nil : sex,
            birthDate: birth.isEmpty ? nil : birth, nationalities: nationality.isEmpty ? [] : [nationality.uppercased()],
            documents: document.isEmpty ? [] : [TravelDocument(type: "P", number: document.uppercased(), issuingState: nationality.uppercased())])
        // Every problem of the form at once, each at the field the official typed it in.
        var problems = Dictionary(
            subject.problems().map { field, problem in (Self.formField(of: field), Self.formProblems[Self.formField(of: field)] ?? problem) },
            uniquingKeysWith: { first, _ in first })
        let until = DisplayFormat.parseDay(form.validUntil ?? "")
        if until == nil { problems["validUntil"] = "Give the last day of validity as YYYY-MM-DD." }
        guard let until, problems.isEmpty else {
            throw AppError.invalid(problems.count == 1 ? "Correct the field marked below." : "Correct the \(problems.count) fields marked below.", fields: problems)
        }
        return .init(subject: subject, validUntil: until.addingTimeInterval(86400), handlingCode: HandlingCode(rawValue: form.handlingCode ?? "") ?? .h0)
    }

    /// The form field where an identity's field is typed.
    static func formField(of field: String) -> String {
        if field == "nationalities" { return "nationality" }
        if field.hasPrefix("documents[") { return "documentNumber" }
        return field
    }

    /// What each field of the identity form expects, in the official's words (the catalogue
    /// translates them as `message.form…`).
    static let formProblems = [
        "familyNames": "Give the family name as the document writes it, or paste the MRZ.",
        "givenNames": "Write the given names in letters only.", "sex": "Choose M, F or X.",
        "birthDate": "Give the date of birth as YYYY-MM-DD, YYYY-MM or YYYY, not after today.",
        "nationality": "Give a three-letter code such as SYR (XXA stateless, XXX unknown).",
        "documentNumber": "Give the document number in 1 to 20 letters and digits.",
    ]

    func notificationsPage(_ context: AuthenticatedContext, submitted: NotificationForm? = nil, failure: PageFailure? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let present = ExchangePresentation(strings: strings, now: services.clock())
        let canRequest = context.principal.may(.sendExchanges)
        let rows = try await services.exchange.notifications(for: context.exchangeActor).map { notification in
            let active = notification.standing.isActive(at: services.clock())
            return NotificationsView.Row(
                id: notification.id?.uuidString ?? "", reference: notification.reference, person: (try? notification.person()).map(present.person),
                validity: "\(DisplayFormat.day(notification.validFrom)) – \(DisplayFormat.day(notification.validUntil.addingTimeInterval(-1)))",
                handlingCode: notification.handlingCode.rawValue, active: active,
                status: strings(active ? "notifications.active" : (notification.state == .withdrawn ? "notifications.withdrawn" : "notifications.inactive")),
                canRequest: canRequest && active, canWithdraw: context.principal.may(.manageNotifications) && notification.state == .active)
        }
        let view = NotificationsView(
            notifications: rows, canCreate: context.principal.may(.manageNotifications), fields: NotificationFieldsView(submitted, strings: strings, now: services.clock()), failure: failure)
        return services.renderer.page(
            "notifications", title: strings("notifications.title"), request: context, principal: context.principal, currentPath: "/notifications",
            view: view, status: failure == nil ? .ok : .unprocessableContent)
    }

    /// Before a notification is withdrawn: what it does, and the exchanges withdrawn with it.
    func withdrawalPage(_ context: AuthenticatedContext, id: UUID, reason: String? = nil, failure: PageFailure? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let notification = try await services.exchange.notification(id, for: context.exchangeActor)
        guard notification.state == .active, context.exchangeActor.authorityID == notification.ctAuthorityID else { throw AppError.notFound }
        let present = ExchangePresentation(strings: strings, now: services.clock())
        let standing = try await services.exchange.exchangesStanding(on: id, for: context.exchangeActor).map { present.row($0) }
        var data: [String: Any] = [
            "id": id.uuidString, "reference": notification.reference, "exchanges": standing, "hasExchanges": !standing.isEmpty,
            "cascade": strings.plural("withdrawal.cascade", count: standing.count),
        ]
        if let reason { data["reason"] = reason }
        if let failure { data["failure"] = failure }
        return services.renderer.page(
            "notification-withdraw", title: strings("withdrawal.title"), request: context, principal: context.principal, currentPath: "/notifications",
            data: data, status: failure == nil ? .ok : .unprocessableContent)
    }

    func requestForm(
        _ context: AuthenticatedContext, notificationID: UUID?, submitted: RequestForm? = nil, failure: PageFailure? = nil, askToConfirm: Bool = false
    ) async throws -> Response {
        let strings = services.renderer.strings(context)
        guard let notificationID else { throw AppError.notFound }
        let notification = try await services.exchange.notification(notificationID, for: context.exchangeActor)
        let open = try await services.exchange.openRequests(under: notificationID, for: context.exchangeActor)
        let present = ExchangePresentation(strings: strings, now: services.clock())
        let chosen = Set(submitted?.targetStates ?? [])
        let categories = Set(submitted?.categories ?? [RequestedCategory.identity.rawValue, RequestedCategory.internationalProtection.rawValue])
        var data: [String: Any] = [
            "notification": ["id": notificationID.uuidString, "reference": notification.reference],
            "person": (try? notification.person()).map(present.person) as Any,
            "states": ExchangePresentation.states(
                await services.exchange.foreignStates(), chosen: chosen, open: Set(open.map(\.counterpartState)), strings: strings),
            "categories": RequestedCategory.allCases.map { ["value": $0.rawValue, "title": strings("exchange.category.\($0.rawValue)"), "checked": categories.contains($0.rawValue)] },
            "handlingCodes": present.handlingCodes(selected: submitted?.handlingCode ?? HandlingCode.h0.rawValue),
            "classifications": ExchangePresentation.classifications(
                selected: submitted?.classification ?? Classification.unclassified.rawValue, ceiling: services.configuration.exchange.ceiling),
            "limiteAllowed": services.configuration.exchange.ceiling.allowsLimite,
            "purpose": submitted?.purpose ?? "", "legalBasis": submitted?.legalBasis ?? "", "remarks": submitted?.remarks ?? "",
            "urgent": submitted?.urgency == "urgent", "limite": submitted?.limite == "on",
            "approvalRequired": services.configuration.exchange.approvalRequired,
        ]
        if let failure { data["failure"] = failure }
        if !open.isEmpty {
            let present = ExchangePresentation(strings: strings, now: services.clock())
            data["openRequests"] = open.map { present.row($0) }
            data["hasOpenRequests"] = true
        }
        if askToConfirm { data["askToConfirm"] = true }
        return services.renderer.page(
            "request-new", title: strings("request.title"), request: context, principal: context.principal, currentPath: "/notifications",
            data: data, status: failure == nil && !askToConfirm ? .ok : .unprocessableContent)
    }

    func listPage(_ context: AuthenticatedContext, path: String, title: String, intro: String, empty: String, rows: [ExchangeModel]) async throws -> Response {
        let strings = services.renderer.strings(context)
        let present = ExchangePresentation(strings: strings, now: services.clock())
        let unread = try await services.exchange.unreadIDs(among: rows, for: context.exchangeActor)
        let view = ExchangeListView(
            heading: strings(title), intro: strings(intro), empty: strings(empty),
            rows: rows.map { present.row($0, unread: $0.id.map(unread.contains) ?? false) }, listID: String(path.dropFirst()),
            canMessage: path == "/exchanges" && context.principal.may(.sendContactMessages))
        return services.renderer.page("exchanges", title: strings(title), request: context, principal: context.principal, currentPath: path, view: view)
    }
}

extension DisplayFormat {
    /// "2026-12-31" as the start of that day, UTC.
    static func parseDay(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        var components = DateComponents()
        (components.year, components.month, components.day) = (parts[0], parts[1], parts[2])
        guard let date = Calendar.utc.date(from: components), DisplayFormat.day(date) == text else { return nil }
        return date
    }
}
