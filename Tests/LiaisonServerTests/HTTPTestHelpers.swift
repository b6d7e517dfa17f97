import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiaisonAccess
import LiaisonServer
import LiaisonTestSupport
import NIOCore

/// A browser as the tests see it: a cookie jar, and the last CSRF token seen in a page.
struct Browser {
    var cookies: [String: String] = [:]
    var csrf: String?

    mutating func absorb(_ response: TestResponse) {
        for field in response.headers where field.name == .setCookie {
            let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            guard pair.count >= 1 else { continue }
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || field.value.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        if let token = Self.formToken(in: String(buffer: response.body)) { csrf = token }
    }

    var cookieHeader: HTTPFields {
        cookies.isEmpty ? [:] : [.cookie: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")]
    }

    static func formToken(in html: String) -> String? {
        guard let range = html.range(of: #"name="_csrf" value="([^"]+)""#, options: .regularExpression) else { return nil }
        let match = html[range]
        return match.split(separator: "\"")[3].description
    }

    mutating func get(_ client: some TestClientProtocol, _ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: cookieHeader)
        absorb(response)
        return response
    }

    mutating func post(_ client: some TestClientProtocol, _ uri: String, form: [String: String], includeCSRF: Bool = true) async throws -> TestResponse {
        var fields = form
        if includeCSRF, let csrf { fields["_csrf"] = csrf }
        let body = fields.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")"
        }.joined(separator: "&")
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        absorb(response)
        return response
    }

    /// Signs in through the real pages. Moves the clock one TOTP step first, since each
    /// code is accepted only once.
    mutating func signIn(_ client: some TestClientProtocol, _ node: TestNode, _ account: TestNode.Account, code: String? = nil) async throws -> TestResponse {
        node.clock.advance(30)
        _ = try await get(client, "/signin")
        return try await post(
            client, "/signin", form: ["username": account.username, "password": account.password, "code": code ?? account.totp.code(at: node.clock.date)])
    }
}

func withNode(_ body: @escaping @Sendable (TestNode, any TestClientProtocol) async throws -> Void) async throws {
    let node = try await TestNode.make()
    do {
        try await node.application.test(.router) { client in try await body(node, ContractCheckedClient(client)) }
    } catch {
        await node.shutdown()
        throw error
    }
    await node.shutdown()
}

func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }

func problemCode(_ response: TestResponse) -> String? {
    struct Problem: Decodable { let code: String }
    return try? JSONDecoder().decode(Problem.self, from: Data(buffer: response.body)).code
}
