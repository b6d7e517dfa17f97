import Foundation
import Hummingbird
import LiaisonCore
import LiaisonILO

/// The ILO network's deployments: the network-wide list with its coverage chart, a
/// deployment's page with its history, and the form that records or changes one at the node
/// of its deploying body. The pages call the same service methods as the API.
struct DeploymentRoutes {
    let services: LiaisonServices

    struct DeploymentForm: Decodable {
        var officerName: String?
        var mailbox: String?
        var phone: String?
        var deployingBody: String?
        var postingType: String?
        var hostCountry: String?
        var hostCity: String?
        var region: String?
        var startsOn: String?
        var endsOn: String?
        var tasks: [String]?
        var representedStates: [String]?
        var sharedTasks: String?
        var partTimeShare: String?
    }

    func register(on routes: ProtectedRoutes) {
        let network = services.network
        routes.get("/deployments", .viewDeployments) { request, context in
            let filter: DeploymentFilter
            do {
                filter = try DeploymentAPIRoutes.filter(request.uri.queryParameters)
            } catch {
                filter = DeploymentFilter()
            }
            return try await listPage(context, filter: filter)
        }
        routes.get("/deployments/new", .manageDeployments) { _, context in
            formPage(context, form: blankForm(), action: "/deployments", heading: "deployments.new")
        }
        routes.post("/deployments", .manageDeployments) { request, context in
            let form = try await services.form(DeploymentForm.self, from: request, context: context)
            do {
                let entry = try await network.record(try deployment(from: form), by: context.networkActor)
                return Response.redirect("/deployments/\(entry.deployment.id.uuidString)")
            } catch let presentable as any Presentable {
                return formPage(context, form: form, action: "/deployments", heading: "deployments.new", error: presentable.presented)
            }
        }
        routes.get("/deployments/{id}", .viewDeployments) { _, context in
            try await detailPage(context, id: try APIRoutes.id(context))
        }
        routes.post("/deployments/{id}", .manageDeployments) { request, context in
            let id = try APIRoutes.id(context)
            let form = try await services.form(DeploymentForm.self, from: request, context: context)
            do {
                _ = try await network.update(id, to: try deployment(from: form), by: context.networkActor)
                return Response.redirect("/deployments/\(id.uuidString)")
            } catch let presentable as any Presentable {
                return try await detailPage(context, id: id, submitted: form, error: presentable.presented)
            }
        }
    }

    /// The deployment a form describes. Every field that does not hold is named at once: a value
    /// outside its vocabulary here, the rest by `DeploymentRules`.
    private func deployment(from form: DeploymentForm) throws -> Deployment {
        var fields: [String: String] = [:]
        let posting = PostingType(rawValue: form.postingType ?? "")
        let region = HostRegion(rawValue: form.region ?? "")
        let tasks = (form.tasks ?? []).compactMap(ILOTask.init(rawValue:))
        if posting == nil { fields["postingType"] = "Choose one of the list." }
        if region == nil { fields["region"] = "Choose one of the list." }
        if tasks.count != (form.tasks ?? []).count { fields["tasks"] = "Choose from the list." }
        let share = form.partTimeShare.flatMap { $0.isEmpty ? nil : $0 }
        if let share, Int(share) == nil { fields["partTimeShare"] = "A whole number." }
        let deployment = Deployment(
            officerName: FormText.trimmed(form.officerName) ?? "", mailbox: FormText.trimmed(form.mailbox), phone: FormText.trimmed(form.phone),
            deployingBody: form.deployingBody ?? "", postingType: posting ?? .diplomaticMission, hostCountry: (form.hostCountry ?? "").uppercased(),
            hostCity: FormText.trimmed(form.hostCity), region: region ?? .westernBalkans, startsOn: form.startsOn ?? "", endsOn: FormText.trimmed(form.endsOn), tasks: tasks,
            representedStates: form.representedStates ?? [], sharedTasks: FormText.trimmed(form.sharedTasks), partTimeShare: share.flatMap { Int($0) })
        do {
            try DeploymentRules.check(deployment, publishedBy: services.configuration.stateCode)
        } catch {
            fields.merge(error.fields) { own, _ in own }
        }
        guard fields.isEmpty else {
            throw ServiceError.invalid("The deployment cannot be recorded as it is: \(fields.keys.sorted().joined(separator: ", ")).", fields: fields)
        }
        return deployment
    }

    private func blankForm() -> DeploymentForm {
        DeploymentForm(
            deployingBody: services.network.ownDeployingBodies.sorted().first, postingType: PostingType.diplomaticMission.rawValue,
            startsOn: services.network.today)
    }

    private func form(from deployment: Deployment) -> DeploymentForm {
        DeploymentForm(
            officerName: deployment.officerName, mailbox: deployment.mailbox, phone: deployment.phone, deployingBody: deployment.deployingBody,
            postingType: deployment.postingType.rawValue, hostCountry: deployment.hostCountry, hostCity: deployment.hostCity,
            region: deployment.region.rawValue, startsOn: deployment.startsOn, endsOn: deployment.endsOn, tasks: deployment.tasks.map(\.rawValue),
            representedStates: deployment.representedStates, sharedTasks: deployment.sharedTasks, partTimeShare: deployment.partTimeShare.map(String.init))
    }

    // MARK: pages

