import Foundation
import Hummingbird
import LiaisonCore

/// The node's settings, read-only, each with its value, where it came from, and the key and
/// environment variable that set it.
struct SettingsRoutes {
    let services: LiaisonServices

    func register(web: ProtectedRoutes) {
        web.get("/admin/settings", .viewSettings) { _, context in
            let strings = services.renderer.strings(context)
            let rows = NodeSettings.described(services.configuration).map { setting -> [String: Any] in
                let source: String =
                    switch setting.source {
                    case .defaultValue: strings("settings.source.default")
                    case .file(let path): "\(strings("settings.source.file")) \(path)"
                    case .environment(let name): "\(strings("settings.source.environment")) \(name)"
                    }
                return [
                    "key": setting.key, "environment": setting.environment, "description": setting.description, "value": setting.value, "source": source,
                    "changed": setting.source != .defaultValue,
                ]
            }
            return services.renderer.page(
                "settings", title: strings("settings.title"), request: context, principal: context.principal, currentPath: "/admin/settings",
                data: ["settings": rows])
        }
    }
}
