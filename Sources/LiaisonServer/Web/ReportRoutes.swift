import Foundation
import Hummingbird
import LiaisonCore
import LiaisonILO

/// Strategic reports: the network's list, the editor of a draft, and publication, which the
/// personal-data detector blocks with every finding marked in the text for the author to edit.
struct ReportRoutes {
    let services: LiaisonServices

    struct ReportForm: Decodable {
        var title: String?
        var period: String?
        var hostCountry: String?
        var region: String?
        var flowsAndRoutes: String?
        var smugglingAndTrafficking: String?
        var incidentsAndTrends: String?
        var documentFraud: String?
        var returnAndReadmission: String?
        var accessToProtection: String?
        var legalPathways: String?
        var riskAnalysis: String?
        var riskLevel: String?
        /// save or publish
        var intent: String?
    }

    func register(on routes: ProtectedRoutes) {
        let network = services.network
        routes.get("/reports", .viewReports) { _, context in
            let strings = services.renderer.strings(context)
            let present = ILOPresentation(strings: strings, language: context.language)
            let rows = try await network.reports().map { entry in
                ReportRowView(
                    id: entry.report.id.uuidString, title: entry.report.title, period: entry.report.period, scope: scope(entry.report, present),
                    origin: entry.originNode, own: entry.own, published: entry.published,
                    date: DisplayFormat.second(entry.publishedAt ?? entry.updatedAt))
            }
            return services.renderer.page(
                "reports", title: strings("reports.title"), request: context, principal: context.principal, currentPath: "/reports",
                view: ReportListView(rows: rows, canWrite: context.principal.may(.writeReports)))
        }
        routes.get("/reports/new", .writeReports) { _, context in
            editorPage(context, form: ReportForm(), action: "/reports")
        }
        routes.post("/reports", .writeReports) { request, context in
            let form = try await services.form(ReportForm.self, from: request, context: context)
            return try await save(form, id: nil, context: context)
        }
        routes.get("/reports/{id}", .viewReports) { _, context in
            try await detailPage(context, entry: try await network.report(try APIRoutes.id(context)))
        }
        routes.post("/reports/{id}", .writeReports) { request, context in
            let form = try await services.form(ReportForm.self, from: request, context: context)
            return try await save(form, id: try APIRoutes.id(context), context: context)
        }
    }

    /// Saves the draft, then publishes it when asked; a refusal comes back in the editor with
    /// what was typed, and personal data marked where it was found.
    private func save(_ form: ReportForm, id: UUID?, context: AuthenticatedContext) async throws -> Response {
        let action = id.map { "/reports/\($0.uuidString)" } ?? "/reports"
        let report: StrategicReport
        do {
            report = try self.report(from: form)
        } catch let presentable as any Presentable {
            return editorPage(context, form: form, action: action, error: presentable.presented)
        }
        let saved: ReportEntry
        do {
            saved = try await services.network.saveDraft(report, id: id, by: context.networkActor)
        } catch let presentable as any Presentable {
            return editorPage(context, form: form, action: action, error: presentable.presented)
        }
        let path = "/reports/\(saved.report.id.uuidString)"
        guard form.intent == "publish" else { return Response.redirect(path) }
        do {
            _ = try await services.network.publish(saved.report.id, by: context.networkActor)
            return Response.redirect(path)
        } catch let blocked as PersonalDataInReport {
            return editorPage(context, form: form, action: path, findings: blocked.findings, error: AppError(blocked.serviceError))
        } catch let presentable as any Presentable {
            return editorPage(context, form: form, action: path, error: presentable.presented)
        }
    }

    private func report(from form: ReportForm) throws -> StrategicReport {
        var fields: [String: String] = [:]
        let region = form.region.flatMap { $0.isEmpty ? nil : $0 }
        let risk = form.riskLevel.flatMap { $0.isEmpty ? nil : $0 }
        if let region, HostRegion(rawValue: region) == nil { fields["region"] = "Choose one of the list." }
        if let risk, RiskLevel(rawValue: risk) == nil { fields["riskLevel"] = "Choose one of the list." }
        guard fields.isEmpty else { throw ServiceError.invalid("The report cannot be kept as it is: \(fields.keys.sorted().joined(separator: ", ")).", fields: fields) }
        return typed(form)
    }

    /// The report as typed, values outside their vocabulary left out (`report(from:)` refuses them).
    private func typed(_ form: ReportForm) -> StrategicReport {
        StrategicReport(
            title: form.title ?? "", period: form.period ?? "", hostCountry: form.hostCountry.flatMap { $0.isEmpty ? nil : $0 },
            region: form.region.flatMap(HostRegion.init(rawValue:)), flowsAndRoutes: form.flowsAndRoutes ?? "",
            smugglingAndTrafficking: form.smugglingAndTrafficking ?? "", incidentsAndTrends: form.incidentsAndTrends ?? "",
            documentFraud: form.documentFraud ?? "", returnAndReadmission: form.returnAndReadmission ?? "", accessToProtection: form.accessToProtection ?? "",
            legalPathways: form.legalPathways ?? "", riskAnalysis: form.riskAnalysis ?? "", riskLevel: form.riskLevel.flatMap(RiskLevel.init(rawValue:)))
    }

