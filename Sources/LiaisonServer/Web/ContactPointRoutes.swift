import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
import LiaisonStore

/// An administrator keeps this node's directory entries: each authority's contact point,
/// confirmed again every cycle, and the users cleared for the classified overview.
struct ContactPointRoutes {
    let services: LiaisonServices

    struct ContactForm: Decodable {
        var unit: String?
        var mailbox: String?
        var phone: String?
        var hours: String?
        var languages: String?
        var central: String?
        var arrangements: String?
    }

    struct ClearanceForm: Decodable {
        var cleared: String?
    }

    func register(web: ProtectedRoutes, api: ProtectedRoutes) {
        let administration = services.administration
        web.get("/admin/authorities/{id}", .manageAuthorities) { request, context in
            try await page(context, id: try APIRoutes.id(context), saved: request.uri.queryParameters["saved"] != nil)
        }
        web.post("/admin/authorities/{id}", .manageAuthorities) { request, context in
            let id = try APIRoutes.id(context)
            let form = try await services.form(ContactForm.self, from: request, context: context)
            do {
                _ = try await administration.setContact(id, to: contact(from: form), actor: context.actor, requestID: context.requestID)
                return Response.redirect("/admin/authorities/\(id.uuidString)?saved=1")
            } catch let presentable as any Presentable {
                return try await page(context, id: id, submitted: form, error: presentable.presented)
            }
        }
        web.post("/admin/authorities/{id}/reconfirm", .manageAuthorities) { request, context in
            let id = try APIRoutes.id(context)
            _ = try await services.form(ClearanceForm.self, from: request, context: context)
            do {
                _ = try await administration.reconfirm(id, actor: context.actor, requestID: context.requestID)
                return Response.redirect("/admin/authorities/\(id.uuidString)?saved=1")
            } catch let presentable as any Presentable {
                return try await page(context, id: id, error: presentable.presented)
            }
        }
        web.post("/admin/users/{id}/clearance", .manageUsers) { request, context in
            let id = try APIRoutes.id(context)
            let form = try await services.form(ClearanceForm.self, from: request, context: context)
            _ = try await administration.setClearance(id, cleared: form.cleared != nil, actor: context.actor, requestID: context.requestID)
            return Response.redirect("/admin/users/\(id.uuidString)")
        }
        api.on(.put, "/authorities/{id}/contact", .manageAuthorities) { request, context in
            let contact = try await services.closedJSON(ContactDetails.self, from: request, context: context)
            let authority = try await administration.setContact(try APIRoutes.id(context), to: contact, actor: context.actor, requestID: context.requestID)
            return try json(try entry(authority))
        }
        api.post("/authorities/{id}/reconfirm", .manageAuthorities) { _, context in
            let authority = try await administration.reconfirm(try APIRoutes.id(context), actor: context.actor, requestID: context.requestID)
            return try json(try entry(authority))
        }
        api.on(.put, "/users/{id}/clearance", .manageUsers) { request, context in
            let input = try await services.closedJSON(API.ClearanceInput.self, from: request, context: context)
            let id = try APIRoutes.id(context)
            let user = try await administration.setClearance(id, cleared: input.cleared, actor: context.actor, requestID: context.requestID)
            return try json(
                API.Clearance(userID: id.uuidString, marking: administration.overviewMarking, cleared: user.clearances.contains(administration.overviewMarking)))
        }
    }

    private func contact(from form: ContactForm) -> ContactDetails {
        let languages = (form.languages ?? "").split(whereSeparator: { $0 == "," || $0 == " " }).map { $0.lowercased() }
        return ContactDetails(
            unit: FormText.trimmed(form.unit) ?? "", mailbox: FormText.trimmed(form.mailbox) ?? "", phone: FormText.trimmed(form.phone), hours: FormText.trimmed(form.hours),
            languages: languages, central: form.central != nil, arrangements: FormText.trimmed(form.arrangements))
    }

    private func entry(_ authority: AuthorityModel) throws -> API.DirectoryEntry {
        API.DirectoryEntry(
            id: authority.id?.uuidString ?? "", name: authority.name, kind: try documented(authority.kind),
            contact: authority.contactDetails, confirmedAt: authority.confirmedAt,
            reconfirmBy: authority.reconfirmBy, stale: authority.isStale(at: services.clock()))
    }

    private func page(_ context: AuthenticatedContext, id: UUID, saved: Bool = false, submitted: ContactForm? = nil, error: AppError? = nil) async throws
        -> Response
    {
        let strings = services.renderer.strings(context)
        let authority = try await services.administration.authority(id)
        let stored = authority.contactDetails
        let form =
            submitted
            ?? ContactForm(
                unit: stored?.unit, mailbox: stored?.mailbox, phone: stored?.phone, hours: stored?.hours, languages: stored?.languages.joined(separator: ", "),
                central: stored?.central == true ? "on" : nil, arrangements: stored?.arrangements)
        let stale = authority.isStale(at: services.clock())
        var data: [String: Any] = [
            "id": id.uuidString, "name": authority.name, "unit": form.unit ?? "", "mailbox": form.mailbox ?? "", "phone": form.phone ?? "",
            "hours": form.hours ?? "", "languages": form.languages ?? "", "central": form.central != nil, "arrangements": form.arrangements ?? "",
            "confirmed": authority.confirmedAt.map(DisplayFormat.day) ?? "", "reconfirmBy": authority.reconfirmBy.map(DisplayFormat.day) ?? "",
            "stale": stale, "hasContact": stored != nil, "months": String(services.administration.reconfirmationMonths),
            "saved": saved, "errors": error.map(strings.fields) ?? [:],
        ]
        if let error { data["failure"] = strings.detail(of: error) }
        return services.renderer.page(
            "authority", title: authority.name, request: context, principal: context.principal, currentPath: "/admin/authorities", data: data,
            status: error?.status ?? .ok)
    }
}
