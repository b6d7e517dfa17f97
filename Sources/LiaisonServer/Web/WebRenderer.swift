import Foundation
import HTTPTypes
import Hummingbird
import LiaisonAccess
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import Mustache

/// Renders pages from the Mustache templates in `Templates/`. Mustache escapes every
/// `{{value}}`; templates use triple braces only for markup built in code (the QR code).
public struct WebRenderer: Sendable {
    let library: MustacheLibrary
    /// "Liaison · Belgium": the name other systems see (the authenticator app's issuer).
    let nodeTitle: String
    /// The node's state, named in each reader's language in the pages' title.
    let stateCode: String?
    public let catalogue: StringCatalogue

    public init(nodeTitle: String, stateCode: String? = nil) async throws {
        guard let root = Bundle.module.resourceURL?.appendingPathComponent("Templates").path,
            let strings = StringCatalogue.bundledDirectory
        else {
            throw AppError(.internalServerError, code: "server.templates", title: "Templates missing", detail: "")
        }
        self.library = try await MustacheLibrary(directory: root)
        self.catalogue = try StringCatalogue(directory: strings)
        self.nodeTitle = nodeTitle
        self.stateCode = stateCode
    }

    struct NavItem {
        let href: String
        let label: String
        let action: Action
    }

    /// Labels are catalogue keys.
    static let navigation: [NavItem] = [
        NavItem(href: "/dashboard", label: "nav.dashboard", action: .viewDashboard),
        NavItem(href: "/notifications", label: "nav.notifications", action: .viewNotifications),
        NavItem(href: "/inbox", label: "nav.inbox", action: .viewInbox),
        NavItem(href: "/exchanges", label: "nav.exchanges", action: .viewExchanges),
        NavItem(href: "/approvals", label: "nav.approvals", action: .approveExchanges),
        NavItem(href: "/alerts", label: "nav.alerts", action: .viewAlerts),
        NavItem(href: "/matches", label: "nav.matches", action: .decideMatches),
        NavItem(href: "/returns", label: "nav.returns", action: .viewReturnPriorities),
        NavItem(href: "/admin/users", label: "nav.users", action: .viewUsers),
        NavItem(href: "/admin/access-changes", label: "nav.accessChanges", action: .viewUsers),
        NavItem(href: "/admin/authorities", label: "nav.authorities", action: .manageAuthorities),
        NavItem(href: "/audit", label: "nav.audit", action: .viewAuditTrail),
        NavItem(href: "/dpo/reads", label: "nav.reads", action: .reviewReads),
        NavItem(href: "/dpo/access-requests", label: "nav.accessRequests", action: .handleAccessRequests),
        NavItem(href: "/admin/settings", label: "nav.settings", action: .viewSettings),
        NavItem(href: "/deployments", label: "nav.deployments", action: .viewDeployments),
        NavItem(href: "/reports", label: "nav.reports", action: .viewReports),
        NavItem(href: "/networks", label: "nav.networks", action: .viewLocalNetworks),
        NavItem(href: "/board", label: "nav.board", action: .viewBoard),
        NavItem(href: "/ilo-data", label: "nav.iloData", action: .manageOfficerData),
        NavItem(href: "/directory", label: "nav.directory", action: .viewDirectory),
        NavItem(href: "/network", label: "nav.network", action: .viewNetwork),
        NavItem(href: "/account", label: "nav.account", action: .manageOwnAccount),
    ]

    /// The catalogue in the language of the request.
    func strings(_ request: some PageContext) -> Strings {
        catalogue.strings(request.language)
    }

