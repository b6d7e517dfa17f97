import Foundation
import HTTPTypes
import HummingbirdTesting
import LiaisonCore
@testable import LiaisonExchange
@testable import LiaisonNode
import LiaisonServer
import LiaisonTestSupport
import NIOCore
import Testing

/// Every protected route × every role: allowed or refused, as written out here.
@Suite("Authorization matrix: every route × every role")
struct AuthorizationMatrixTests {
    static let everyone = Set(Role.allCases)
    static let admin: Set<Role> = [.nodeAdministrator]
    static let oversight: Set<Role> = [.nodeAdministrator, .auditor, .dataProtectionOfficer]
    /// Everyone who works in or with the ILO network; the auditor reads the trail instead.
    static let network = everyone.subtracting([.auditor])
    /// The Board's members, and the rapporteurs and officers who report to it.
    static let board: Set<Role> = [.steeringBoardMember, .rapporteur, .liaisonOfficer]
    static let boardMember: Set<Role> = [.steeringBoardMember]

    static let expected: [String: Set<Role>] = [
        "GET /dashboard": everyone,
        "GET /live": everyone,
        "GET /account": everyone,
        "POST /account/tokens": everyone,
        "POST /account/password": everyone,
        "POST /account/tokens/{id}/revoke": everyone,
        "POST /signout": everyone,
        "POST /signout-everywhere": everyone,
        "GET /admin/users": oversight,
        "GET /admin/users/new": admin,
        "POST /admin/users": admin,
        "GET /admin/users/{id}": admin,
        "POST /admin/users/{id}": admin,
        "POST /admin/users/{id}/enrolment": admin,
        "GET /admin/access-changes": oversight,
        "POST /admin/access-changes/{id}/approve": admin,
        "POST /admin/access-changes/{id}/refuse": admin,
        "GET /admin/authorities": admin,
        "POST /admin/authorities": admin,
        "GET /audit": oversight,
        "GET /network": [.nodeAdministrator, .auditor],
        "GET /directory": everyone,
        "GET /api/v1/directory": everyone,
        "GET /deployments": network,
        "GET /deployments/new": [.liaisonOfficer],
        "POST /deployments": [.liaisonOfficer],
        "GET /deployments/{id}": network,
        "POST /deployments/{id}": [.liaisonOfficer],
        "GET /api/v1/deployments": network,
        "POST /api/v1/deployments": [.liaisonOfficer],
        "GET /api/v1/deployments/coverage": network,
        "GET /api/v1/deployments/{id}": network,
        "PUT /api/v1/deployments/{id}": [.liaisonOfficer],
        "GET /reports": network,
        "GET /reports/new": [.liaisonOfficer],
        "POST /reports": [.liaisonOfficer],
        "GET /reports/{id}": network,
        "POST /reports/{id}": [.liaisonOfficer],
        "GET /api/v1/reports": network,
        "POST /api/v1/reports": [.liaisonOfficer],
        "GET /api/v1/reports/{id}": network,
        "PUT /api/v1/reports/{id}": [.liaisonOfficer],
        "POST /api/v1/reports/{id}/publish": [.liaisonOfficer],
        "GET /networks": board,
        "POST /networks": [.liaisonOfficer],
        "GET /networks/{id}": board,
        "POST /networks/{id}/activities": [.liaisonOfficer],
        "GET /networks/{id}/activities/{activity}": board,
        "POST /networks/{id}/activities/{activity}": [.liaisonOfficer],
        "GET /api/v1/networks": board,
        "POST /api/v1/networks": [.liaisonOfficer],
        "GET /api/v1/networks/{id}": board,
        "POST /api/v1/networks/{id}/activities": [.liaisonOfficer],
        "PUT /api/v1/networks/{id}/activities/{activity}": [.liaisonOfficer],
        "GET /board": board,
        "POST /board/members": boardMember,
        "POST /board/members/{id}/withdraw": boardMember,
        "POST /api/v1/board/members/{id}/withdraw": boardMember,
        "POST /board/rules": boardMember,
        "POST /board/meetings": boardMember,
        "POST /board/documents": boardMember,
        "GET /board/meetings/{id}": board,
        "POST /board/meetings/{id}": boardMember,
        "POST /board/meetings/{id}/decisions": boardMember,
        "GET /board/decisions/{id}": board,
        "POST /board/decisions/{id}/vote": boardMember,
        "POST /board/decisions/{id}/close": boardMember,
        "GET /board/documents/{id}": board,
        "GET /api/v1/board": board,
        "PUT /api/v1/board/rules": boardMember,
        "POST /api/v1/board/members": boardMember,
        "POST /api/v1/board/meetings": boardMember,
        "PUT /api/v1/board/meetings/{id}": boardMember,
        "POST /api/v1/board/decisions": boardMember,
        "GET /api/v1/board/decisions/{id}": board,
        "POST /api/v1/board/decisions/{id}/votes": boardMember,
        "POST /api/v1/board/decisions/{id}/close": boardMember,
        "POST /api/v1/board/documents": boardMember,
        "GET /directory/overview": everyone,
        "GET /directory/overview.csv": everyone,
        "GET /directory/overview.json": everyone,
        "GET /api/v1/directory/overview": everyone,
        "GET /admin/authorities/{id}": admin,
        "POST /admin/authorities/{id}": admin,
        "POST /admin/authorities/{id}/reconfirm": admin,
        "POST /admin/users/{id}/clearance": admin,
        "PUT /api/v1/authorities/{id}/contact": admin,
        "POST /api/v1/authorities/{id}/reconfirm": admin,
        "PUT /api/v1/users/{id}/clearance": admin,
        "GET /ilo-data": [.liaisonOfficer],
        "POST /ilo-data": [.liaisonOfficer],
        "GET /ilo-data/{id}": [.liaisonOfficer],
        "POST /ilo-data/{id}/delete": [.liaisonOfficer],
        "GET /api/v1/ilo-data": [.liaisonOfficer],
        "POST /api/v1/ilo-data": [.liaisonOfficer],
        "GET /api/v1/ilo-data/{id}": [.liaisonOfficer],
        "DELETE /api/v1/ilo-data/{id}": [.liaisonOfficer],
        "POST /ilo-data/{id}/disclose": [.liaisonOfficer],
        "POST /api/v1/ilo-data/{id}/disclosures": [.liaisonOfficer],
        "POST /networks/{id}/documents": [.liaisonOfficer],
        "GET /networks/{id}/documents/{document}": board,
        "GET /networks/{id}/documents/{document}/versions/{version}": board,
        "GET /api/v1/networks/{id}/documents": board,
        "GET /api/v1/networks/{id}/documents/{document}/versions/{version}": board,
        "POST /network/checks": admin,
        "GET /api/v1/network/messages": [.nodeAdministrator, .auditor],
        "POST /api/v1/network/checks": admin,
        "GET /api/v1/me": everyone,
        "GET /api/v1/states": everyone,
        "GET /api/v1/authorities": everyone,
        "POST /api/v1/authorities": admin,
        "GET /api/v1/users": oversight,
        "POST /api/v1/users": admin,
        "GET /api/v1/users/{id}": oversight,
        "PATCH /api/v1/users/{id}": admin,
        "POST /api/v1/users/{id}/enrolment": admin,
        "GET /api/v1/access-changes": oversight,
        "POST /api/v1/access-changes/{id}/approve": admin,
        "POST /api/v1/access-changes/{id}/refuse": admin,
        "GET /api/v1/audit": oversight,
        "GET /api/v1/audit/verify": oversight,
        "GET /api/v1/tokens": everyone,
        "POST /api/v1/tokens": everyone,
        "DELETE /api/v1/tokens/{id}": everyone,
        "POST /api/v1/notifications": [.counterTerrorismOfficer],
        "GET /api/v1/notifications": [.counterTerrorismOfficer, .immigrationOfficer],
        "GET /api/v1/notifications/{id}": [.counterTerrorismOfficer, .immigrationOfficer],
        "PUT /api/v1/notifications/{id}": [.counterTerrorismOfficer],
        "POST /api/v1/notifications/{id}/withdraw": [.counterTerrorismOfficer],
        "POST /api/v1/administrative-records": [.immigrationOfficer],
        "POST /api/v1/administrative-records/import": [.immigrationOfficer],
        "PUT /api/v1/administrative-records/{reference}": [.immigrationOfficer],
        "POST /api/v1/administrative-records/{reference}/export": [.immigrationOfficer],
        "POST /api/v1/requests": [.immigrationOfficer],
        "GET /api/v1/requests": [.counterTerrorismOfficer, .immigrationOfficer, .supervisor],
        "GET /api/v1/requests/{id}": [.counterTerrorismOfficer, .immigrationOfficer, .supervisor],
        "POST /api/v1/requests/{id}/approve": [.supervisor],
        "POST /api/v1/requests/{id}/reject": [.supervisor],
        "POST /api/v1/requests/{id}/follow-up": [.immigrationOfficer],
        "GET /api/v1/approvals": [.supervisor],
        "POST /api/v1/spontaneous": [.immigrationOfficer],
        "POST /api/v1/messages": [.counterTerrorismOfficer, .immigrationOfficer],
        "GET /api/v1/inbox": [.counterTerrorismOfficer, .immigrationOfficer],
        "GET /api/v1/inbox/{id}/candidates": [.immigrationOfficer],
        "POST /api/v1/inbox/{id}/answer": [.immigrationOfficer],
        "GET /api/v1/alerts": [.counterTerrorismOfficer],
        "POST /api/v1/alerts/{id}/acknowledge": [.counterTerrorismOfficer],
        "GET /api/v1/return-priorities": [.counterTerrorismOfficer, .immigrationOfficer],
        "GET /api/v1/matches": [.immigrationOfficer],
        "GET /api/v1/person-reads": [.dataProtectionOfficer],
        "GET /api/v1/restricted-records": [.dataProtectionOfficer],
        "POST /api/v1/administrative-records/{reference}/restrict": [.dataProtectionOfficer],
        "POST /api/v1/administrative-records/{reference}/lift-restriction": [.dataProtectionOfficer],
        "GET /dpo/reads": [.dataProtectionOfficer],
        "GET /dpo/access-requests": [.dataProtectionOfficer],
        "POST /dpo/access-requests": [.dataProtectionOfficer],
        "GET /dpo/access-requests/{reference}": [.dataProtectionOfficer],
        "POST /dpo/access-requests/{reference}/confirm": [.dataProtectionOfficer],
        "POST /dpo/access-requests/{reference}/answer": [.dataProtectionOfficer],
        "POST /dpo/access-requests/{reference}/restrict": [.dataProtectionOfficer],
        "POST /dpo/access-requests/{reference}/erase": [.dataProtectionOfficer],
        "GET /dpo/access-requests/{reference}/report": [.dataProtectionOfficer],
        "GET /dpo/access-requests/{reference}/report.pdf": [.dataProtectionOfficer],
        "GET /api/v1/access-requests": [.dataProtectionOfficer],
        "POST /api/v1/access-requests": [.dataProtectionOfficer],
        "GET /api/v1/access-requests/{reference}": [.dataProtectionOfficer],
        "POST /api/v1/access-requests/{reference}/confirm": [.dataProtectionOfficer],
        "POST /api/v1/access-requests/{reference}/answer": [.dataProtectionOfficer],
        "POST /api/v1/exchanges/{id}/erase": [.dataProtectionOfficer],
        "POST /dpo/access-requests/{reference}/rectify": [.dataProtectionOfficer],
        "POST /api/v1/access-requests/{reference}/rectifications": [.dataProtectionOfficer],
        "GET /rectifications": [.counterTerrorismOfficer, .immigrationOfficer],
        "GET /api/v1/rectifications": [.counterTerrorismOfficer, .immigrationOfficer],
        "GET /admin/settings": [.nodeAdministrator, .auditor, .dataProtectionOfficer],
        "GET /dpo/reads.csv": [.dataProtectionOfficer],
        "POST /api/v1/matches/{id}/confirm": [.immigrationOfficer],
        "POST /api/v1/matches/{id}/reject": [.immigrationOfficer],
        "GET /matches": [.immigrationOfficer],
        "POST /matches/{id}": [.immigrationOfficer],
        "GET /notifications/{id}/withdraw": [.counterTerrorismOfficer],
        "GET /notifications": [.counterTerrorismOfficer, .immigrationOfficer],
        "POST /notifications": [.counterTerrorismOfficer],
        "POST /notifications/{id}/withdraw": [.counterTerrorismOfficer],
        "GET /notifications/{id}/edit": [.counterTerrorismOfficer],
        "POST /notifications/{id}": [.counterTerrorismOfficer],
        "GET /requests/new": [.immigrationOfficer],
        "POST /requests": [.immigrationOfficer],
        "GET /exchanges": [.counterTerrorismOfficer, .immigrationOfficer, .supervisor],
        "GET /exchanges/{id}": [.counterTerrorismOfficer, .immigrationOfficer, .supervisor],
        "POST /exchanges/{id}/approve": [.supervisor],
        "POST /exchanges/{id}/reject": [.supervisor],
        "POST /exchanges/{id}/answer": [.immigrationOfficer],
        "POST /exchanges/{id}/withdraw": [.immigrationOfficer],
        "POST /exchanges/{id}/follow-up": [.immigrationOfficer],
        "GET /inbox": [.counterTerrorismOfficer, .immigrationOfficer],
        "GET /approvals": [.supervisor],
        "GET /alerts": [.counterTerrorismOfficer],
        "POST /alerts/{id}/acknowledge": [.counterTerrorismOfficer],
        "GET /returns": [.counterTerrorismOfficer, .immigrationOfficer],
        "GET /spontaneous/new": [.immigrationOfficer],
        "POST /spontaneous": [.immigrationOfficer],
        "GET /messages/new": [.counterTerrorismOfficer, .immigrationOfficer],
        "POST /messages": [.counterTerrorismOfficer, .immigrationOfficer],
    ]

