import LiaisonCore
import Testing

@Suite("Access policy: role × action")
struct AccessPolicyTests {
    /// The expected matrix, written out independently of `AccessPolicy` so that a change to
    /// either one fails this test.
    static let expected: [Action: Set<Role>] = [
        .viewDashboard: Set(Role.allCases),
        .viewDirectory: Set(Role.allCases),
        .manageOwnAccount: Set(Role.allCases),
        .manageUsers: [.nodeAdministrator],
        .manageAuthorities: [.nodeAdministrator],
        .viewUsers: [.nodeAdministrator, .auditor, .dataProtectionOfficer],
        .viewAuditTrail: [.nodeAdministrator, .auditor, .dataProtectionOfficer],
        .viewNetwork: [.nodeAdministrator, .auditor],
        .sendNetworkCheck: [.nodeAdministrator],
        .manageNotifications: [.counterTerrorismOfficer],
        .viewAlerts: [.counterTerrorismOfficer],
        .viewNotifications: [.counterTerrorismOfficer, .immigrationOfficer],
        .viewReturnPriorities: [.counterTerrorismOfficer, .immigrationOfficer],
        .sendContactMessages: [.counterTerrorismOfficer, .immigrationOfficer],
        .sendExchanges: [.immigrationOfficer],
        .viewInbox: [.counterTerrorismOfficer, .immigrationOfficer],
        .answerRequests: [.immigrationOfficer],
        .manageRecords: [.immigrationOfficer],
        .decideMatches: [.immigrationOfficer],
        .reviewReads: [.dataProtectionOfficer],
        .restrictProcessing: [.dataProtectionOfficer],
        .handleAccessRequests: [.dataProtectionOfficer],
        .rectifyData: [.counterTerrorismOfficer, .immigrationOfficer],
        .viewSettings: [.nodeAdministrator, .auditor, .dataProtectionOfficer],
        .viewExchanges: [.counterTerrorismOfficer, .immigrationOfficer, .supervisor],
        .approveExchanges: [.supervisor],
        .viewDeployments: Set(Role.allCases).subtracting([.auditor]),
        .manageDeployments: [.liaisonOfficer],
        .viewReports: Set(Role.allCases).subtracting([.auditor]),
        .writeReports: [.liaisonOfficer],
        .viewLocalNetworks: [.steeringBoardMember, .rapporteur, .liaisonOfficer],
        .manageLocalNetworks: [.liaisonOfficer],
        .viewBoard: [.steeringBoardMember, .rapporteur, .liaisonOfficer],
        .manageBoard: [.steeringBoardMember],
        .voteInBoard: [.steeringBoardMember],
        .manageOfficerData: [.liaisonOfficer],
    ]

    @Test("every action has an expectation")
    func everyActionCovered() {
        #expect(Set(Action.allCases) == Set(Self.expected.keys))
    }

    @Test("each single role is allowed exactly the expected actions", arguments: Role.allCases)
    func singleRole(role: Role) {
        for action in Action.allCases {
            #expect(AccessPolicy.permits([role], action) == Self.expected[action]?.contains(role), "\(role) \(action)")
        }
    }

    @Test("combined roles get the union of permissions")
    func combinedRoles() {
        #expect(AccessPolicy.permits([.auditor, .immigrationOfficer], .viewAuditTrail))
        #expect(!AccessPolicy.permits([.auditor, .immigrationOfficer], .manageUsers))
        #expect(!AccessPolicy.permits([], .viewDashboard))
    }

    @Test("refusal carries the stable forbidden code")
    func refusalCode() {
        #expect(throws: PolicyError.self) { try AccessPolicy.authorize([.auditor], .manageUsers) }
        do {
            try AccessPolicy.authorize([.auditor], .manageUsers)
        } catch {
            #expect(error.code == .forbidden)
        }
    }

    @Test("an administrator cannot remove their own administration or disable themselves")
    func selfLockout() {
        #expect(throws: PolicyError(.selfLockout, detail: "You cannot remove your own administrator role or disable your own account.")) {
            try AccessPolicy.checkRoleChange(actorID: "a", targetID: "a", newRoles: [.auditor], targetEnabled: true, remainingOtherAdministrators: 3)
        }
        #expect(throws: PolicyError.self) {
            try AccessPolicy.checkRoleChange(actorID: "a", targetID: "a", newRoles: [.nodeAdministrator], targetEnabled: false, remainingOtherAdministrators: 3)
        }
    }

    @Test("the last administrator cannot be removed")
    func lastAdministrator() throws {
        do {
            try AccessPolicy.checkRoleChange(actorID: "a", targetID: "b", newRoles: [.auditor], targetEnabled: true, remainingOtherAdministrators: 0)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .lastAdministrator)
        }
        try AccessPolicy.checkRoleChange(actorID: "a", targetID: "b", newRoles: [.auditor], targetEnabled: true, remainingOtherAdministrators: 1)
    }

    @Test("second factor is required exactly for roles that see personal data")
    func secondFactor() {
        #expect(Set<Role>([.immigrationOfficer]).requiresSecondFactor)
        #expect(Set<Role>([.auditor, .dataProtectionOfficer]).requiresSecondFactor)
        #expect(!Set<Role>([.nodeAdministrator, .auditor]).requiresSecondFactor)
    }

    @Test("role lists parse and refuse unknown names")
    func parseRoles() throws {
        #expect(try Role.parseList("auditor, ct-officer") == [.auditor, .counterTerrorismOfficer])
        #expect(throws: PolicyError.self) { try Role.parseList("auditor,king") }
        #expect(Role.storageForm([.auditor, .nodeAdministrator]) == "node-administrator,auditor")
    }
}
