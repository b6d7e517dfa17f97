import Foundation
import Hummingbird
import LiaisonCore
import LiaisonILO

/// Local and regional networks of liaison officers (Art. 5): the list, a network with its
/// members' contact details and its activities, and the forms that form a network and record
/// a meeting, a training course, a position towards carriers or a contact with a similar network.
struct LocalNetworkRoutes {
    let services: LiaisonServices

    struct NetworkForm: Decodable {
        var name: String?
        var hostCountry: String?
        var region: String?
        var coordinator: String?
        var description: String?
    }

    struct ActivityForm: Decodable {
        var kind: String?
        var title: String?
        var day: String?
        var place: String?
        var agenda: String?
        var minutes: String?
        var guests: String?
        var attendance: [String]?
        var commissionInvited: String?
        var frontexInvited: String?
        var notInvitedReason: String?
        var topic: String?
        var counterpart: String?
    }

    func register(on routes: ProtectedRoutes) {
        let network = services.network
        routes.get("/networks", .viewLocalNetworks) { _, context in
            try await listPage(context)
        }
        routes.post("/networks", .manageLocalNetworks) { request, context in
            let form = try await services.form(NetworkForm.self, from: request, context: context)
            do {
                let entry = try await network.save(try localNetwork(from: form), by: context.networkActor)
                return Response.redirect("/networks/\(entry.network.record.id.uuidString)")
            } catch let presentable as any Presentable {
                return try await listPage(context, submitted: form, error: presentable.presented)
            }
        }
        routes.get("/networks/{id}", .viewLocalNetworks) { _, context in
            try await networkPage(context, id: try APIRoutes.id(context))
        }
        routes.post("/networks/{id}/activities", .manageLocalNetworks) { request, context in
            let id = try APIRoutes.id(context)
            let form = try await services.form(ActivityForm.self, from: request, context: context)
            do {
                let saved = try await network.save(try activity(from: form, network: id), by: context.networkActor)
                return Response.redirect("/networks/\(id.uuidString)/activities/\(saved.record.id.uuidString)")
            } catch let presentable as any Presentable {
                return try await networkPage(context, id: id, submitted: form, error: presentable.presented)
            }
        }
        routes.get("/networks/{id}/activities/{activity}", .viewLocalNetworks) { _, context in
            try await activityPage(context, network: try APIRoutes.id(context), activity: try APIRoutes.id(context, "activity"))
        }
        routes.post("/networks/{id}/activities/{activity}", .manageLocalNetworks) { request, context in
            let (id, activityID) = (try APIRoutes.id(context), try APIRoutes.id(context, "activity"))
            let form = try await services.form(ActivityForm.self, from: request, context: context)
            guard try await network.localNetwork(id).activities.contains(where: { $0.record.id == activityID }) else { throw AppError.notFound }
            do {
                var activity = try activity(from: form, network: id)
                activity.id = activityID
                _ = try await network.save(activity, by: context.networkActor)
                return Response.redirect("/networks/\(id.uuidString)/activities/\(activityID.uuidString)")
            } catch let presentable as any Presentable {
                return try await activityPage(context, network: id, activity: activityID, submitted: form, error: presentable.presented)
            }
        }
    }

    private func localNetwork(from form: NetworkForm) throws -> LocalNetwork {
        var fields: [String: String] = [:]
        let region = HostRegion(rawValue: form.region ?? "")
        let coordinator = UUID(uuidString: form.coordinator ?? "")
        if region == nil { fields["region"] = "Choose one of the list." }
        if coordinator == nil { fields["coordinator"] = "Choose one of the list." }
        guard fields.isEmpty, let region, let coordinator else {
            throw ServiceError.invalid("The network cannot be formed as it is: \(fields.keys.sorted().joined(separator: ", ")).", fields: fields)
        }
        return LocalNetwork(
            name: FormText.trimmed(form.name) ?? "", hostCountry: FormText.trimmed(form.hostCountry), region: region, coordinator: coordinator,
            description: FormText.trimmed(form.description))
    }

    private func activity(from form: ActivityForm, network: UUID) throws -> NetworkActivity {
        guard let kind = NetworkActivity.Kind(rawValue: form.kind ?? "") else {
            throw ServiceError.invalid("Choose what to record.", fields: ["kind": "Choose one of the list."])
        }
        let topic = TrainingTopic(rawValue: form.topic ?? "")
        let attendance = (form.attendance ?? []).compactMap(UUID.init(uuidString:))
        guard attendance.count == (form.attendance ?? []).count else {
            throw ServiceError.invalid("Attendance lists members of the network only.", fields: ["attendance": "Not a member"])
        }
        return NetworkActivity(
            networkID: network, kind: kind, title: FormText.trimmed(form.title) ?? "", day: FormText.trimmed(form.day) ?? "", place: FormText.trimmed(form.place),
            agenda: FormText.lines(form.agenda), minutes: FormText.trimmed(form.minutes), attendance: attendance, guests: FormText.lines(form.guests),
            commissionInvited: form.commissionInvited != nil, frontexInvited: form.frontexInvited != nil, notInvitedReason: FormText.trimmed(form.notInvitedReason),
            topic: kind == .training ? topic : nil, counterpart: FormText.trimmed(form.counterpart))
    }

