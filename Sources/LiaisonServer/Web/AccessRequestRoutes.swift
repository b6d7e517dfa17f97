import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
import LiaisonExchange
import LiaisonStore

/// Data subjects' requests for access, for the data protection officer: entering the identity
/// the person gave, confirming what the matcher found, acting on it (restriction, erasure) and
/// the report, as a page, a printable page and a PDF.
struct AccessRequestRoutes {
    let services: LiaisonServices

    struct RequestForm: Decodable {
        var familyNames: String?
        var givenNames: String?
        var otherNames: String?
        var birthDate: String?
        var nationality: String?
        var documentNumber: String?
        var receivedOn: String?
    }

    struct ConfirmForm: Decodable {
        var persons: [String]?
    }

    struct ActionForm: Decodable {
        var target: String?
        var reason: String?
    }

    func register(web: ProtectedRoutes, api: ProtectedRoutes) {
        let exchange = services.exchange
        web.get("/dpo/access-requests", .handleAccessRequests) { _, context in try await listPage(context) }
        web.post("/dpo/access-requests", .handleAccessRequests) { request, context in
            let form = try await services.form(RequestForm.self, from: request, context: context)
            do {
                let opened = try await exchange.openAccessRequest(identity: identity(form), receivedOn: form.receivedOn ?? "", by: context.exchangeActor)
                return Response.redirect("/dpo/access-requests/\(opened.reference)")
            } catch let presentable as any Presentable {
                return try await listPage(context, submitted: form, failure: presentable.presented)
            }
        }
        web.get("/dpo/access-requests/{reference}", .handleAccessRequests) { request, context in
            let notice = request.uri.queryParameters.get("done").flatMap { ["confirmed", "answered", "restricted", "erased", "asked"].contains($0) ? $0 : nil }
            return try await requestPage(context, reference: try reference(context), notice: notice)
        }
        web.post("/dpo/access-requests/{reference}/confirm", .handleAccessRequests) { request, context in
            let form = try await services.form(ConfirmForm.self, from: request, context: context)
            let reference = try reference(context)
            _ = try await exchange.confirmAccessFindings(reference, persons: form.persons ?? [], by: context.exchangeActor)
            return Response.redirect("/dpo/access-requests/\(reference)?done=confirmed")
        }
        web.post("/dpo/access-requests/{reference}/answer", .handleAccessRequests) { request, context in
            _ = try await services.form(ExchangeRoutes.Empty.self, from: request, context: context)
            let reference = try reference(context)
            _ = try await exchange.answerAccessRequest(reference, by: context.exchangeActor)
            return Response.redirect("/dpo/access-requests/\(reference)?done=answered")
        }
        web.post("/dpo/access-requests/{reference}/restrict", .handleAccessRequests) { request, context in
            try await itemAction(request, context, done: "restricted") { form in
                _ = try await exchange.restrictRecord(reference: form.target ?? "", reason: form.reason, by: context.exchangeActor)
            }
        }
        web.post("/dpo/access-requests/{reference}/erase", .handleAccessRequests) { request, context in
            try await itemAction(request, context, done: "erased") { form in
                guard let id = form.target.flatMap(UUID.init(uuidString:)) else {
                    throw AppError.invalid("Choose the exchange to erase.", fields: ["target": "Required."])
                }
                try await exchange.eraseExchange(id, reason: form.reason, by: context.exchangeActor)
            }
        }
        web.post("/dpo/access-requests/{reference}/rectify", .handleAccessRequests) { request, context in
            try await itemAction(request, context, done: "asked") { form in
                _ = try await exchange.askRectification(try reference(context), person: form.target ?? "", note: form.reason, by: context.exchangeActor)
            }
        }
        web.get("/dpo/access-requests/{reference}/report", .handleAccessRequests) { _, context in
            let html = try await report(context, reference: try reference(context), inlineStyle: nil)
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
        }
        web.get("/dpo/access-requests/{reference}/report.pdf", .handleAccessRequests) { _, context in
            let reference = try reference(context)
            // The marking in the reader's language, on every printed page.
            let marking = services.renderer.strings(context)("subjectAccess.report.marking").replacingOccurrences(of: "\\", with: "").replacingOccurrences(
                of: "\"", with: "'")
            let style = Self.printStyle + "\n@page { @top-center { content: \"\(marking)\"; } }\n"
            let pdf = try await services.printer.pdf(html: try await report(context, reference: reference, inlineStyle: style))
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(bytes: pdf)))
            response.headers[.contentType] = "application/pdf"
            response.headers[.contentDisposition] = "attachment; filename=\"\(reference).pdf\""
            return response
        }

        api.get("/access-requests", .handleAccessRequests) { _, context in
            try json(try await exchange.accessRequests().map(Self.summary))
        }
        api.post("/access-requests", .handleAccessRequests) { request, context in
            let input = try await services.strictJSON(API.AccessRequestInput.self, from: request, context: context)
            let opened = try await exchange.openAccessRequest(identity: input.identity, receivedOn: input.receivedOn, by: context.exchangeActor)
            return try json(Self.summary(opened), status: .created)
        }
        api.get("/access-requests/{reference}", .handleAccessRequests) { _, context in
            let view = try await exchange.accessRequest(try reference(context), by: context.exchangeActor)
            return try json(Self.detail(view))
        }
        api.post("/access-requests/{reference}/confirm", .handleAccessRequests) { request, context in
            let input = try await services.closedJSON(API.AccessRequestConfirmation.self, from: request, context: context)
            let reference = try reference(context)
            _ = try await exchange.confirmAccessFindings(reference, persons: input.persons, by: context.exchangeActor)
            return try json(Self.detail(try await exchange.accessRequest(reference, by: context.exchangeActor)))
        }
        api.post("/access-requests/{reference}/answer", .handleAccessRequests) { _, context in
            try json(Self.summary(try await exchange.answerAccessRequest(try reference(context), by: context.exchangeActor)))
        }
        api.post("/access-requests/{reference}/rectifications", .handleAccessRequests) { request, context in
            let input = try await services.closedJSON(API.RectificationAskInput.self, from: request, context: context)
            let ask = try await exchange.askRectification(try reference(context), person: input.person, note: input.note, by: context.exchangeActor)
            return try json(Self.ask(ask), status: .created)
        }
        api.post("/exchanges/{id}/erase", .handleAccessRequests) { request, context in
            let input = try await services.closedJSON(API.RestrictionInput.self, from: request, context: context)
            try await exchange.eraseExchange(try APIRoutes.id(context), reason: input.reason, by: context.exchangeActor)
            return Response(status: .noContent)
        }
    }

    /// An action on one item of the request, from its form: back to the request saying it was
    /// done, or the request again with the refusal at that item's field.
    private func itemAction(
        _ request: Request, _ context: AuthenticatedContext, done: String, _ action: (ActionForm) async throws -> Void
    ) async throws -> Response {
        let form = try await services.form(ActionForm.self, from: request, context: context)
        let reference = try reference(context)
        do {
            try await action(form)
        } catch let presentable as any Presentable {
            return try await requestPage(context, reference: reference, failure: (form.target ?? "", form.reason ?? "", presentable.presented))
        }
        return Response.redirect("/dpo/access-requests/\(reference)?done=\(done)")
    }

    private func reference(_ context: AuthenticatedContext) throws -> String {
        guard let reference = context.parameters.get("reference"), reference.count <= 20, reference.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else { throw AppError.notFound }
        return reference
    }

    /// The identity from the form: names in any script, other names one per line.
    private func identity(_ form: RequestForm) -> PersonIdentity {
        func value(_ text: String?) -> String? {
            let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return trimmed.isEmpty ? nil : trimmed
        }
        let nationality = value(form.nationality)?.uppercased()
        return PersonIdentity(
            familyNames: value(form.familyNames) ?? "", givenNames: value(form.givenNames),
            aliases: (form.otherNames ?? "").split(whereSeparator: \.isNewline).compactMap { value(String($0)) }, birthDate: value(form.birthDate),
            nationalities: nationality.map { [$0] } ?? [],
            documents: value(form.documentNumber).map { [TravelDocument(type: "P", number: $0.uppercased(), issuingState: nationality ?? "XXX")] } ?? [])
    }

    // MARK: Pages

    private func listPage(_ context: AuthenticatedContext, submitted: RequestForm? = nil, failure: AppError? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let today = DisplayFormat.day(services.clock())
        let rows = try await services.exchange.accessRequests().map { request -> [String: Any] in
            [
                "reference": request.reference, "received": request.receivedOn, "due": request.dueOn, "open": request.state == .open,
                "overdue": request.state == .open && request.dueOn < today, "state": strings("subjectAccess.state.\(request.state.rawValue)"),
                "found": String(request.confirmedPersons.count),
            ]
        }
        var data: [String: Any] = [
            "requests": rows,
            "form": [
                "familyNames": submitted?.familyNames ?? "", "givenNames": submitted?.givenNames ?? "", "otherNames": submitted?.otherNames ?? "",
                "birthDate": submitted?.birthDate ?? "", "nationality": submitted?.nationality ?? "", "documentNumber": submitted?.documentNumber ?? "",
                "receivedOn": submitted?.receivedOn ?? today,
            ],
        ]
        if let failure {
            data["failure"] = strings.detail(of: failure)
            data["errors"] = formFields(of: failure, strings: strings)
        }
        return services.renderer.page(
            "access-requests", title: strings("subjectAccess.title"), request: context, principal: context.principal, currentPath: "/dpo/access-requests",
            data: data, status: failure?.status ?? .ok)
    }

    /// The form's fields in error: a rule names the field it refuses in quotes (“birthDate”),
    /// the page marks the input that holds it.
    private func formFields(of failure: AppError, strings: Strings) -> [String: String] {
        var fields = strings.fields(of: failure)
        let detail = failure.detail
        if fields.isEmpty, let open = detail.range(of: "“"), let close = detail.range(of: "”", range: open.upperBound..<detail.endIndex) {
            let name = String(detail[open.upperBound..<close.lowerBound].prefix { $0 != "[" && $0 != "." })
            fields[["nationalities": "nationality", "documents": "documentNumber", "aliases": "otherNames"][name] ?? name] = strings.detail(of: failure)
        }
        return fields
    }

    private func requestPage(
        _ context: AuthenticatedContext, reference: String, notice: String? = nil, failure: (target: String, reason: String, error: AppError)? = nil
    ) async throws -> Response {
        let strings = services.renderer.strings(context)
        let view = try await services.exchange.accessRequest(reference, by: context.exchangeActor)
        var data = details(view, strings: strings)
        data["open"] = view.request.state == .open
        data["overdue"] = view.request.state == .open && view.request.dueOn < DisplayFormat.day(services.clock())
        data["state"] = strings("subjectAccess.state.\(view.request.state.rawValue)")
        data["findings"] = view.findings.map { finding -> [String: Any] in
            var row = findingRow(finding, strings: strings)
            row["explanation"] = finding.explanation
            row["score"] = String(format: "%.2f", finding.score)
            row["hasScore"] = finding.score > 0
            row["canRestrict"] = finding.confirmed && finding.recordReference != nil && !finding.restricted
            row["canErase"] = finding.confirmed && finding.exchangeID != nil && !finding.erased
            row["target"] = finding.exchangeID?.uuidString ?? finding.recordReference ?? ""
            row["slug"] = finding.person.replacingOccurrences(of: "/", with: "-")
            row["canRectify"] = finding.confirmed && !finding.erased && finding.category != .officerData && view.request.state == .open
            row["asks"] = view.asks.filter { $0.person == finding.person }.map { ask -> [String: Any] in
                var line: [String: Any] = ["askedAt": DisplayFormat.day(ask.askedAt), "askedBy": ask.askedBy, "note": ask.note]
                if let done = ask.doneAt { line["done"] = "\(DisplayFormat.day(done)) · \(ask.doneBy ?? "")" }
                return line
            }
            if let failure {
                let message = strings.fields(of: failure.error)["reason"] ?? strings.detail(of: failure.error)
                if failure.target == finding.person {
                    row["rectifyNote"] = failure.reason
                    row["rectifyError"] = message
                } else if failure.target == row["target"] as? String {
                    row["reason"] = failure.reason
                    row["error"] = message
                }
            }
            return row
        }
        if let notice { data["notice"] = strings("subjectAccess.done.\(notice)") }
        if let failure { data["failure"] = strings.detail(of: failure.error) }
        return services.renderer.page(
            "access-request", title: "\(strings("subjectAccess.request")) \(reference)", request: context, principal: context.principal,
            currentPath: "/dpo/access-requests", data: data, status: failure?.error.status ?? .ok)
    }

    /// The report: the confirmed items with purpose, legal basis, recipients and retention, the
    /// reads of them and the audit entries about them. Generated, never typed.
    private func report(_ context: AuthenticatedContext, reference: String, inlineStyle: String?) async throws -> String {
        let strings = services.renderer.strings(context)
        let view = try await services.exchange.accessRequest(reference, by: context.exchangeActor)
        var data = details(view, strings: strings)
        data["items"] = view.confirmed.map { findingRow($0, strings: strings) }
        // The reads made to answer this very request are the officer's, not the person's history.
        let own = "access request \(reference)"
        data["reads"] = view.reads.filter { $0.purpose != own }.map { ["at": DisplayFormat.second($0.occurredAt), "user": $0.actor, "person": $0.person, "purpose": $0.purpose] }
        data["entries"] = view.auditEntries.map { entry -> [String: Any] in
            [
                "at": DisplayFormat.second(Date(timeIntervalSince1970: Double(entry.occurredAtMilliseconds) / 1000)), "actor": entry.actor,
                "action": entry.action, "target": "\(entry.targetType ?? "")/\(entry.targetID ?? "")", "sequence": String(entry.id ?? 0),
            ]
        }
        data["printed"] = DisplayFormat.second(services.clock())
        data["node"] = services.renderer.nodeTitle
        if let inlineStyle { data["inlineStyle"] = inlineStyle }
        let layout = services.renderer.layout(
            title: "\(strings("subjectAccess.report.title")) \(reference)", language: context.language, back: nil, currentPath: "", principal: nil)
        return services.renderer.render("access-report", layout: layout, view: data)
    }

    private func details(_ view: AccessRequestView, strings: Strings) -> [String: Any] {
        let present = ExchangePresentation(strings: strings, now: services.clock())
        var data: [String: Any] = [
            "reference": view.request.reference, "received": view.request.receivedOn, "due": view.request.dueOn,
            "confirmedCount": String(view.confirmed.count),
        ]
        // Absent rather than empty: a template section shows for any string, even an empty one.
        if let answered = view.request.answeredAt { data["answered"] = DisplayFormat.day(answered) }
        if let identity = view.identity { data["identity"] = present.person(identity) }
        return data
    }

    private func findingRow(_ finding: AccessFinding, strings: Strings) -> [String: Any] {
        let present = ExchangePresentation(strings: strings, now: services.clock())
        var row: [String: Any] = [
            "person": finding.person, "category": strings("subjectAccess.category.\(finding.category.rawValue)"), "label": finding.label,
            "confirmed": finding.confirmed, "purpose": finding.purpose, "legalBasis": finding.legalBasis,
            "recipients": finding.recipients.isEmpty ? strings("subjectAccess.noRecipient") : finding.recipients.joined(separator: ", "),
            "retainedUntil": finding.retainedUntil ?? strings("subjectAccess.keptByRegistry"), "restricted": finding.restricted, "erased": finding.erased,
        ]
        // Named apart from the request's own identity, which a template would find instead.
        if let identity = finding.identity { row["heldIdentity"] = present.person(identity) }
        return row
    }

    // MARK: API

    static func summary(_ request: AccessRequestModel) -> API.AccessRequestSummary {
        API.AccessRequestSummary(
            reference: request.reference, receivedOn: request.receivedOn, dueOn: request.dueOn, state: request.state == .open ? .open : .answered,
            confirmed: request.confirmedPersons.count, answeredAt: request.answeredAt)
    }

    static func ask(_ ask: RectificationAskModel) -> API.RectificationAsk {
        API.RectificationAsk(
            id: ask.id?.uuidString ?? "", accessRequest: ask.accessRequest, person: ask.person, note: ask.note, askedBy: ask.askedBy, askedAt: ask.askedAt,
            doneBy: ask.doneBy, doneAt: ask.doneAt)
    }

    static func detail(_ view: AccessRequestView) -> API.AccessRequestDetail {
        API.AccessRequestDetail(
            request: summary(view.request),
            findings: view.findings.map { finding in
                API.AccessFinding(
                    person: finding.person, category: .init(rawValue: finding.category.rawValue) ?? .record, label: finding.label, score: finding.score, explanation: finding.explanation,
                    confirmed: finding.confirmed, purpose: finding.purpose, legalBasis: finding.legalBasis, recipients: finding.recipients,
                    retainedUntil: finding.retainedUntil, restricted: finding.restricted, erased: finding.erased)
            },
            reads: view.reads.map { API.AccessRead(at: $0.occurredAt, user: $0.actor, person: $0.person, purpose: $0.purpose) })
    }

    /// The print style, inlined into the page chromium prints (it fetches nothing).
    static let printStyle: String = {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Public/report.css"), let text = try? String(contentsOf: url, encoding: .utf8) else { return "" }
        return text
    }()
}
