import Foundation

/// The OpenAPI documents this node serves: the HTTP API at `/openapi.yaml`, and the
/// node-to-node protocol at `/federation.yaml` and on the federation listener.
public enum OpenAPIDocument {
    public static func yaml() throws -> String { try resource("openapi") }

    public static func federationYAML() throws -> String { try resource("federation") }

    static func resource(_ name: String) throws -> String {
        guard let url = Bundle.module.url(forResource: name, withExtension: "yaml") else { throw CocoaError(.fileNoSuchFile) }
        return try String(contentsOf: url, encoding: .utf8)
    }
}
