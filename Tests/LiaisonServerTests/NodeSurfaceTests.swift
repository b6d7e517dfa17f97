import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiaisonAPI
import LiaisonAccess
import LiaisonCore
@testable import LiaisonExchange
@testable import LiaisonNode
@testable import LiaisonServer
import LiaisonTestSupport
import NIOCore
import Prometheus
import Testing

@Suite("Headers, health, OpenAPI, TOTP")
struct NodeSurfaceTests {
    @Test("every page carries a strict CSP without unsafe-inline, and the other security headers")
    func securityHeaders() async throws {
        try await withNode { _, client in
            for uri in ["/signin", "/health/live", "/api/v1/me", "/nowhere"] {
                let response = try await client.execute(uri: uri, method: .get)
                let csp = try #require(response.headers[.contentSecurityPolicy], "\(uri)")
                #expect(!csp.contains("unsafe-inline"))
                #expect(csp.contains("default-src 'none'"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer")
            }
        }
    }

    @Test("no page carries inline script or style")
    func noInlineCode() async throws {
        try await withNode { node, client in
            var browser = Browser()
            _ = try await browser.signIn(client, node, node.accounts[.nodeAdministrator]!)
            for uri in ["/signin", "/dashboard", "/admin/users", "/admin/users/new", "/admin/authorities", "/audit", "/account"] {
                let html = String(buffer: try await browser.get(client, uri).body)
                #expect(!html.contains("<script>"), "\(uri)")
                #expect(!html.contains("style="), "\(uri)")
                #expect(!html.contains("onclick"), "\(uri)")
            }
        }
    }

    @Test("output is escaped: markup in a display name is shown as text")
    func escaping() async throws {
        try await withNode { node, client in
            let admin = node.accounts[.nodeAdministrator]!
            let authority = try #require(try await node.services.administration.authorities().first)
            _ = try await node.services.administration.createUser(
                .init(username: "x.escaped", displayName: "<script>alert(1)</script>", authorityID: authority.id, roles: [.auditor]),
                actorID: nil, actor: "test", requestID: nil)
            var browser = Browser()
            _ = try await browser.signIn(client, node, admin)
            let html = String(buffer: try await browser.get(client, "/admin/users").body)
            #expect(!html.contains("<script>alert(1)</script>"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        }
    }

    @Test("health endpoints answer, unknown routes are 404 problem+json under /api")
    func health() async throws {
        try await withNode { _, client in
            #expect(try await client.execute(uri: "/health/live", method: .get).status == .ok)
            let ready = try await client.execute(uri: "/health/ready", method: .get)
            #expect(ready.status == .ok)
            #expect(String(buffer: ready.body).contains("ready"))
            let missing = try await client.execute(uri: "/api/v1/nothing", method: .get)
            #expect(missing.status == .unauthorized || missing.status == .notFound)
            #expect(missing.headers[.contentType] == "application/problem+json; charset=utf-8")
        }
    }

    @Test("the OpenAPI document is served and documents every API route")
    func openAPI() async throws {
        try await withNode { node, client in
            let response = try await client.execute(uri: "/openapi.yaml", method: .get)
            #expect(response.status == .ok)
            let yaml = String(buffer: response.body)
            #expect(yaml.hasPrefix("openapi: 3.1.0"))
            for entry in node.catalogue.entries where entry.path.hasPrefix("/api/") {
                let pathBlock = try #require(Self.block(for: entry.path, in: yaml), "\(entry.path) is not documented")
                #expect(pathBlock.contains("\n    \(entry.method.rawValue.lowercased()):"), "\(entry.method) \(entry.path) is not documented")
            }
            for path in ["/health/live", "/health/ready", "/metrics", "/openapi.yaml"] {
                #expect(yaml.contains("\n  \(path):"), "\(path)")
            }
        }
    }

    /// The lines of one path item, from its key to the next path key.
    static func block(for path: String, in yaml: String) -> String? {
        guard let start = yaml.range(of: "\n  \(path):\n") else { return nil }
        let rest = yaml[start.upperBound...]
        let end = rest.range(of: #"\n  /"#, options: .regularExpression)?.lowerBound ?? rest.range(of: "\ncomponents:")?.lowerBound ?? rest.endIndex
        return "\n" + String(rest[..<end])
    }

    @Test("with a metrics token set, /metrics answers that bearer and refuses any other")
    func metricsToken() async throws {
        let database = try await TestDatabase.open()
        try await database.migrate()
        let configuration = LiaisonConfiguration(database: database.location, stateCode: "BE", passwordHashCost: 4, metricsToken: "scrape-secret")
        let services = try await LiaisonServices(configuration: configuration, database: database)
        let app = Application(router: buildRouter(services: services, metrics: PrometheusCollectorRegistry()).0, logger: TestDatabase.quietLogger)
        do {
            try await app.test(.router) { client in
                let scraped = try await client.execute(uri: "/metrics", method: .get, headers: bearer("scrape-secret"))
                #expect(scraped.status == .ok)
                #expect(scraped.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
                #expect(try await client.execute(uri: "/metrics", method: .get, headers: bearer("lia_wrong")).status == .unauthorized)
            }
        } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
    }

    @Test("TOTP follows RFC 6238 (SHA-1 test vectors, 6 digits) and Base32 round-trips")
    func totpVectors() throws {
        let totp = TOTP(secret: Array("12345678901234567890".utf8))
        #expect(totp.code(at: Date(timeIntervalSince1970: 59)) == "287082")
        #expect(totp.code(at: Date(timeIntervalSince1970: 1_111_111_109)) == "081804")
        #expect(totp.code(at: Date(timeIntervalSince1970: 1_234_567_890)) == "005924")
        #expect(totp.code(at: Date(timeIntervalSince1970: 20_000_000_000)) == "353130")
        #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")
        #expect(Base32.decode("MZXW6YTBOI") == Array("foobar".utf8))
        #expect(Base32.decode("not base32!") == nil)
        let uri = totp.provisioningURI(account: "be.imm", issuer: "Liaison · Belgium")
        #expect(uri.hasPrefix("otpauth://totp/Liaison"))
        #expect(uri.contains("secret=\(totp.base32Secret)"))
    }

    @Test("log paths mask token-like segments")
    func logRedaction() {
        #expect(RequestLogMiddleware.redact("/enrol/abcdefghijklmnopqrstuvwxyz0123456789") == "/enrol/…")
        #expect(RequestLogMiddleware.redact("/admin/users") == "/admin/users")
        #expect(RequestLogMiddleware.redact("/api/v1/administrative-records/DE-IMM-000001") == "/api/v1/administrative-records/…")
    }
}

@Suite("Structured logs")
struct LogLineTests {
    @Test("log values are escaped so that a line stays one JSON object")
    func escaping() throws {
        var line = ""
        JSONLogHandler.append("a\"b\\c\nd\u{01}", to: &line)
        #expect(line == #""a\"b\\c\nd\u0001""#)
        let decoded = try JSONDecoder().decode(String.self, from: Data(line.utf8))
        #expect(decoded == "a\"b\\c\nd\u{01}")
        #expect(JSONLogHandler.timestamp().range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"#, options: .regularExpression) != nil)
    }
}