    private func form(from report: StrategicReport) -> ReportForm {
        ReportForm(
            title: report.title, period: report.period, hostCountry: report.hostCountry, region: report.region?.rawValue,
            flowsAndRoutes: report.flowsAndRoutes, smugglingAndTrafficking: report.smugglingAndTrafficking, incidentsAndTrends: report.incidentsAndTrends,
            documentFraud: report.documentFraud, returnAndReadmission: report.returnAndReadmission, accessToProtection: report.accessToProtection,
            legalPathways: report.legalPathways, riskAnalysis: report.riskAnalysis, riskLevel: report.riskLevel?.rawValue)
    }

    private func scope(_ report: StrategicReport, _ present: ILOPresentation) -> String {
        [report.hostCountry.map(present.country), report.region.map { present.strings("region.\($0.rawValue)") }].compactMap { $0 }.joined(separator: " · ")
    }

    // MARK: pages

    private func sections(_ texts: [(field: String, text: String)], findings: [ReportFinding], strings: Strings) -> [ReportSectionView] {
        texts.map { field, text in
            let found = findings.filter { $0.field == field }.sorted { $0.span.start < $1.span.start }
            return ReportSectionView(
                field: field, label: strings("reports.section.\(field)"), text: text, pieces: Self.pieces(text, found.map(\.span), strings: strings),
                findings: found.map { strings("pii.\($0.span.kind.rawValue)") }, blocked: !found.isEmpty)
        }
    }

    /// The text cut at the findings, so that the page marks them; offsets are Unicode scalars.
    static func pieces(_ text: String, _ spans: [PersonalDataSpan], strings: Strings) -> [TextPieceView] {
        let scalars = Array(text.unicodeScalars)
        func slice(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        var pieces: [TextPieceView] = []
        var position = 0
        for span in spans where span.start >= position && span.end <= scalars.count {
            if span.start > position { pieces.append(TextPieceView(text: slice(position..<span.start), mark: nil)) }
            pieces.append(TextPieceView(text: slice(span.start..<span.end), mark: strings("pii.\(span.kind.rawValue)")))
            position = span.end
        }
        if position < scalars.count { pieces.append(TextPieceView(text: slice(position..<scalars.count), mark: nil)) }
        return pieces
    }

    private func editorView(_ context: AuthenticatedContext, form: ReportForm, action: String, findings: [ReportFinding], error: AppError?) -> ReportEditorView {
        let strings = services.renderer.strings(context)
        let present = ILOPresentation(strings: strings, language: context.language)
        let countries = DeploymentRules.countryCodes.filter(DeploymentRules.isThirdCountry).sorted { present.country($0) < present.country($1) }
        let texts = typed(form).texts.filter { StrategicReport.sections.contains($0.field) }
        let header = findings.filter { ["title", "period"].contains($0.field) }.map {
            "\(strings("reports.section.\($0.field)")): \(strings("pii.\($0.span.kind.rawValue)"))"
        }
        return ReportEditorView(
            action: action, title: form.title ?? "", period: form.period ?? "",
            countries: countries.map { Choice(value: $0, title: present.country($0), selected: $0 == form.hostCountry) },
            regions: HostRegion.allCases.map { Choice(value: $0.rawValue, title: strings("region.\($0.rawValue)"), selected: $0.rawValue == form.region) },
            risks: RiskLevel.allCases.map { Choice(value: $0.rawValue, title: strings("reports.risk.\($0.rawValue)"), selected: $0.rawValue == form.riskLevel) },
            sections: sections(texts, findings: findings, strings: strings), headerFindings: header,
            errors: findings.isEmpty ? error.map(strings.fields) ?? [:] : [:], failure: findings.isEmpty ? error.map(strings.detail) : blockedMessage(findings, strings),
            blocked: !findings.isEmpty, findingCount: findings.count)
    }

    /// What blocked publication, in the reader's language: how many findings, in which texts.
    private func blockedMessage(_ findings: [ReportFinding], _ strings: Strings) -> String {
        let texts = StrategicReport.fields.filter { field in findings.contains { $0.field == field } }
        return strings("reports.blocked", ["count": String(findings.count)]) + " " + texts.map { strings("reports.section.\($0)") }.joined(separator: ", ") + "."
    }

    private func editorPage(
        _ context: AuthenticatedContext, form: ReportForm, action: String, findings: [ReportFinding] = [], error: AppError? = nil
    ) -> Response {
        let strings = services.renderer.strings(context)
        return services.renderer.page(
            "report-editor", title: strings("reports.new"), request: context, principal: context.principal, currentPath: "/reports",
            view: editorView(context, form: form, action: action, findings: findings, error: error), status: error?.status ?? .ok)
    }

    private func detailPage(_ context: AuthenticatedContext, entry: ReportEntry) async throws -> Response {
        let strings = services.renderer.strings(context)
        let present = ILOPresentation(strings: strings, language: context.language)
        let report = entry.report
        let editable = entry.own && !entry.published && context.principal.may(.writeReports)
        let meta = [report.period, scope(report, present), entry.originNode, entry.published ? strings("reports.published") : strings("reports.draft")]
            .filter { !$0.isEmpty }.joined(separator: " · ")
        let texts = report.texts.filter { StrategicReport.sections.contains($0.field) && !$0.text.isEmpty }
        let view = ReportDetailView(
            title: report.title, meta: meta, risk: report.riskLevel.map { strings("reports.risk.\($0.rawValue)") },
            sections: sections(texts, findings: [], strings: strings),
            editor: editable ? editorView(context, form: form(from: report), action: "/reports/\(report.id.uuidString)", findings: [], error: nil) : nil)
        return services.renderer.page("report", title: report.title, request: context, principal: context.principal, currentPath: "/reports", view: view)
    }
}