    @Test("the expectations name exactly the routes the node serves")
    func coverage() async throws {
        try await withNode { node, _ in
            let served = Set(node.catalogue.entries.map { "\($0.method.rawValue) \($0.path)" })
            #expect(served == Set(Self.expected.keys))
        }
    }

    @Test("each role is allowed or refused as expected, refusals are 403 with auth.forbidden")
    func matrix() async throws {
        try await withNode { node, client in
            let someUser = node.accounts[.auditor]!.userID.uuidString
            for entry in node.catalogue.entries {
                let key = "\(entry.method.rawValue) \(entry.path)"
                let allowed = try #require(Self.expected[key])
                // Routes that would change a real user (new credentials) get an id that names nobody.
                let changesUser = ["token", "enrolment"].contains { entry.path.contains($0) }
                let uri = entry.path.replacingOccurrences(of: "{id}", with: changesUser ? UUID().uuidString : someUser)
                for role in Role.allCases {
                    let account = node.accounts[role]!
                    // An empty body: allowed requests fail later (CSRF, validation, not found),
                    // never with auth.forbidden, and change nothing.
                    let response = try await client.execute(uri: uri, method: entry.method, headers: bearer(account.token), body: ByteBuffer())
                    let body = String(buffer: response.body)
                    let refused = response.status == .forbidden && body.contains("auth.forbidden")
                    #expect(refused == !allowed.contains(role), "\(key) as \(role.rawValue): \(response.status)")
                }
            }
        }
    }