    /// Renders `template` in the request's language. Templates read their texts from `t`
    /// (`{{t.signin.title}}`); `currentPath` marks the section in the navigation. `view` is the
    /// page's own data: a typed view model (its properties are the template's names), or a
    /// dictionary for the pages not yet given one.
    public func page(
        _ template: String, title: String, request: some PageContext, principal: Principal?, currentPath: String = "",
        view: Any = [String: Any](), status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) -> Response {
        let layout = layout(title: title, language: request.language, back: request.pagePath, currentPath: currentPath, principal: principal)
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: render(template, layout: layout, view: view))))
    }

    public func page(
        _ template: String, title: String, request: some PageContext, principal: Principal?, currentPath: String = "",
        data: [String: Any], status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]
    ) -> Response {
        page(template, title: title, request: request, principal: principal, currentPath: currentPath, view: data, status: status, headers: headers)
    }

    /// The action just done, from `?done=…` of the address an action returned to: the page then
    /// says it succeeded. Only known keys are read, so the address cannot put text on a page.
    static func done(in pagePath: String?) -> String? {
        guard let query = pagePath?.split(separator: "?", maxSplits: 1).dropFirst().first else { return nil }
        for pair in query.split(separator: "&") where pair.hasPrefix("done=") {
            let key = pair.dropFirst(5)
            if !key.isEmpty, key.count <= 40, key.allSatisfy({ $0.isASCII && ($0.isLowercase || $0 == "-") }) { return String(key) }
        }
        return nil
    }

    /// A page's HTML from its layout and view, without a request: what the golden tests compare.
    public func render(_ template: String, layout: [String: Any], view: Any) -> String {
        library.render(PageScope(view: view, layout: layout), withTemplate: template) ?? "Template \(template) is missing."
    }

    /// What every page's frame shows: title, language switcher, the user and the navigation
    /// their roles open, and the session's CSRF token.
    public func layout(title: String, language: Language, back pagePath: String?, currentPath: String, principal: Principal?) -> [String: Any] {
        let strings = catalogue.strings(language)
        var context: [String: Any] = [:]
        context["pageTitle"] = title
        context["nodeTitle"] = stateCode.map { "Liaison · \(strings.stateName($0))" } ?? nodeTitle
        context["lang"] = language.rawValue
        context["t"] = catalogue.nested[language]?.root ?? [:]
        // After a form post there is no address to reload: the switcher goes to the page's section.
        let back = pagePath ?? (currentPath.isEmpty ? "/dashboard" : currentPath)
        context["languages"] = LanguageRoutes.links(current: language, path: back)
        if let done = Self.done(in: pagePath), let notice = strings.lookup("done.\(done)") { context["doneNotice"] = notice }
        if let principal {
            context["user"] = [
                "displayName": principal.displayName, "username": principal.username,
                "authority": principal.authority.name,
                "roles": strings.roles(principal.roles),
            ]
            context["nav"] = Self.navigation.filter { principal.may($0.action) }.map { item -> [String: Any] in
                ["href": item.href, "label": strings(item.label), "current": currentPath.hasPrefix(item.href)]
            }
            if case .session(_, let csrf) = principal.credential { context["csrf"] = csrf }
        }
        return context
    }
}

/// The names a template sees at its top: the layout's first (a view cannot stand in for the
/// signed-in user or the CSRF token), then the page's view. A typed view is read once into
/// dictionaries when the page starts; Mustache would otherwise reflect on a value again at
/// every name it looks up.
struct PageScope: MustacheParent {
    let names: [String: Any]
    let layout: [String: Any]

    init(view: Any, layout: [String: Any]) {
        self.layout = layout
        self.names = Self.readable(view) as? [String: Any] ?? [:]
    }

    func child(named name: String) -> Any? { layout[name] ?? names[name] }

    /// Structures as dictionaries of their stored properties, all the way down; an absent
    /// optional is left out, as a missing key would be.
    static func readable(_ value: Any) -> Any {
        switch value {
        case is String, is Bool, is Int, is Double: return value
        case let dictionary as [String: Any]: return dictionary.compactMapValues(present)
        case let array as [Any]: return array.compactMap(present)
        default: break
        }
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .struct else { return value }
        var names: [String: Any] = [:]
        for case (let label?, let child) in mirror.children {
            if let readable = present(child) { names[label] = readable }
        }
        return names
    }

    /// A value as a template reads it; nil for an absent optional, wherever it sits (a view's
    /// property, or a value in a page's dictionary), so that a section over it stays closed.
    static func present(_ value: Any) -> Any? {
        if let optional = value as? any OptionalProtocol { return optional.wrapped.map(readable) }
        return readable(value)
    }
}

/// Lets `PageScope` tell an absent optional from a present value without knowing its type.
protocol OptionalProtocol {
    var wrapped: Any? { get }
}

extension Optional: OptionalProtocol {
    var wrapped: Any? { self.map { $0 as Any } }
}

/// What a page needs from its request: the language, and where the switcher returns to.
public protocol PageContext {
    var language: Language { get }
    var pagePath: String? { get }
}

extension LiaisonRequestContext: PageContext {}
extension AuthenticatedContext: PageContext {}

extension Strings {
    /// Role titles as the header and the tables show them.
    func roles(_ roles: Set<Role>) -> String {
        roles.sorted().map { self("role.\($0.rawValue)") }.joined(separator: ", ")
    }
}
