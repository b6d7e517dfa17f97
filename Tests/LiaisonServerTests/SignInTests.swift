import Foundation
import HTTPTypes
import HummingbirdTesting
@testable import LiaisonAccess
import LiaisonCore
@testable import LiaisonExchange
@testable import LiaisonNode
@testable import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import NIOCore
import Testing

@Suite("Sign-in, sessions and CSRF")
struct SignInTests {
    @Test("password and TOTP sign in; the session cookie is HttpOnly and SameSite=Strict")
    func signIn() async throws {
        try await withNode { node, client in
            var browser = Browser()
            let response = try await browser.signIn(client, node, node.accounts[.immigrationOfficer]!)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/dashboard")
            let cookie = try #require(response.headers[values: .setCookie].first { $0.hasPrefix("liaison_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            let dashboard = try await browser.get(client, "/dashboard")
            #expect(dashboard.status == .ok)
            #expect(String(buffer: dashboard.body).contains("Immigration contact point officer"))
            let signIns = try await node.services.audit.entries(.init(action: AuditAction.signIn.rawValue), on: node.services.db)
            #expect(signIns.first?.actor == "u.immigration-officer")
        }
    }

    @Test("a wrong code, a wrong password or a reused code is refused with one message")
    func wrongSecondFactor() async throws {
        try await withNode { node, client in
            let account = node.accounts[.counterTerrorismOfficer]!
            var browser = Browser()
            let wrongCode = try await browser.signIn(client, node, account, code: "000000")
            #expect(wrongCode.status == .unauthorized)
            #expect(String(buffer: wrongCode.body).contains("user name, password or one-time code is not correct"))
            #expect(browser.cookies["liaison_session"] == nil)

            // The same code twice within its time step: the second use is refused.
            node.clock.advance(30)
            let code = account.totp.code(at: node.clock.date)
            _ = try await browser.get(client, "/signin")
            let first = try await browser.post(client, "/signin", form: ["username": account.username, "password": account.password, "code": code])
            #expect(first.status == .seeOther)
            var other = Browser()
            _ = try await other.get(client, "/signin")
            let replay = try await other.post(client, "/signin", form: ["username": account.username, "password": account.password, "code": code])
            #expect(replay.status == .unauthorized)

            var third = Browser()
            _ = try await third.get(client, "/signin")
            node.clock.advance(30)
            let badPassword = try await third.post(
                client, "/signin", form: ["username": account.username, "password": "not the password", "code": account.totp.code(at: node.clock.date)])
            #expect(badPassword.status == .unauthorized)
        }
    }

    @Test("a recovery code signs in once")
    func recoveryCode() async throws {
        try await withNode { node, client in
            let account = node.accounts[.supervisor]!
            let user = try #require(try await UserModel.find(account.userID, on: node.services.db))
            let codes = try await node.services.auth.setCredentials(for: user, password: account.password, totp: account.totp)
            var browser = Browser()
            #expect(try await browser.signIn(client, node, account, code: codes[0].lowercased()).status == .seeOther)
            var again = Browser()
            #expect(try await again.signIn(client, node, account, code: codes[0]).status == .unauthorized)
        }
    }

    @Test("repeated failures lock the user name, with back-off, and are audited")
    func lockout() async throws {
        try await withNode { node, client in
            let account = node.accounts[.auditor]!
            var browser = Browser()
            for _ in 0..<5 {
                let response = try await browser.signIn(client, node, account, code: "111111")
                #expect(response.status == .unauthorized)
            }
            let locked = try await browser.signIn(client, node, account, code: "111111")
            #expect(locked.status == .tooManyRequests)
            // Even the right credentials are refused while locked.
            _ = try await browser.get(client, "/signin")
            let stillLocked = try await browser.post(
                client, "/signin", form: ["username": account.username, "password": account.password, "code": account.totp.code(at: node.clock.date)])
            #expect(stillLocked.status == .tooManyRequests)
            #expect(String(buffer: stillLocked.body).contains("Try again in"))
            node.clock.advance(15 * 60)
            #expect(try await browser.signIn(client, node, account).status == .seeOther)
            let lockEntries = try await node.services.audit.entries(.init(action: AuditAction.signInLocked.rawValue), on: node.services.db)
            #expect(lockEntries.count >= 2)
        }
    }