    @Test("without credentials: API routes answer 401 problem+json, pages redirect to sign-in")
    func anonymous() async throws {
        try await withNode { node, client in
            for entry in node.catalogue.entries {
                let uri = entry.path.replacingOccurrences(of: "{id}", with: UUID().uuidString)
                let response = try await client.execute(uri: uri, method: entry.method, headers: [:], body: ByteBuffer())
                if entry.path.hasPrefix("/api/") {
                    #expect(response.status == .unauthorized, "\(entry.path)")
                    #expect(response.headers[.contentType] == "application/problem+json; charset=utf-8")
                    #expect(problemCode(response) == "auth.unauthenticated")
                } else {
                    #expect(response.status == .seeOther, "\(entry.path)")
                    #expect(response.headers[.location]?.hasPrefix("/signin") == true)
                }
            }
        }
    }

    @Test("a refusal is written to the audit trail")
    func refusalAudited() async throws {
        try await withNode { node, client in
            let response = try await client.execute(uri: "/api/v1/users", method: .get, headers: bearer(node.accounts[.immigrationOfficer]!.token))
            #expect(response.status == .forbidden)
            #expect(problemCode(response) == "auth.forbidden")
            let denied = try await node.services.audit.entries(.init(action: AuditAction.accessDenied.rawValue), on: node.services.db)
            #expect(denied.first?.actor == "u.immigration-officer")
            #expect(denied.first?.detail == Action.viewUsers.rawValue)
        }
    }
}