    private func listPage(_ context: AuthenticatedContext, filter: DeploymentFilter) async throws -> Response {
        let strings = services.renderer.strings(context)
        let present = ILOPresentation(strings: strings, language: context.language)
        // One read serves the list, its choices and the coverage.
        let everyone = try await services.network.deployments(.init(includeEnded: true))
        let rows = everyone.filter(filter.admits).map(present.row)
        let coverage = DeploymentCoverage(everyone.map(\.deployment), on: services.network.today)
        let countries = Set(everyone.map(\.deployment.hostCountry)).sorted { present.country($0) < present.country($1) }
        let bodies = Set(everyone.map(\.deployment.deployingBody)).sorted()
        let widest = max(1, coverage.regions.map(\.officers).max() ?? 1)
        let bars = coverage.regions.enumerated().map { index, region in
            CoverageBarView(
                region: strings("region.\(region.region.rawValue)"), officers: region.officers, bodies: region.deployingBodies.joined(separator: ", "),
                countries: region.countries.map(present.country).joined(separator: ", "), gap: region.isGap, y: index * 26, textY: index * 26 + 15,
                width: region.officers * 300 / widest)
        }
        let view = DeploymentListView(
            rows: rows,
            countries: countries.map { Choice(value: $0, title: present.country($0), selected: $0 == filter.hostCountry) },
            regions: HostRegion.allCases.map { Choice(value: $0.rawValue, title: strings("region.\($0.rawValue)"), selected: $0 == filter.region) },
            bodies: bodies.map { Choice(value: $0, title: present.body($0), selected: $0 == filter.deployingBody) },
            tasks: ILOTask.allCases.map { Choice(value: $0.rawValue, title: strings("task.\($0.rawValue)"), selected: $0 == filter.task) },
            includeEnded: filter.includeEnded,
            filtered: filter.hostCountry != nil || filter.region != nil || filter.deployingBody != nil || filter.task != nil || filter.includeEnded,
            canRecord: context.principal.may(.manageDeployments), bars: bars, chartHeight: bars.count * 26, officers: coverage.officers,
            gaps: coverage.regions.filter(\.isGap).count, day: coverage.day)
        return services.renderer.page(
            "deployments", title: strings("deployments.title"), request: context, principal: context.principal, currentPath: "/deployments", view: view)
    }

    private func formView(_ context: AuthenticatedContext, form: DeploymentForm, action: String, heading: String, error: AppError?) -> DeploymentFormView {
        let strings = services.renderer.strings(context)
        let present = ILOPresentation(strings: strings, language: context.language)
        let countries = DeploymentRules.countryCodes.filter(DeploymentRules.isThirdCountry).sorted { present.country($0) < present.country($1) }
        let chosenTasks = Set(form.tasks ?? []), chosenStates = Set(form.representedStates ?? [])
        return DeploymentFormView(
            action: action, heading: strings(heading), officerName: form.officerName ?? "", mailbox: form.mailbox ?? "", phone: form.phone ?? "",
            hostCity: form.hostCity ?? "", startsOn: form.startsOn ?? "", endsOn: form.endsOn ?? "", sharedTasks: form.sharedTasks ?? "",
            partTimeShare: form.partTimeShare ?? "",
            bodies: services.network.ownDeployingBodies.sorted().map { Choice(value: $0, title: present.body($0), selected: $0 == form.deployingBody) },
            postings: PostingType.allCases.map { Choice(value: $0.rawValue, title: strings("posting.\($0.rawValue)"), selected: $0.rawValue == form.postingType) },
            countries: countries.map { Choice(value: $0, title: present.country($0), selected: $0 == form.hostCountry) },
            regions: HostRegion.allCases.map { Choice(value: $0.rawValue, title: strings("region.\($0.rawValue)"), selected: $0.rawValue == form.region) },
            tasks: ILOTask.allCases.map { Choice(value: $0.rawValue, title: strings("task.\($0.rawValue)"), selected: chosenTasks.contains($0.rawValue)) },
            states: ParticipatingState.all.filter { $0.membership != .commission }.map {
                Choice(value: $0.code, title: present.body($0.code), selected: chosenStates.contains($0.code))
            },
            errors: error.map(strings.fields) ?? [:], failure: error.map(strings.detail))
    }

    private func formPage(_ context: AuthenticatedContext, form: DeploymentForm, action: String, heading: String, error: AppError? = nil) -> Response {
        let strings = services.renderer.strings(context)
        return services.renderer.page(
            "deployment-form", title: strings(heading), request: context, principal: context.principal, currentPath: "/deployments",
            view: formView(context, form: form, action: action, heading: heading, error: error), status: error?.status ?? .ok)
    }

    private func detailPage(_ context: AuthenticatedContext, id: UUID, submitted: DeploymentForm? = nil, error: AppError? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let present = ILOPresentation(strings: strings, language: context.language)
        let (entry, history) = try await services.network.deployment(id)
        let deployment = entry.deployment
        let editable = entry.own && context.principal.may(.manageDeployments)
        let view = DeploymentDetailView(
            row: present.row(entry), mailbox: deployment.mailbox, phone: deployment.phone,
            represented: deployment.representedStates.isEmpty ? nil : deployment.representedStates.map(present.body).joined(separator: ", "),
            sharedTasks: deployment.sharedTasks, partTime: deployment.partTimeShare.map { strings("deployments.partTimeShare", ["share": String($0)]) },
            taskList: deployment.tasks.map { strings("task.\($0.rawValue)") },
            history: history.map {
                .init(
                    when: DisplayFormat.second($0.recordedAt), change: strings("deployments.change.\($0.change.rawValue)"), by: $0.changedBy,
                    summary: present.summary($0.deployment))
            },
            readOnlyNote: entry.own ? nil : strings("deployments.readOnly", ["node": entry.originNode]),
            form: editable
                ? formView(
                    context, form: submitted ?? form(from: deployment), action: "/deployments/\(id.uuidString)", heading: "deployments.edit", error: error)
                : nil)
        return services.renderer.page(
            "deployment", title: deployment.officerName, request: context, principal: context.principal, currentPath: "/deployments", view: view,
            status: error?.status ?? .ok)
    }
}
