import Foundation
import HTTPTypes
import LiaisonCore
import LiaisonServer
import LiaisonTestSupport
import Testing

/// An official changes their own password from My account, proving who they are again.
@Suite("Changing one's own password", .serialized)
struct PasswordChangeTests {
    @Test("every problem at once, a used code refused; once changed, the new password signs in, the old one does not, and other sessions end")
    func changeOwnPassword() async throws {
        try await withNode { node, client in
            let account = node.accounts[.immigrationOfficer]!
            var elsewhere = Browser()
            _ = try await elsewhere.signIn(client, node, account)
            var browser = Browser()
            _ = try await browser.signIn(client, node, account)
            _ = try await browser.get(client, "/account")

            let usedCode = account.totp.code(at: node.clock.date)
            let refused = try await browser.post(
                client, "/account/password", form: ["currentPassword": "wrong", "newPassword": "short", "confirmation": "other", "code": usedCode])
            let page = String(buffer: refused.body)
            #expect(refused.status == .unprocessableContent)
            for field in ["currentPassword", "newPassword", "confirmation"] { #expect(page.contains("href=\"#\(field)\""), "\(field) is named") }
            #expect(page.contains("Correct the 3 fields marked below."))

            let newPassword = "lantern orchard river compass"
            let replayed = try await browser.post(
                client, "/account/password", form: ["currentPassword": account.password, "newPassword": newPassword, "confirmation": newPassword, "code": usedCode])
            #expect(replayed.status == .unprocessableContent && String(buffer: replayed.body).contains("href=\"#code\""), "a code is accepted once")

            node.clock.advance(30)
            let changed = try await browser.post(
                client, "/account/password",
                form: ["currentPassword": account.password, "newPassword": newPassword, "confirmation": newPassword, "code": account.totp.code(at: node.clock.date)])
            #expect(changed.status == .seeOther && changed.headers[.location] == "/account?done=password-changed")
            #expect(try await browser.get(client, "/account").status == .ok, "the session it was changed from stays")
            #expect(try await elsewhere.get(client, "/account").status == .seeOther, "every other session ends")

            var again = Browser()
            let old = try await again.signIn(client, node, account)
            #expect(old.headers[.location] != "/dashboard", "the old password no longer signs in")
            node.clock.advance(30)
            _ = try await again.get(client, "/signin")
            let renewed = try await again.post(
                client, "/signin", form: ["username": account.username, "password": newPassword, "code": account.totp.code(at: node.clock.date)])
            #expect(renewed.headers[.location] == "/dashboard")
            let audit = try await client.execute(uri: "/api/v1/audit?action=auth.passwordChanged", method: .get, headers: bearer(node.accounts[.auditor]!.token))
            let entries = String(buffer: audit.body)
            #expect(entries.contains("denied") && entries.contains("success") && entries.contains("auth.passwordChanged"))
        }
    }
}