    @Test("parallel wrong passwords for one user name are each counted, and none is a server error")
    func parallelFailuresCounted() async throws {
        try await withNode { node, _ in
            let auth = node.services.auth, username = node.accounts[.auditor]!.username
            let outcomes = try await Self.race(6) { attempt in
                try await auth.signIn(
                    username: username, password: "wrong \(attempt)", code: "000000", clientAddress: "10.0.0.\(attempt)", requestID: "r\(attempt)")
            }
            #expect(outcomes.count == 6 && outcomes.allSatisfy { $0 == "auth.signInFailed" || $0 == "auth.locked" }, "\(outcomes)")
            let row = try #require(try await SignInThrottleModel.query(on: node.services.db).all().first { $0.key == "user:\(username)" })
            #expect(row.failures == 6)
            #expect(row.lockedUntil != nil, "six failures pass the five free ones")
        }
    }

    @Test("one TOTP code signs in once, even when several sign-ins race with it")
    func totpCodeOnceUnderRace() async throws {
        try await withNode { node, _ in
            let auth = node.services.auth, account = node.accounts[.auditor]!
            node.clock.advance(30)
            let code = account.totp.code(at: node.clock.date)
            let outcomes = try await Self.race(6) { attempt in
                try await auth.signIn(
                    username: account.username, password: account.password, code: code, clientAddress: "10.0.1.\(attempt)", requestID: "r\(attempt)")
            }
            #expect(outcomes.filter { $0 == "signed in" }.count == 1, "\(outcomes)")
            #expect(outcomes.filter { $0 == "auth.signInFailed" }.count == 5, "\(outcomes)")
        }
    }

