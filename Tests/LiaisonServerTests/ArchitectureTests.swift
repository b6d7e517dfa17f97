import Foundation
import Testing

/// The layers of docs/ARCHITECTURE.md, read from the sources themselves, so that a shortcut
/// across them fails a test instead of waiting for a reviewer.
@Suite("Architecture: dependencies point down")
struct ArchitectureTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// Every Swift file under `folder`, with its text.
    static func files(in folder: String) throws -> [(name: String, text: String)] {
        let root = sources.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return try walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.map {
            (String($0.path.dropFirst(sources.path.count + 1)), try String(contentsOf: $0, encoding: .utf8))
        }
    }

    @Test("no module below the server imports Hummingbird or HTTP types, and the runtime imports no capability")
    func belowTheServer() throws {
        let below = ["LiaisonCore", "LiaisonStore", "LiaisonFederation", "LiaisonNode", "LiaisonExchange", "LiaisonAccess", "LiaisonAPI"]
        var files: [(name: String, text: String)] = []
        for module in below { files += try Self.files(in: module) }
        #expect(files.count > 50, "the sources were found")
        // Every module of the HTTP framework, its password hash included, stays in the server.
        let http = #/^import (Hummingbird\w*|HTTPTypes\w*|NIOHTTP1)\b/#.anchorsMatchLineEndings()
        for file in files {
            #expect(file.text.firstMatch(of: http) == nil, "\(file.name)")
        }
        for file in try Self.files(in: "LiaisonAccess") {
            #expect(!file.text.contains("import LiaisonExchange") && !file.text.contains("import LiaisonServer"), "\(file.name)")
        }
        for file in try Self.files(in: "LiaisonNode") {
            #expect(!file.text.contains("import LiaisonExchange") && !file.text.contains("import LiaisonServer"), "\(file.name)")
        }
        for file in try Self.files(in: "LiaisonCore") {
            let imports = file.text.split(separator: "\n").filter { $0.hasPrefix("import ") }
            #expect(imports.allSatisfy { $0 == "import Foundation" }, "\(file.name): \(imports)")
        }
    }

    @Test("no route handler queries the database: pages and the API ask a service")
    func noQueriesInRoutes() throws {
        let routes = try Self.files(in: "LiaisonServer/Web") + Self.files(in: "LiaisonServer/API")
        #expect(!routes.isEmpty)
        for file in routes {
            for forbidden in ["import FluentKit", "import SQLKit", ".query(on:", ".raw("] {
                #expect(!file.text.contains(forbidden), "\(file.name) uses \(forbidden)")
            }
        }
    }
}
