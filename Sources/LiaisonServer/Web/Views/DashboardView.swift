import Foundation
import LiaisonAccess
import LiaisonCore

/// What the dashboard counts; a figure is nil when the reader's roles may not see it.
struct DashboardFigures {
    struct Arrival {
        let id: String
        /// An `ExchangeService.Arrival` raw value.
        let arrival: String
        let counterpartState: String
        let at: Date
    }

    struct OpenRequest {
        let id: String
        let counterpartState: String
        let deadline: Date?
    }

    var openRequests: [OpenRequest]?
    /// What arrived from other states that the reader has not opened, newest first.
    var arrivals: [Arrival]?
    /// Requests the user's contact point sent and that are not answered yet.
    var awaitedAnswers: [OpenRequest]?
    var awaitingApproval: Int?
    var unseenAlerts: Int?
    /// Pairs of a notified person and a record the matcher suggests, waiting for an officer.
    var matchesToDecide: Int?
    /// Corrections the data protection officer asked of the reader's authority, still to make.
    var rectificationsAsked: Int?
    /// Open access requests of data subjects, with the day each answer is due.
    var accessRequests: [(reference: String, dueOn: String)]?
    var users: (total: Int, pendingEnrolment: Int)?
    var authorities: Int?
    var audit: (lastSequence: Int64, failedSignIns: Int)?
    /// The latest changes to access that took two administrators, for those who watch them.
    var accessChanges: [Administration.AccessChange]?
    /// The ILO network today: officers posted, those this node recorded, regions without one.
    var deployments: (posted: Int, recordedHere: Int, gaps: Int)?
    /// Strategic reports published in the network, and this node's drafts.
    var reports: (published: Int, drafts: Int)?
    /// This node's directory entries that are stale or due soon.
    var directoryDue: Int?
    /// Local networks, and those with an officer of this node.
    var networks: (all: Int, member: Int)?
    /// The Board's open votes, and the day of its next meeting.
    var board: (openVotes: Int, nextMeeting: String?)?
}

extension Principal {
    /// Whether the ILO network is this user's work (and so opens their dashboard).
    var worksInILONetwork: Bool { !roles.isDisjoint(with: [.liaisonOfficer, .steeringBoardMember, .rapporteur]) }
}

/// The landing page: counts and deadlines for the user's roles, never personal data.
struct DashboardView {
    struct Tile {
        let id: String
        let title: String
        var value: String? = nil
        let text: String
        var href: String? = nil
        var link: String? = nil
    }

    struct Deadline {
        let href: String
        let label: String
        let deadline: String
        var dueIn: String? = nil
        let overdue: Bool
    }

    let today: String
    let tiles: [Tile]
    let deadlines: [Deadline]
    // Stored, not computed: templates find properties by reflection.
    let hasDeadlines: Bool
    /// "Answer from Germany · 2026-12-01 10:00 UTC", linked; nil when the reader follows no exchanges.
    var arrivals: [Deadline]? = nil
    var hasArrivals = false
    /// Lines like "2026-12-01 10:00 · anna.admin asked for ct-officer for jan.user · waiting".
    let accessChanges: [String]
    let showsAccessChanges: Bool

    init(today: String, tiles: [Tile], deadlines: [Deadline], accessChanges: [String]? = nil) {
        self.today = today
        self.tiles = tiles
        self.deadlines = deadlines
        self.hasDeadlines = !deadlines.isEmpty
        self.accessChanges = accessChanges ?? []
        self.showsAccessChanges = accessChanges != nil
    }
}