    // MARK: pages

    private func scope(_ network: LocalNetwork, _ present: ILOPresentation) -> String {
        network.hostCountry.map(present.country) ?? present.strings("region.\(network.region.rawValue)")
    }

    private func listPage(_ context: AuthenticatedContext, submitted: NetworkForm? = nil, error: AppError? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let present = ILOPresentation(strings: strings, language: context.language)
        let networks = try await services.network.localNetworks()
        let rows = networks.map { entry in
            LocalNetworkRowView(
                id: entry.network.record.id.uuidString, name: entry.network.record.name, scope: scope(entry.network.record, present),
                coordinator: entry.coordinator?.deployment.officerName ?? "—", members: entry.members.count, origin: entry.network.originNode,
                own: entry.network.own)
        }
        var form: LocalNetworkFormView?
        if context.principal.may(.manageLocalNetworks) {
            let own = try await services.network.deployments().filter(\.own)
            let chosen = submitted ?? NetworkForm()
            form = LocalNetworkFormView(
                action: "/networks", name: chosen.name ?? "", description: chosen.description ?? "",
                countries: Set(own.map(\.deployment.hostCountry)).sorted().map { Choice(value: $0, title: present.country($0), selected: $0 == chosen.hostCountry) },
                regions: HostRegion.allCases.map { Choice(value: $0.rawValue, title: strings("region.\($0.rawValue)"), selected: $0.rawValue == chosen.region) },
                coordinators: own.map {
                    Choice(
                        value: $0.deployment.id.uuidString, title: "\($0.deployment.officerName) — \(present.country($0.deployment.hostCountry))",
                        selected: $0.deployment.id.uuidString == chosen.coordinator)
                },
                errors: error.map(strings.fields) ?? [:], failure: error.map(strings.detail))
        }
        return services.renderer.page(
            "networks", title: strings("networks.title"), request: context, principal: context.principal, currentPath: "/networks",
            view: LocalNetworkListView(rows: rows, form: form), status: error?.status ?? .ok)
    }

    func networkPage(
        _ context: AuthenticatedContext, id: UUID, submitted: ActivityForm? = nil, error: AppError? = nil, documentError: AppError? = nil
    ) async throws -> Response {
        let strings = services.renderer.strings(context)
        let present = ILOPresentation(strings: strings, language: context.language)
        let (entry, activities) = try await services.network.localNetwork(id)
        let network = entry.network.record
        let members = entry.members.map { member in
            NetworkMemberView(
                id: member.deployment.id.uuidString, officer: member.deployment.officerName, body: present.body(member.deployment.deployingBody),
                place: [member.deployment.hostCity, present.country(member.deployment.hostCountry)].compactMap { $0 }.joined(separator: ", "),
                mailbox: member.deployment.mailbox, phone: member.deployment.phone, coordinator: member.deployment.id == network.coordinator)
        }
        let rows = activities.map { activity in
            NetworkActivityRowView(
                href: "/networks/\(id.uuidString)/activities/\(activity.record.id.uuidString)", kind: strings("activity.\(activity.record.kind.rawValue)"),
                title: activity.record.title, day: activity.record.day, detail: detail(activity.record, strings))
        }
        let canRecord = entry.isMemberNode && context.principal.may(.manageLocalNetworks)
        let documents = try await services.network.documents(of: id).map { stored in
            NetworkDocumentRowView(
                href: "/networks/\(id.uuidString)/documents/\(stored.record.id.uuidString)", title: stored.record.title,
                version: stored.record.versions.count, readers: strings("documents.readers.\(stored.record.readers.rawValue)"),
                updated: stored.record.versions.last.map { DisplayFormat.minute($0.uploadedAt) } ?? "")
        }
        let view = LocalNetworkDetailView(
            networkID: id.uuidString, name: network.name, scope: scope(network, present), description: network.description, coordinator: entry.coordinator?.deployment.officerName ?? "—",
            readOnlyNote: entry.network.own ? nil : strings("networks.keptBy", ["node": entry.network.originNode]), members: members, activities: rows,
            documents: documents, canUpload: canRecord, documentErrors: documentError.map(strings.fields) ?? [:],
            documentFailure: documentError.map(strings.detail),
            readers: NetworkDocument.Readers.allCases.map { Choice(value: $0.rawValue, title: strings("documents.readers.\($0.rawValue)"), selected: $0 == .members) },
            activityForm: canRecord
                ? activityForm(
                    context, members: entry.members, form: submitted ?? ActivityForm(kind: "meeting", day: services.network.today, commissionInvited: "on", frontexInvited: "on"),
                    action: "/networks/\(id.uuidString)/activities", heading: "networks.record", error: error)
                : nil)
        return services.renderer.page(
            "network-detail", title: network.name, request: context, principal: context.principal, currentPath: "/networks", view: view,
            status: error?.status ?? documentError?.status ?? .ok)
    }