    /// Runs `signIn` `count` times at once; each outcome is "signed in" or the refusal's code.
    static func race(_ count: Int, _ signIn: @escaping @Sendable (Int) async throws -> AuthService.SignedIn) async throws -> [String] {
        try await withThrowingTaskGroup(of: String.self) { group in
            for attempt in 0..<count {
                group.addTask {
                    do {
                        _ = try await signIn(attempt)
                        return "signed in"
                    } catch let error as ServiceError {
                        return error.code
                    }
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
    }

    @Test("a form posted without its CSRF token is refused and changes nothing")
    func csrfRequired() async throws {
        try await withNode { node, client in
            var browser = Browser()
            _ = try await browser.signIn(client, node, node.accounts[.nodeAdministrator]!)
            _ = try await browser.get(client, "/admin/authorities")
            let without = try await browser.post(client, "/admin/authorities", form: ["name": "Forged authority", "kind": "counter-terrorism"], includeCSRF: false)
            #expect(without.status == .forbidden)
            #expect(String(buffer: without.body).contains("auth.csrf"))
            browser.csrf = "forged"
            let forged = try await browser.post(client, "/admin/authorities", form: ["name": "Forged authority", "kind": "counter-terrorism"])
            #expect(forged.status == .forbidden)
            let names = try await node.services.administration.authorities().map(\.name)
            #expect(!names.contains("Forged authority"))
            _ = try await browser.get(client, "/admin/authorities")
            let genuine = try await browser.post(client, "/admin/authorities", form: ["name": "Border police", "kind": "border-management"])
            #expect(genuine.status == .seeOther)
            #expect(try await node.services.administration.authorities().map(\.name).contains("Border police"))
        }
    }

    @Test("an API call made with the session cookie needs the CSRF token even without a body, and a refusal is audited")
    func csrfForBodilessAPICalls() async throws {
        try await withNode { node, client in
            let officer = node.accounts[.immigrationOfficer]!
            var browser = Browser()
            _ = try await browser.signIn(client, node, officer)
            _ = try await browser.get(client, "/account")
            let session = try #require(browser.csrf)
            let token = try #require(try await node.services.auth.tokens(of: officer.userID).first?.id)
            let revoke = "/api/v1/tokens/\(token.uuidString)"
            // No body, no token: the cookie alone does not revoke, the bearer still works.
            let forged = try await client.execute(uri: revoke, method: .delete, headers: browser.cookieHeader)
            #expect(forged.status == .forbidden)
            #expect(problemCode(forged) == "auth.csrf")
            var wrong = browser.cookieHeader
            wrong[.init("X-CSRF-Token")!] = "forged"
            #expect(try await client.execute(uri: revoke, method: .delete, headers: wrong).status == .forbidden)
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(officer.token)).status == .ok)
            let refusals = try await node.services.audit.entries(AuditFilter(action: AuditAction.csrfRejected.rawValue, limit: 10), on: node.services.db)
            #expect(refusals.count == 2 && refusals.allSatisfy { $0.actor == officer.username })
            // A body-less POST is held to the same rule before its action is even considered.
            let acknowledge = try await client.execute(uri: "/api/v1/alerts/\(UUID().uuidString)/acknowledge", method: .post, headers: browser.cookieHeader)
            #expect(problemCode(acknowledge) == "auth.csrf")
            // A read needs no token; with the token, the revocation goes through.
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: browser.cookieHeader).status == .ok)
            var genuine = browser.cookieHeader
            genuine[.init("X-CSRF-Token")!] = session
            #expect(try await client.execute(uri: revoke, method: .delete, headers: genuine).status == .noContent)
            #expect(try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(officer.token)).status == .unauthorized)
        }
    }

    @Test("an unknown user name costs the bcrypt work of a known one: the decoy hash has the node's cost")
    func unknownUserTiming() async throws {
        try await withNode { node, _ in
            func cost(_ hash: String?) -> Substring? { hash?.split(separator: "$").dropFirst().first }
            let user = try await node.services.administration.user(node.accounts[.auditor]!.userID)
            #expect(cost(user.passwordHash) == "04")
            #expect(cost(node.services.auth.decoyHash) == cost(user.passwordHash))
            // And the decoy is really checked: an unknown name is refused like a wrong password.
            await #expect(throws: ServiceError.self) {
                _ = try await node.services.auth.signIn(username: "no.such.user", password: "x", code: "000000", clientAddress: "t", requestID: "t")
            }
        }
    }

    @Test("a form whose field names cannot be read is a 400, not a server error, signed in or not")
    func malformedFormFields() async throws {
        try await withNode { node, client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            for body in ["a[=1", "%zz=1", "a]=1&b[[=2"] {
                let anonymous = try await client.execute(uri: "/signin", method: .post, headers: form, body: ByteBuffer(string: body))
                #expect(anonymous.status == .badRequest, "\(body)")
            }
            var browser = Browser()
            _ = try await browser.signIn(client, node, node.accounts[.nodeAdministrator]!)
            _ = try await browser.get(client, "/admin/authorities")
            var headers = browser.cookieHeader
            headers[.contentType] = "application/x-www-form-urlencoded"
            let signedIn = try await client.execute(
                uri: "/admin/authorities", method: .post, headers: headers, body: ByteBuffer(string: "_csrf=\(browser.csrf ?? "")&a[=1"))
            #expect(signedIn.status == .badRequest)
        }
    }

    @Test("the sign-in form itself needs its double-submit token, and a refusal is audited")
    func signInCSRF() async throws {
        try await withNode { node, client in
            let account = node.accounts[.auditor]!
            var browser = Browser()
            let response = try await browser.post(
                client, "/signin", form: ["username": account.username, "password": account.password, "code": account.totp.code(at: node.clock.date)])
            #expect(response.status == .forbidden)
            #expect(browser.cookies["liaison_session"] == nil)
            var stranger = Browser()
            _ = try await stranger.post(client, "/signin", form: ["username": "<Not A User Name>", "password": "x", "code": "1"])
            let refusals = try await node.services.audit.entries(AuditFilter(action: AuditAction.csrfRejected.rawValue, limit: 10), on: node.services.db)
            #expect(Set(refusals.map(\.actor)) == [account.username, "anonymous"])
            #expect(refusals.allSatisfy { $0.outcome == "denied" && $0.detail == "double-submit" })
        }
    }

    @Test("sessions end when idle, at their absolute limit, on sign-out and on sign-out everywhere")
    func sessionEnds() async throws {
        try await withNode { node, client in
            let account = node.accounts[.rapporteur]!
            var browser = Browser()
            _ = try await browser.signIn(client, node, account)
            node.clock.advance(31 * 60)
            #expect(try await browser.get(client, "/dashboard").status == .seeOther)

            var second = Browser()
            _ = try await second.signIn(client, node, account)
            for _ in 0..<25 {
                node.clock.advance(29 * 60)
                _ = try await second.get(client, "/dashboard")
            }
            #expect(try await second.get(client, "/dashboard").status == .seeOther, "absolute timeout of 12 hours")

            var third = Browser()
            _ = try await third.signIn(client, node, account)
            _ = try await third.get(client, "/dashboard")
            let kept = third.cookies
            _ = try await third.post(client, "/signout", form: [:])
            var replay = Browser(cookies: kept)
            #expect(try await replay.get(client, "/dashboard").status == .seeOther, "a signed-out session cannot be replayed")

            var phone = Browser()
            var laptop = Browser()
            _ = try await phone.signIn(client, node, account)
            _ = try await laptop.signIn(client, node, account)
            _ = try await laptop.get(client, "/account")
            _ = try await laptop.post(client, "/signout-everywhere", form: [:])
            #expect(try await phone.get(client, "/dashboard").status == .seeOther)
        }
    }

    @Test("after sign-in only same-site paths are followed")
    func openRedirect() {
        #expect(SignInRoutes.safeNext("/audit") == "/audit")
        #expect(SignInRoutes.safeNext("//evil.example") == "/dashboard")
        #expect(SignInRoutes.safeNext("https://evil.example") == "/dashboard")
        #expect(SignInRoutes.safeNext("/\\evil.example") == "/dashboard")
    }
}
