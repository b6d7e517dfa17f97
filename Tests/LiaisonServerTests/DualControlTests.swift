import Foundation
import HTTPTypes
import HummingbirdTesting
import LiaisonAPI
import LiaisonAccess
import LiaisonCore
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import NIOCore
import Testing

/// Separation of duties: an administrator alone reaches no personal data (docs/SECURITY.md).
@Suite("Dual control: administration is separated from personal data")
struct DualControlTests {
    func json(_ client: some TestClientProtocol, _ method: HTTPRequest.Method, _ uri: String, token: String, body: String? = nil) async throws
        -> TestResponse
    {
        var headers = bearer(token)
        if body != nil { headers[.contentType] = "application/json" }
        return try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
    }

    func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(buffer: response.body))
    }

    func authorityID(_ node: TestNode) async throws -> String {
        try #require(try await node.services.administration.authorities().first { $0.kind == "counter-terrorism" }?.id?.uuidString)
    }

    @Test("an administrator cannot give themselves a role that sees personal data, nor reset their own credentials")
    func administratorCannotSelfGrant() async throws {
        try await withNode { node, client in
            let admin = node.accounts[.nodeAdministrator]!
            let me = admin.userID.uuidString
            let grant = try await json(client, .patch, "/api/v1/users/\(me)", token: admin.token, body: #"{"roles":["node-administrator","ct-officer"]}"#)
            #expect(grant.status == .conflict)
            #expect(problemCode(grant) == "access.selfGrant")
            let reset = try await json(client, .post, "/api/v1/users/\(me)/enrolment", token: admin.token)
            #expect(problemCode(reset) == "access.selfGrant")
            let user = try await node.services.administration.user(admin.userID)
            #expect(user.roles == [.nodeAdministrator])
            #expect(user.isEnrolled, "nothing was reset")
            #expect(try await node.services.administration.accessChanges().isEmpty)
        }
    }

    @Test("granting a role that sees personal data waits for a second administrator, who is neither the one who asked nor the user")
    func grantNeedsSecondAdministrator() async throws {
        try await withNode { node, client in
            let first = node.accounts[.nodeAdministrator]!
            let second = try await node.addAccount("second.admin", roles: [.nodeAdministrator])
            let target = node.accounts[.auditor]!
            let asked = try await json(client, .patch, "/api/v1/users/\(target.userID)", token: first.token, body: #"{"roles":["auditor","ct-officer"]}"#)
            #expect(asked.status == .accepted)
            let pending = try decode(API.PendingAccessChange.self, asked)
            #expect(pending.user.roles == [.auditor], "nothing given yet")
            #expect(pending.approval.state == .pending && pending.approval.kind == .grant)
            #expect(pending.enrolmentLink == nil, "the user keeps the credentials two administrators let stand")
            #expect(try await node.services.administration.user(target.userID).roles == [.auditor])

            let own = try await json(client, .post, "/api/v1/access-changes/\(pending.approval.id)/approve", token: first.token)
            #expect(problemCode(own) == "access.ownRequest")
            let byTarget = try await json(client, .post, "/api/v1/access-changes/\(pending.approval.id)/approve", token: target.token)
            #expect(byTarget.status == .forbidden, "an auditor does not administer")

            let approved = try await json(client, .post, "/api/v1/access-changes/\(pending.approval.id)/approve", token: second.token)
            #expect(approved.status == .ok)
            let approval = try decode(API.AccessApproval.self, approved)
            #expect(approval.approval.state == .approved && approval.approval.decidedBy == "second.admin")
            #expect(approval.approvalCode == nil)
            #expect(try await node.services.administration.user(target.userID).roles == [.auditor, .counterTerrorismOfficer])
            let again = try await json(client, .post, "/api/v1/access-changes/\(pending.approval.id)/approve", token: second.token)
            #expect(problemCode(again) == "access.changeDecided")

            let audit = try await node.services.audit.entries(.init(limit: 200), on: node.services.db).map(\.action)
            #expect(audit.contains(AuditAction.accessChangeRequested.rawValue) && audit.contains(AuditAction.accessChangeApproved.rawValue))
        }
    }

    @Test("making an administrator takes two administrators, since a second account in one person's hands would approve their own requests")
    func administrationNeedsSecondAdministrator() async throws {
        try await withNode { node, client in
            let first = node.accounts[.nodeAdministrator]!
            let body = #"{"username":"shadow.admin","displayName":"Shadow","authorityId":"\#(try await authorityID(node))","roles":["node-administrator"]}"#
            let created = try decode(API.CreatedUser.self, try await json(client, .post, "/api/v1/users", token: first.token, body: body))
            #expect(created.approval?.kind == .enrolment)
            var browser = Browser()
            #expect(try await browser.get(client, try #require(URL(string: created.enrolmentLink)?.path)).status == .conflict)
            let promote = try await json(
                client, .patch, "/api/v1/users/\(node.accounts[.rapporteur]!.userID)", token: first.token, body: #"{"roles":["rapporteur","node-administrator"]}"#)
            #expect(promote.status == .accepted)
            #expect(try await node.services.administration.user(node.accounts[.rapporteur]!.userID).roles == [.rapporteur])
        }
    }

    @Test("an administrator who approves cannot approve a change to their own access")
    func approverIsNotTheTarget() async throws {
        try await withNode { node, client in
            let first = node.accounts[.nodeAdministrator]!
            let second = try await node.addAccount("second.admin", roles: [.nodeAdministrator])
            let asked = try await json(
                client, .patch, "/api/v1/users/\(second.userID)", token: first.token, body: #"{"roles":["node-administrator","supervisor"]}"#)
            let change = try decode(API.PendingAccessChange.self, asked).approval
            let selfApproval = try await json(client, .post, "/api/v1/access-changes/\(change.id)/approve", token: second.token)
            #expect(problemCode(selfApproval) == "access.selfGrant")
            let refused = try await json(client, .post, "/api/v1/access-changes/\(change.id)/refuse", token: second.token)
            #expect(problemCode(refused) == "access.selfGrant")
            let withdrawn = try decode(API.AccessChange.self, try await json(client, .post, "/api/v1/access-changes/\(change.id)/refuse", token: first.token))
            #expect(withdrawn.state == .withdrawn)
            #expect(try await node.services.administration.user(second.userID).roles == [.nodeAdministrator])
        }
    }

    @Test("a user created with a role that sees personal data enrols only with the link of one administrator and the code of another")
    func enrolmentSplitBetweenTwoAdministrators() async throws {
        try await withNode { node, client in
            let first = node.accounts[.nodeAdministrator]!
            let second = try await node.addAccount("second.admin", roles: [.nodeAdministrator])
            let body = #"{"username":"new.ct","displayName":"New Officer","authorityId":"\#(try await authorityID(node))","roles":["ct-officer"]}"#
            let created = try decode(API.CreatedUser.self, try await json(client, .post, "/api/v1/users", token: first.token, body: body))
            let change = try #require(created.approval)
            #expect(change.kind == .enrolment && change.state == .pending)
            let path = try #require(URL(string: created.enrolmentLink)?.path)

            // The link alone opens nothing before approval.
            var early = Browser()
            let waiting = try await early.get(client, path)
            #expect(waiting.status == .conflict)
            #expect(String(buffer: waiting.body).contains("second administrator"))

            let approval = try decode(API.AccessApproval.self, try await json(client, .post, "/api/v1/access-changes/\(change.id)/approve", token: second.token))
            let code = try #require(approval.approvalCode)

            var browser = Browser()
            let page = try await browser.get(client, path)
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains(#"name="approvalCode""#))
            let secretRange = try #require(html.range(of: #"id="totp-secret">([A-Z2-7 ]+)<"#, options: .regularExpression))
            let totp = try #require(TOTP(base32: html[secretRange].split(separator: ">")[1].dropLast().replacingOccurrences(of: " ", with: "")))
            let password = "granite-meadow-beacon-17"

            // What the first administrator holds is not enough: without the code, or with a wrong one, no enrolment.
            for wrong in ["", "AAAA-BBBB-CCCC"] {
                let refused = try await browser.post(
                    client, path, form: ["password": password, "confirmation": password, "code": totp.code(at: node.clock.date), "approvalCode": wrong])
                #expect(refused.status == .unprocessableContent)
                #expect(String(buffer: refused.body).contains("approval code"))
            }
            let done = try await browser.post(
                client, path,
                form: ["password": password, "confirmation": password, "code": totp.code(at: node.clock.date), "approvalCode": code.lowercased()])
            #expect(done.status == .ok)
            #expect(String(buffer: done.body).contains("recovery codes"))
            let user = try #require(try await node.services.administration.users().first { $0.username == "new.ct" })
            #expect(user.isEnrolled && user.credentialsIssuedBy == nil)
        }
    }

    @Test("re-enrolling a user who sees personal data waits for approval; their credentials hold until then")
    func reenrolmentNeedsSecondAdministrator() async throws {
        try await withNode { node, client in
            let first = node.accounts[.nodeAdministrator]!
            let second = try await node.addAccount("second.admin", roles: [.nodeAdministrator])
            let officer = node.accounts[.counterTerrorismOfficer]!
            let asked = try decode(
                API.Enrolment.self, try await json(client, .post, "/api/v1/users/\(officer.userID)/enrolment", token: first.token))
            let change = try #require(asked.approval)
            #expect(try await json(client, .get, "/api/v1/me", token: officer.token).status == .ok, "the officer's token still works")
            #expect(try await node.services.administration.user(officer.userID).isEnrolled)

            _ = try await json(client, .post, "/api/v1/access-changes/\(change.id)/approve", token: second.token)
            #expect(try await json(client, .get, "/api/v1/me", token: officer.token).status == .unauthorized, "approval ends the old credentials")
            let user = try await node.services.administration.user(officer.userID)
            #expect(!user.isEnrolled && user.enrolmentCodeHash != nil)
        }
    }

    @Test("credentials one administrator handed over alone are replaced under dual control when personal data is granted")
    func singleIssuedCredentialsAreReplaced() async throws {
        try await withNode { node, client in
            let first = node.accounts[.nodeAdministrator]!
            let body = #"{"username":"plain.user","displayName":"Plain","authorityId":"\#(try await authorityID(node))","roles":["auditor"]}"#
            let created = try decode(API.CreatedUser.self, try await json(client, .post, "/api/v1/users", token: first.token, body: body))
            #expect(created.approval == nil, "no personal data: the link alone")
            let user = try #require(try await node.services.administration.users().first { $0.username == "plain.user" })
            #expect(user.credentialsIssuedBy == first.userID)

            let asked = try decode(
                API.PendingAccessChange.self,
                try await json(client, .patch, "/api/v1/users/\(created.user.id)", token: first.token, body: #"{"roles":["auditor","immigration-officer"]}"#))
            #expect(asked.approval.kind == .enrolment, "the link the first administrator held is replaced")
            #expect(asked.enrolmentLink != nil)
            #expect(asked.user.roles == [.auditor])
        }
    }

    @Test("a grant asked for before one administrator alone handed the user new credentials is not approved")
    func grantAfterSingleReissueIsRefused() async throws {
        try await withNode { node, client in
            let first = node.accounts[.nodeAdministrator]!
            let second = try await node.addAccount("second.admin", roles: [.nodeAdministrator])
            let target = node.accounts[.rapporteur]!
            let asked = try decode(
                API.PendingAccessChange.self,
                try await json(client, .patch, "/api/v1/users/\(target.userID)", token: first.token, body: #"{"roles":["rapporteur","ct-officer"]}"#))
            #expect(asked.approval.kind == .grant)
            // A rapporteur sees no personal data: one administrator may hand over new credentials.
            let reissued = try decode(API.Enrolment.self, try await json(client, .post, "/api/v1/users/\(target.userID)/enrolment", token: first.token))
            #expect(reissued.approval == nil)
            let approval = try await json(client, .post, "/api/v1/access-changes/\(asked.approval.id)/approve", token: second.token)
            #expect(problemCode(approval) == "access.credentialsChanged")
            #expect(try await node.services.administration.user(target.userID).roles == [.rapporteur])
        }
    }

    @Test("the data protection officer sees every change to access on the dashboard and its page")
    func dataProtectionOfficerSeesChanges() async throws {
        try await withNode { node, client in
            let first = node.accounts[.nodeAdministrator]!
            let target = node.accounts[.rapporteur]!
            _ = try await json(client, .patch, "/api/v1/users/\(target.userID)", token: first.token, body: #"{"roles":["rapporteur","liaison-officer"]}"#)
            var dpo = Browser()
            _ = try await dpo.signIn(client, node, node.accounts[.dataProtectionOfficer]!)
            let dashboard = String(buffer: try await dpo.get(client, "/dashboard").body)
            #expect(dashboard.contains(#"id="access-changes""#))
            #expect(dashboard.contains("\(first.username) asked for Roles (Immigration liaison officer, Rapporteur) for \(target.username) · Waiting"))
            let page = try await dpo.get(client, "/admin/access-changes")
            #expect(page.status == .ok)
            let html = String(buffer: page.body)
            #expect(html.contains(target.username))
            #expect(!html.contains("/approve"), "the DPO watches; administrators decide")
            let list = try decode([API.AccessChange].self, try await json(client, .get, "/api/v1/access-changes", token: node.accounts[.dataProtectionOfficer]!.token))
            #expect(list.map(\.username) == [target.username])
        }
    }

    @Test("in the pages, a second administrator approves and is shown the approval code once")
    func approvalInThePages() async throws {
        try await withNode { node, client in
            let first = node.accounts[.nodeAdministrator]!
            let second = try await node.addAccount("second.admin", roles: [.nodeAdministrator])
            let officer = node.accounts[.immigrationOfficer]!
            var requester = Browser()
            _ = try await requester.signIn(client, node, first)
            _ = try await requester.get(client, "/admin/users/\(officer.userID)")
            let asked = try await requester.post(client, "/admin/users/\(officer.userID)/enrolment", form: [:])
            #expect(String(buffer: asked.body).contains(#"id="enrolment-link""#))
            #expect(String(buffer: asked.body).contains("waits for a second administrator"))
            let change = try #require(try await node.services.administration.accessChanges().first)

            var approver = Browser()
            _ = try await approver.signIn(client, node, second)
            let list = String(buffer: try await approver.get(client, "/admin/access-changes").body)
            #expect(list.contains("/admin/access-changes/\(change.change.id!.uuidString)/approve"))
            let approved = try await approver.post(client, "/admin/access-changes/\(change.change.id!.uuidString)/approve", form: [:])
            let html = String(buffer: approved.body)
            #expect(html.contains(#"id="approval-code""#))
            let own = String(buffer: try await requester.get(client, "/admin/access-changes").body)
            #expect(!own.contains("approval-code"), "the one who asked never sees the code")
        }
    }
}