    private func activityPage(_ context: AuthenticatedContext, network id: UUID, activity activityID: UUID, submitted: ActivityForm? = nil, error: AppError? = nil)
        async throws -> Response
    {
        let strings = services.renderer.strings(context)
        let (entry, activities) = try await services.network.localNetwork(id)
        guard let stored = activities.first(where: { $0.record.id == activityID }) else { throw ServiceError.notFound }
        let activity = stored.record
        let names = Dictionary(entry.members.map { ($0.deployment.id, $0.deployment.officerName) }, uniquingKeysWith: { first, _ in first })
        let editable = stored.own && entry.isMemberNode && context.principal.may(.manageLocalNetworks)
        let view = ActivityDetailView(
            networkHref: "/networks/\(id.uuidString)", networkName: entry.network.record.name, kind: strings("activity.\(activity.kind.rawValue)"),
            title: activity.title, day: activity.day, place: activity.place, topic: activity.topic.map { strings("topic.\($0.rawValue)") },
            counterpart: activity.counterpart, agenda: activity.agenda, minutes: activity.minutes,
            attendees: activity.attendance.map { names[$0] ?? strings("networks.formerMember") }, guests: activity.guests,
            invitations: activity.kind == .meeting ? invitations(activity, strings) : nil, notInvitedReason: activity.notInvitedReason,
            readOnlyNote: stored.own ? nil : strings("networks.keptBy", ["node": stored.originNode]),
            form: editable
                ? activityForm(
                    context, members: entry.members, form: submitted ?? form(from: activity), action: "/networks/\(id.uuidString)/activities/\(activityID.uuidString)",
                    heading: "networks.edit", error: error)
                : nil)
        return services.renderer.page(
            "network-activity", title: activity.title, request: context, principal: context.principal, currentPath: "/networks", view: view,
            status: error?.status ?? .ok)
    }

    private func invitations(_ activity: NetworkActivity, _ strings: Strings) -> String {
        switch (activity.commissionInvited, activity.frontexInvited) {
        case (true, true): strings("networks.invited.both")
        case (true, false): strings("networks.invited.commissionOnly")
        case (false, true): strings("networks.invited.frontexOnly")
        case (false, false): strings("networks.invited.neither")
        }
    }

    private func detail(_ activity: NetworkActivity, _ strings: Strings) -> String {
        switch activity.kind {
        case .meeting: activity.minutes == nil ? strings("networks.noMinutes") : strings("networks.attended", ["count": String(activity.attendance.count)])
        case .training: activity.topic.map { strings("topic.\($0.rawValue)") } ?? ""
        case .carrierPosition, .networkContact: activity.counterpart ?? ""
        }
    }

    private func form(from activity: NetworkActivity) -> ActivityForm {
        ActivityForm(
            kind: activity.kind.rawValue, title: activity.title, day: activity.day, place: activity.place, agenda: activity.agenda.joined(separator: "\n"),
            minutes: activity.minutes, guests: activity.guests.joined(separator: "\n"), attendance: activity.attendance.map(\.uuidString),
            commissionInvited: activity.commissionInvited ? "on" : nil, frontexInvited: activity.frontexInvited ? "on" : nil,
            notInvitedReason: activity.notInvitedReason, topic: activity.topic?.rawValue, counterpart: activity.counterpart)
    }

    private func activityForm(
        _ context: AuthenticatedContext, members: [DeploymentEntry], form: ActivityForm, action: String, heading: String, error: AppError?
    ) -> ActivityFormView {
        let strings = services.renderer.strings(context)
        let attended = Set(form.attendance ?? [])
        return ActivityFormView(
            action: action, heading: strings(heading),
            kinds: NetworkActivity.Kind.allCases.map { Choice(value: $0.rawValue, title: strings("activity.\($0.rawValue)"), selected: $0.rawValue == form.kind) },
            title: form.title ?? "", day: form.day ?? "", place: form.place ?? "", agenda: form.agenda ?? "", minutes: form.minutes ?? "",
            guests: form.guests ?? "",
            attendance: members.map {
                Choice(value: $0.deployment.id.uuidString, title: $0.deployment.officerName, selected: attended.contains($0.deployment.id.uuidString))
            },
            commissionInvited: form.commissionInvited != nil, frontexInvited: form.frontexInvited != nil, notInvitedReason: form.notInvitedReason ?? "",
            topics: TrainingTopic.allCases.map { Choice(value: $0.rawValue, title: strings("topic.\($0.rawValue)"), selected: $0.rawValue == form.topic) },
            counterpart: form.counterpart ?? "", errors: error.map(strings.fields) ?? [:], failure: error.map(strings.detail))
    }
}
