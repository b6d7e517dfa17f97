import Foundation
import HTTPTypes
import Hummingbird
import LiaisonCore
import Mustache

/// Renders pages from the Mustache templates in `Templates/`. Mustache escapes every
/// `{{value}}`; templates use triple braces only for markup built in code (the QR code).
public struct WebRenderer: Sendable {
    let library: MustacheLibrary
    let nodeTitle: String

    public init(nodeTitle: String) async throws {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Templates").path else {
            throw AppError(.internalServerError, code: "server.templates", title: "Templates missing", detail: "")
        }
        self.library = try await MustacheLibrary(directory: root)
        self.nodeTitle = nodeTitle
    }

    struct NavItem {
        let href: String
        let label: String
        let action: Action
    }

    static let navigation: [NavItem] = [
        NavItem(href: "/dashboard", label: "Dashboard", action: .viewDashboard),
        NavItem(href: "/admin/users", label: "Users", action: .viewUsers),
        NavItem(href: "/admin/authorities", label: "Authorities", action: .manageAuthorities),
        NavItem(href: "/audit", label: "Audit trail", action: .viewAuditTrail),
        NavItem(href: "/account", label: "My account", action: .manageOwnAccount),
    ]

    public func page(
        _ template: String, title: String, principal: Principal?, currentPath: String = "",
        data: [String: Any] = [:], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) -> Response {
        var context = data
        context["pageTitle"] = title
        context["nodeTitle"] = nodeTitle
        if let principal {
            context["user"] = [
                "displayName": principal.displayName, "username": principal.username,
                "authority": principal.authority.name,
                "roles": principal.roles.sorted().map(\.title).joined(separator: ", "),
            ]
            context["nav"] = Self.navigation.filter { principal.may($0.action) }.map { item -> [String: Any] in
                ["href": item.href, "label": item.label, "current": currentPath.hasPrefix(item.href)]
            }
            if case .session(_, let csrf) = principal.credential { context["csrf"] = csrf }
        }
        let html = library.render(context, withTemplate: template) ?? "Template \(template) is missing."
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
