import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
import LiaisonILO

/// A liaison officer's personal data under Art. 10: recorded only for a purpose of Art. 3(6),
/// each item with its deletion day, every read audited, never sent to another node.
struct OfficerDataRoutes {
    let services: LiaisonServices

    struct ItemForm: Decodable {
        var purpose: String?
        var subject: String?
        var content: String?
        var deleteOn: String?
    }

    struct EmptyForm: Decodable {}

    struct DisclosureForm: Decodable {
        var country: String?
        var recipient: String?
    }

    func register(web: ProtectedRoutes, api: ProtectedRoutes) {
        let network = services.network
        let services = services
        web.get("/ilo-data", .manageOfficerData) { _, context in try await listPage(context) }
        web.post("/ilo-data", .manageOfficerData) { request, context in
            let form = try await services.form(ItemForm.self, from: request, context: context)
            do {
                let entry = try await network.record(try item(from: form), by: context.networkActor)
                return Response.redirect("/ilo-data/\(entry.item.id.uuidString)")
            } catch let presentable as any Presentable {
                return try await listPage(context, submitted: form, error: presentable.presented)
            }
        }
        web.get("/ilo-data/{id}", .manageOfficerData) { request, context in
            let disclosed = request.uri.queryParameters.get("disclosed").flatMap { $0.count == 2 ? $0 : nil }
            return try await itemPage(context, notice: disclosed)
        }
        web.post("/ilo-data/{id}/disclose", .manageOfficerData) { request, context in
            let form = try await services.form(DisclosureForm.self, from: request, context: context)
            let id = try APIRoutes.id(context)
            let recipient = AsylumConfidentiality.Recipient(country: form.country ?? "", body: form.recipient ?? "")
            do {
                _ = try await network.disclose(id, to: recipient, by: context.networkActor)
            } catch let presentable as any Presentable {
                return try await itemPage(context, disclosure: form, failure: presentable.presented)
            }
            return Response.redirect("/ilo-data/\(id.uuidString)?disclosed=\(recipient.country)")
        }
        web.post("/ilo-data/{id}/delete", .manageOfficerData) { request, context in
            _ = try await services.form(EmptyForm.self, from: request, context: context)
            try await network.deleteOfficerData(try APIRoutes.id(context), by: context.networkActor)
            return Response.redirect("/ilo-data?deleted=1")
        }
        api.get("/ilo-data", .manageOfficerData) { _, context in
            try json(try await network.officerData(by: context.networkActor).map(Self.entry))
        }
        api.post("/ilo-data", .manageOfficerData) { request, context in
            let input = try await services.closedJSON(API.OfficerDataInput.self, from: request, context: context)
            let item = OfficerPersonalData(purpose: input.purpose, subject: input.subject, content: input.content, deleteOn: input.deleteOn)
            return try json(Self.entry(try await network.record(item, by: context.networkActor)), status: .created)
        }
        api.get("/ilo-data/{id}", .manageOfficerData) { _, context in
            try json(Self.entry(try await network.officerData(try APIRoutes.id(context), by: context.networkActor)))
        }
        api.post("/ilo-data/{id}/disclosures", .manageOfficerData) { request, context in
            let recipient = try await services.closedJSON(API.Recipient.self, from: request, context: context)
            return try json(Self.entry(try await network.disclose(try APIRoutes.id(context), to: recipient, by: context.networkActor)))
        }
        api.on(.delete, "/ilo-data/{id}", .manageOfficerData) { _, context in
            try await network.deleteOfficerData(try APIRoutes.id(context), by: context.networkActor)
            return Response(status: .noContent)
        }
    }

    static func entry(_ entry: OfficerDataEntry) -> API.OfficerDataEntry {
        API.OfficerDataEntry(item: entry.item, recordedBy: entry.recordedBy, recordedAt: entry.recordedAt)
    }

    private func item(from form: ItemForm) throws -> OfficerPersonalData {
        guard let purpose = OfficerPersonalData.Purpose(rawValue: form.purpose ?? "") else {
            throw ServiceError.invalid("Choose the task the data serve (Art. 3(6)).", fields: ["purpose": "Choose one of the list."])
        }
        return OfficerPersonalData(purpose: purpose, subject: form.subject ?? "", content: form.content ?? "", deleteOn: form.deleteOn ?? "")
    }

    /// One item; after a disclosure, whom it went to, or why it could not go.
    private func itemPage(_ context: AuthenticatedContext, notice: String? = nil, disclosure: DisclosureForm? = nil, failure: AppError? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let entry = try await services.network.officerData(try APIRoutes.id(context), by: context.networkActor)
        var data = row(entry, strings).merging(["content": entry.item.content]) { $1 }
        data["disclosure"] = ["country": disclosure?.country ?? "", "recipient": disclosure?.recipient ?? ""]
        if let notice { data["disclosed"] = strings("iloData.disclosed", ["country": notice.uppercased()]) }
        if let failure {
            data["failure"] = strings.detail(of: failure)
            data["errors"] = strings.fields(of: failure)
        }
        return services.renderer.page(
            "ilo-data-item", title: entry.item.subject, request: context, principal: context.principal, currentPath: "/ilo-data", data: data,
            status: failure?.status ?? .ok)
    }

    private func row(_ entry: OfficerDataEntry, _ strings: Strings) -> [String: Any] {
        [
            "id": entry.item.id.uuidString, "purpose": strings("iloData.purpose.\(entry.item.purpose.rawValue)"), "subject": entry.item.subject,
            "deleteOn": entry.item.deleteOn, "recordedBy": entry.recordedBy, "recordedAt": DisplayFormat.day(entry.recordedAt),
        ]
    }

    private func listPage(_ context: AuthenticatedContext, submitted: ItemForm? = nil, error: AppError? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let items = try await services.network.officerData(by: context.networkActor)
        var data: [String: Any] = [
            "items": items.map { row($0, strings) },
            "purposes": OfficerPersonalData.Purpose.allCases.map {
                ["value": $0.rawValue, "title": strings("iloData.purpose.\($0.rawValue)"), "selected": $0.rawValue == submitted?.purpose]
            },
            "form": ["subject": submitted?.subject ?? "", "content": submitted?.content ?? "", "deleteOn": submitted?.deleteOn ?? ""],
            "errors": error.map(strings.fields) ?? [:],
        ]
        if let error { data["failure"] = strings.detail(of: error) }
        return services.renderer.page(
            "ilo-data", title: strings("iloData.title"), request: context, principal: context.principal, currentPath: "/ilo-data", data: data,
            status: error?.status ?? .ok)
    }
}
