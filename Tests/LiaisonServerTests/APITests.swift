import Foundation
import HTTPTypes
import HummingbirdTesting
import LiaisonAPI
import LiaisonAccess
import LiaisonCore
@testable import LiaisonExchange
@testable import LiaisonNode
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import NIOCore
import Testing

@Suite("API: tokens, users, problems")
struct APITests {
    func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: response.body))
    }

    @Test("a bearer token identifies its user; a revoked or expired one is 401")
    func tokens() async throws {
        try await withNode { node, client in
            let account = node.accounts[.liaisonOfficer]!
            let me = try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(account.token))
            #expect(me.status == .ok)
            #expect(try decode(API.Me.self, me).roles == [.liaisonOfficer])

            let created = try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: bearer(account.token),
                body: ByteBuffer(string: #"{"name":"second","lifetimeDays":"1"}"#))
            // lifetimeDays as a string is a type error: a 422 that names the field, not a crash.
            #expect(created.status == .unprocessableContent)
            #expect(problemCode(created) == "input.invalid")
            #expect(String(buffer: created.body).contains("lifetimeDays"))
            let unreadable = try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: bearer(account.token), body: ByteBuffer(string: #"{"name":"#))
            #expect(unreadable.status == .badRequest)
            #expect(problemCode(unreadable) == "input.malformed")

            let issued = try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: bearer(account.token), body: ByteBuffer(string: #"{"name":"second","lifetimeDays":1}"#))
            #expect(issued.status == .created)
            let second = try decode(API.CreatedToken.self, issued)
            #expect(second.token.hasPrefix("lia_"))
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(second.token)).status == .ok)

            node.clock.advance(86400 + 1)
            let expired = try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(second.token))
            #expect(expired.status == .unauthorized)
            #expect(expired.headers[.wwwAuthenticate] != nil)

            let list = try decode([API.Token].self, try await client.execute(uri: "/api/v1/tokens", method: .get, headers: bearer(account.token)))
            let firstID = try #require(list.first { $0.name == "test" }?.id)
            let revoke = try await client.execute(uri: "/api/v1/tokens/\(firstID)", method: .delete, headers: bearer(account.token))
            #expect(revoke.status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(account.token)).status == .unauthorized)
            let stored = try await APITokenModel.query(on: node.services.db).all()
            #expect(!stored.contains { $0.tokenHash.contains(account.token) || $0.tokenHash == account.token }, "tokens are stored as digests")
        }
    }

    @Test("another user's token cannot be revoked: it is not found")
    func tokenOwnership() async throws {
        try await withNode { node, client in
            let owner = node.accounts[.auditor]!
            let list = try decode([API.Token].self, try await client.execute(uri: "/api/v1/tokens", method: .get, headers: bearer(owner.token)))
            let id = try #require(list.first?.id)
            let attempt = try await client.execute(uri: "/api/v1/tokens/\(id)", method: .delete, headers: bearer(node.accounts[.rapporteur]!.token))
            #expect(attempt.status == .notFound)
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(owner.token)).status == .ok)
        }
    }

    @Test("a malformed bearer header is 401, not an anonymous request")
    func malformedBearer() async throws {
        try await withNode { _, client in
            for header in ["Bearer", "Basic abc", "Bearer lia_nope", "Bearer " + String(repeating: "x", count: 5000)] {
                let response = try await client.execute(uri: "/api/v1/me", method: .get, headers: [.authorization: header])
                #expect(response.status == .unauthorized, "\(header.prefix(20))")
            }
        }
    }

    @Test("an administrator creates a user without personal data, who enrols through the link alone with a password and TOTP")
    func createAndEnrol() async throws {
        try await withNode { node, client in
            let admin = node.accounts[.nodeAdministrator]!
            let authority = try #require(try await node.services.administration.authorities().first { $0.kind == "immigration-asylum" })
            let request = #"{"username":"new.officer","displayName":"New Officer","authorityId":"\#(authority.id!.uuidString)","roles":["auditor"]}"#
            let created = try await client.execute(uri: "/api/v1/users", method: .post, headers: bearer(admin.token), body: ByteBuffer(string: request))
            #expect(created.status == .created)
            let answer = try decode(API.CreatedUser.self, created)
            #expect(!answer.user.enrolled)
            let path = try #require(URL(string: answer.enrolmentLink)?.path)

            var browser = Browser()
            let page = try await browser.get(client, path)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains("<svg"), "a QR code is shown")
            let secretRange = try #require(html.range(of: #"id="totp-secret">([A-Z2-7 ]+)<"#, options: .regularExpression))
            let secret = html[secretRange].split(separator: ">")[1].dropLast().replacingOccurrences(of: " ", with: "")
            let totp = try #require(TOTP(base32: secret))

            let weak = try await browser.post(client, path, form: ["password": "short", "confirmation": "short", "code": totp.code(at: node.clock.date)])
            #expect(weak.status == .unprocessableContent)
            #expect(String(buffer: weak.body).contains("at least 12"))

            let password = "granite-meadow-beacon-17"
            let done = try await browser.post(client, path, form: ["password": password, "confirmation": password, "code": totp.code(at: node.clock.date)])
            #expect(done.status == .ok)
            #expect(String(buffer: done.body).contains("recovery codes"))
            #expect(try await browser.get(client, "/dashboard").status == .ok)
            var stranger = Browser()
            #expect(try await stranger.get(client, path).status == .gone, "the link works once")

            let users = try decode([API.User].self, try await client.execute(uri: "/api/v1/users", method: .get, headers: bearer(admin.token)))
            #expect(users.first { $0.username == "new.officer" }?.enrolled == true)
        }
    }

    @Test("validation errors are 422 problem+json with messages per field")
    func validation() async throws {
        try await withNode { node, client in
            let admin = node.accounts[.nodeAdministrator]!
            let request = #"{"username":"X","displayName":"","authorityId":"nope","roles":["immigration-officer"]}"#
            let response = try await client.execute(uri: "/api/v1/users", method: .post, headers: bearer(admin.token), body: ByteBuffer(string: request))
            #expect(response.status == .unprocessableContent)
            #expect(response.headers[.contentType] == "application/problem+json; charset=utf-8")
            struct Problem: Decodable { let code: String; let errors: [String: String] }
            let problem = try decode(Problem.self, response)
            #expect(problem.code == "input.invalid")
            #expect(Set(problem.errors.keys) == ["username", "displayName", "authorityId"])
            let unknownRole = try await client.execute(
                uri: "/api/v1/users", method: .post, headers: bearer(admin.token),
                body: ByteBuffer(string: #"{"username":"abc","displayName":"A","authorityId":"x","roles":["king"]}"#))
            #expect(unknownRole.status == .unprocessableContent)
        }
    }

    @Test("a user's display name and an authority's name show as stored: control and text-direction characters are refused")
    func displayNamesArePlain() async throws {
        try await withNode { node, client in
            let admin = node.accounts[.nodeAdministrator]!
            let authority = try #require(try await node.services.administration.authorities().first?.id)
            for name in ["Anna\u{0000}Peeters", "Anna \u{202E}sreteeP", "\u{2067}Anna\u{2069}", "Anna\u{200F}"] {
                let body = try JSONSerialization.data(withJSONObject: [
                    "username": "spoof.user", "displayName": name, "authorityId": authority.uuidString, "roles": ["auditor"],
                ])
                let created = try await client.execute(uri: "/api/v1/users", method: .post, headers: bearer(admin.token), body: ByteBuffer(bytes: body))
                #expect(created.status == .unprocessableContent, "\(name.unicodeScalars.map { String($0.value, radix: 16) })")
                #expect(String(buffer: created.body).contains("displayName"))
                let kind = try JSONSerialization.data(withJSONObject: ["name": "Border \(name)", "kind": "border-management"])
                let authorityAnswer = try await client.execute(uri: "/api/v1/authorities", method: .post, headers: bearer(admin.token), body: ByteBuffer(bytes: kind))
                #expect(authorityAnswer.status == .unprocessableContent)
            }
            let fine = try JSONSerialization.data(withJSONObject: [
                "username": "plain.user", "displayName": "Ана Петерс-Ибрагим", "authorityId": authority.uuidString, "roles": ["auditor"],
            ])
            #expect(try await client.execute(uri: "/api/v1/users", method: .post, headers: bearer(admin.token), body: ByteBuffer(bytes: fine)).status == .created)
        }
    }

    @Test("a body with a key twice is refused, on plain and on strict routes, naming the key")
    func duplicateKeysRefused() async throws {
        try await withNode { node, client in
            let auditor = node.accounts[.auditor]!
            let token = try await client.execute(
                uri: "/api/v1/tokens", method: .post, headers: bearer(auditor.token), body: ByteBuffer(string: #"{"name":"first","name":"second"}"#))
            #expect(token.status == .unprocessableContent)
            #expect(problemCode(token) == "input.invalid")
            #expect(String(buffer: token.body).contains("name"))
            let ct = node.accounts[.counterTerrorismOfficer]!
            let notification = #"{"subject":{"familyNames":"KOVALENKO","nationalities":["UKR"],"nationalities":["DEU"]},"validUntil":"2027-01-01T00:00:00Z","handlingCode":"H0"}"#
            let refused = try await client.execute(uri: "/api/v1/notifications", method: .post, headers: bearer(ct.token), body: ByteBuffer(string: notification))
            #expect(refused.status == .unprocessableContent)
            #expect(problemCode(refused) == "input.invalid")
            #expect(String(buffer: refused.body).contains("subject.nationalities"))
        }
    }

    @Test("the last active administrator cannot be demoted or disabled")
    func lastAdministrator() async throws {
        try await withNode { node, client in
            let admin = node.accounts[.nodeAdministrator]!
            let response = try await client.execute(
                uri: "/api/v1/users/\(admin.userID.uuidString)", method: .patch, headers: bearer(admin.token),
                body: ByteBuffer(string: #"{"enabled":false}"#))
            #expect(response.status == .conflict)
            #expect(problemCode(response) == "users.selfLockout")
            let other = node.accounts[.auditor]!
            let promote = try await client.execute(
                uri: "/api/v1/users/\(other.userID.uuidString)", method: .patch, headers: bearer(admin.token),
                body: ByteBuffer(string: #"{"roles":["auditor","node-administrator"]}"#))
            #expect(promote.status == .accepted, "a second administrator approves new administrators")
            let change = try decode(API.PendingAccessChange.self, promote).approval
            let second = try await node.addAccount("second.admin", roles: [.nodeAdministrator])
            let approved = try await client.execute(uri: "/api/v1/access-changes/\(change.id)/approve", method: .post, headers: bearer(second.token))
            #expect(approved.status == .ok)
            #expect(try await node.services.administration.user(other.userID).roles == [.nodeAdministrator, .auditor])
        }
    }

    @Test("a disabled user's token stops working at once, and enabling them again does not bring it back")
    func disabledUser() async throws {
        try await withNode { node, client in
            let admin = node.accounts[.nodeAdministrator]!
            let target = node.accounts[.steeringBoardMember]!
            func enable(_ enabled: Bool) async throws -> HTTPResponse.Status {
                try await client.execute(
                    uri: "/api/v1/users/\(target.userID.uuidString)", method: .patch, headers: bearer(admin.token),
                    body: ByteBuffer(string: #"{"enabled":\#(enabled)}"#)
                ).status
            }
            #expect(try await enable(false) == .ok)
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(target.token)).status == .unauthorized)
            #expect(try await enable(true) == .ok)
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(target.token)).status == .unauthorized)
            let tokens = try await node.services.auth.tokens(of: target.userID)
            #expect(!tokens.isEmpty && tokens.allSatisfy { $0.revokedAt != nil })
        }
    }

    @Test("a body over the limit is refused with 413")
    func bodyLimit() async throws {
        try await withNode { node, client in
            let big = ByteBuffer(repeating: UInt8(ascii: "a"), count: 2 << 20)
            let response = try await client.execute(uri: "/api/v1/tokens", method: .post, headers: bearer(node.accounts[.auditor]!.token), body: big)
            #expect(response.status == .contentTooLarge)
            #expect(problemCode(response) == "input.tooLarge")
        }
    }
}