extension DashboardView {
    /// The tiles in the order a reader needs them: their work first, then the node's state,
    /// then who they are. A figure shows only to the roles that may see it, whatever was gathered.
    init(principal: Principal, figures: DashboardFigures, strings t: Strings, now: Date) {
        var tiles: [Tile] = []
        var deadlines: [Deadline] = []
        if principal.may(.answerRequests), let open = figures.openRequests {
            tiles.append(.init(id: "inbox", title: t("tile.inbox.title"), value: String(open.count), text: t("tile.inbox.text"), href: "/inbox", link: t("tile.inbox.link")))
            deadlines = open.prefix(10).map { row in
                .exchange(row, label: "\(t("exchange.kind.exchange.request")) \(t("exchange.from")) \(t.stateName(row.counterpartState))", strings: t, now: now)
            }
        }
        if principal.may(.sendExchanges), let awaited = figures.awaitedAnswers {
            deadlines += awaited.prefix(10).map { row in
                .exchange(row, label: t("dashboard.awaitedAnswer", ["state": t.stateName(row.counterpartState)]), strings: t, now: now)
            }
        }
        if principal.may(.approveExchanges), let waiting = figures.awaitingApproval {
            tiles.append(
                .init(id: "approvals", title: t("tile.approvals.title"), value: String(waiting), text: t("tile.approvals.text"), href: "/approvals", link: t("tile.approvals.link")))
        }
        if principal.may(.decideMatches), let waiting = figures.matchesToDecide {
            tiles.append(
                .init(id: "matches", title: t("tile.matches.title"), value: String(waiting), text: t("tile.matches.text"), href: "/matches", link: t("tile.matches.link")))
        }
        if principal.may(.rectifyData), let asked = figures.rectificationsAsked, asked > 0 {
            tiles.append(
                .init(
                    id: "rectifications", title: t("tile.rectifications.title"), value: String(asked), text: t("tile.rectifications.text"),
                    href: "/rectifications", link: t("tile.rectifications.link")))
        }
        if principal.may(.handleAccessRequests), let open = figures.accessRequests {
            tiles.append(
                .init(
                    id: "access-requests", title: t("tile.accessRequests.title"), value: String(open.count), text: t("tile.accessRequests.text"),
                    href: "/dpo/access-requests", link: t("tile.accessRequests.link")))
            let today = DisplayFormat.day(now)
            deadlines += open.prefix(10).map { row in
                Deadline(
                    href: "/dpo/access-requests/\(row.reference)", label: "\(t("subjectAccess.request")) \(row.reference)", deadline: row.dueOn,
                    overdue: row.dueOn < today)
            }
        }
        if principal.may(.viewAlerts), let unseen = figures.unseenAlerts {
            tiles.append(.init(id: "alerts", title: t("tile.alerts.title"), value: String(unseen), text: t("tile.alerts.text"), href: "/alerts", link: t("tile.alerts.link")))
        }
        if principal.worksInILONetwork, principal.may(.viewDeployments), let deployments = figures.deployments {
            tiles.append(
                .init(
                    id: "deployments", title: t("tile.deployments.title"), value: String(deployments.posted),
                    text: t("tile.deployments.text", ["here": String(deployments.recordedHere), "gaps": String(deployments.gaps)]), href: "/deployments",
                    link: principal.may(.manageDeployments) ? t("tile.deployments.record") : t("tile.deployments.link")))
        }
        if principal.worksInILONetwork, principal.may(.viewReports), let reports = figures.reports {
            tiles.append(
                .init(
                    id: "reports", title: t("tile.reports.title"), value: String(reports.published),
                    text: principal.may(.writeReports) ? t.plural("tile.reports.drafts", count: reports.drafts) : t("tile.reports.text"), href: "/reports",
                    link: principal.may(.writeReports) ? t("tile.reports.link") : t("tile.reports.read")))
        }
        if principal.may(.manageAuthorities), let due = figures.directoryDue, due > 0 {
            tiles.append(
                .init(
                    id: "directory", title: t("tile.directory.title"), value: String(due), text: t("tile.directory.text"), href: "/admin/authorities",
                    link: t("tile.directory.link")))
        }
        if principal.may(.manageLocalNetworks), let networks = figures.networks {
            tiles.append(
                .init(
                    id: "networks", title: t("tile.networks.title"), value: String(networks.member),
                    text: t("tile.networks.text", ["all": String(networks.all)]), href: "/networks", link: t("tile.networks.link")))
        }
        if principal.may(.viewBoard), !principal.may(.manageLocalNetworks), let board = figures.board {
            tiles.append(
                .init(
                    id: "board", title: t("tile.board.title"), value: String(board.openVotes),
                    text: board.nextMeeting.map { t("tile.board.next", ["day": $0]) } ?? t("tile.board.noMeeting"), href: "/board",
                    link: principal.may(.voteInBoard) ? t("tile.board.vote") : t("tile.board.link")))
        }
        if principal.may(.manageUsers), let users = figures.users {
            tiles.append(
                .init(
                    id: "users", title: t("tile.users.title"), value: String(users.total),
                    text: users.pendingEnrolment == 0 ? t("tile.users.allEnrolled") : t.plural("tile.users.pending", count: users.pendingEnrolment),
                    href: "/admin/users", link: t("tile.users.link")))
        }
        if principal.may(.manageUsers), let authorities = figures.authorities {
            tiles.append(
                .init(
                    id: "authorities", title: t("tile.authorities.title"), value: String(authorities), text: t("tile.authorities.text"),
                    href: "/admin/authorities", link: t("tile.authorities.link")))
        }
        if principal.may(.viewAuditTrail), let audit = figures.audit {
            tiles.append(
                .init(
                    id: "audit", title: t("tile.audit.title"), value: String(audit.lastSequence), text: t.plural("tile.audit.failures", count: audit.failedSignIns),
                    href: "/audit", link: t("tile.audit.link")))
        }
        var accessLines: [String]?
        if principal.may(.viewUsers), let changes = figures.accessChanges {
            let waiting = changes.filter(\.isOpen).count
            tiles.append(
                .init(
                    id: "access", title: t("tile.access.title"), value: String(waiting), text: t.plural("tile.access.waiting", count: waiting),
                    href: "/admin/access-changes", link: t("tile.access.link")))
            accessLines = changes.prefix(5).map { row in
                t(
                    "dashboard.accessLine",
                    [
                        "when": DisplayFormat.minute(row.change.requestedAt), "by": row.requestedBy, "user": row.username,
                        "kind": t("access.kind.\(row.change.kind.rawValue)"), "roles": t.roles(row.change.roles),
                        "state": t("access.state.\(row.expired ? "expired" : row.change.state.rawValue)"),
                    ])
            }
        }
        tiles.append(
            .init(
                id: "authority", title: t("tile.authority.title"),
                text: t("tile.authority.text", ["authority": principal.authority.name, "kind": t("kind.\(principal.authority.kind.rawValue)")])))
        tiles.append(.init(id: "account", title: t("tile.account.title"), text: t("tile.account.text"), href: "/account", link: t("tile.account.link")))
        self.init(today: DisplayFormat.day(now), tiles: tiles, deadlines: deadlines, accessChanges: accessLines)
        if principal.may(.viewExchanges), let arrived = figures.arrivals {
            arrivals = arrived.prefix(10).map { row in
                let what = t.lookup("arrival.\(row.arrival)") ?? row.arrival
                let state = t.stateName(row.counterpartState)
                return Deadline(
                    href: "/exchanges/\(row.id)", label: t("dashboard.arrivalLine", ["arrival": what.prefix(1).uppercased() + what.dropFirst(), "state": state]),
                    deadline: DisplayFormat.minute(row.at), overdue: false)
            }
            hasArrivals = !arrived.isEmpty
        }
    }
}

extension DashboardView.Deadline {
    /// An exchange whose answer is due, with the time left.
    static func exchange(_ row: DashboardFigures.OpenRequest, label: String, strings: Strings, now: Date) -> Self {
        .init(
            href: "/exchanges/\(row.id)", label: label, deadline: row.deadline.map(DisplayFormat.minute) ?? "",
            dueIn: row.deadline.map { DisplayFormat.countdown(to: $0, now: now, strings: strings) }, overdue: row.deadline.map { $0 < now } ?? false)
    }
}
