/// Everything a user can ask a node to do. Each route names exactly one action, and
/// `AccessPolicy` is the one place that decides which roles may perform it.
public enum Action: String, Sendable, CaseIterable, Codable {
    case viewDashboard = "dashboard.view"
    case viewDirectory = "directory.view"
    case manageOwnAccount = "account.manage"
    case manageUsers = "users.manage"
    case viewUsers = "users.view"
    case manageAuthorities = "authorities.manage"
    case viewAuditTrail = "audit.view"
    case viewNetwork = "network.view"
    case sendNetworkCheck = "network.check"
    // CT ↔ immigration exchange (PRODUCT.md section A).
    case manageNotifications = "notifications.manage"
    case viewNotifications = "notifications.view"
    case sendExchanges = "exchanges.send"
    case viewExchanges = "exchanges.view"
    case approveExchanges = "exchanges.approve"
    case viewInbox = "inbox.view"
    case answerRequests = "inbox.answer"
    case manageRecords = "records.manage"
    case viewAlerts = "alerts.view"
    case viewReturnPriorities = "returns.view"
    case decideMatches = "matches.decide"
    case reviewReads = "reads.review"
    case viewSettings = "settings.view"
    case restrictProcessing = "records.restrict"
    case handleAccessRequests = "access-requests.handle"
    case rectifyData = "data.rectify"
    case sendContactMessages = "messages.send"
    // The ILO network (PRODUCT.md section C).
    case viewDeployments = "deployments.view"
    case manageDeployments = "deployments.manage"
    case viewReports = "reports.view"
    case writeReports = "reports.write"
    case viewLocalNetworks = "networks.view"
    case manageLocalNetworks = "networks.manage"
    case viewBoard = "board.view"
    case manageBoard = "board.manage"
    case voteInBoard = "board.vote"
    case manageOfficerData = "ilo-data.manage"
}

/// The decision "may a user holding these roles perform this action?", made once, here,
/// and used by the web pages, the API and (later) the federation inbox alike.
public enum AccessPolicy {
    public static func allowedRoles(for action: Action) -> Set<Role> {
        switch action {
        case .viewDashboard, .viewDirectory, .manageOwnAccount:
            Set(Role.allCases)
        // Where officers are posted is the network's shared picture; an auditor reads the trail, not the network.
        case .viewDeployments, .viewReports:
            Set(Role.allCases).subtracting([.auditor])
        case .manageDeployments, .writeReports, .manageLocalNetworks, .manageOfficerData:
            [.liaisonOfficer]
        // The networks' and the Board's work is their members', and the rapporteurs' and officers' who report to them.
        case .viewBoard, .viewLocalNetworks:
            [.steeringBoardMember, .rapporteur, .liaisonOfficer]
        // Only the Commission's node chairs; the service refuses the chair's work elsewhere.
        case .manageBoard, .voteInBoard:
            [.steeringBoardMember]
        case .manageUsers, .manageAuthorities:
            [.nodeAdministrator]
        case .viewUsers:
            [.nodeAdministrator, .auditor, .dataProtectionOfficer]
        // The node's settings, read-only: who runs the node, who checks it, who answers for retention.
        case .viewAuditTrail, .viewSettings:
            [.nodeAdministrator, .auditor, .dataProtectionOfficer]
        // Who read which person is the data protection officer's question.
        case .reviewReads, .restrictProcessing, .handleAccessRequests:
            [.dataProtectionOfficer]
        case .viewNetwork:
            [.nodeAdministrator, .auditor]
        case .sendNetworkCheck:
            [.nodeAdministrator]
        // The officers who hold data correct them when the data protection officer asks.
        case .rectifyData:
            [.counterTerrorismOfficer, .immigrationOfficer]
        case .manageNotifications, .viewAlerts:
            [.counterTerrorismOfficer]
        case .viewNotifications, .viewReturnPriorities, .sendContactMessages, .viewInbox:
            [.counterTerrorismOfficer, .immigrationOfficer]
        // A person decides whether a notified person is in the records: the contact point's officer.
        case .sendExchanges, .answerRequests, .manageRecords, .decideMatches:
            [.immigrationOfficer]
        case .viewExchanges:
            [.counterTerrorismOfficer, .immigrationOfficer, .supervisor]
        case .approveExchanges:
            [.supervisor]
        }
    }

    public static func permits(_ roles: Set<Role>, _ action: Action) -> Bool {
        !allowedRoles(for: action).isDisjoint(with: roles)
    }

    public static func authorize(_ roles: Set<Role>, _ action: Action) throws(PolicyError) {
        guard permits(roles, action) else {
            throw PolicyError(.forbidden, detail: "Your roles do not allow this action (\(action.rawValue)).")
        }
    }

    /// Guards against an administrator leaving the node without any administrator, or
    /// removing their own administration rights by mistake.
    public static func checkRoleChange(
        actorID: String, targetID: String, newRoles: Set<Role>, targetEnabled: Bool,
        remainingOtherAdministrators: Int
    ) throws(PolicyError) {
        let keepsAdmin = newRoles.contains(.nodeAdministrator) && targetEnabled
        if !keepsAdmin, actorID == targetID {
            throw PolicyError(.selfLockout, detail: "You cannot remove your own administrator role or disable your own account.")
        }
        if !keepsAdmin, remainingOtherAdministrators == 0 {
            throw PolicyError(.lastAdministrator, detail: "The node must keep at least one active node administrator.")
        }
    }
}
