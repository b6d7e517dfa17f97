import Foundation
import Hummingbird
import LiaisonCore
import LiaisonExchange
import LiaisonILO
import LiaisonNode
import LiaisonStore

/// The landing page: what each role should see first.
struct DashboardRoutes {
    let services: LiaisonServices

    func register(on routes: ProtectedRoutes) {
        routes.get("/dashboard", .viewDashboard) { _, context in
            let strings = services.renderer.strings(context)
            let view = DashboardView(
                principal: context.principal, figures: try await figures(for: context), strings: strings, now: services.clock())
            return services.renderer.page(
                "dashboard", title: strings("dashboard.title"), request: context, principal: context.principal, currentPath: "/dashboard", view: view)
        }
    }

    /// The counts the reader's roles may see, and nothing else.
    private func figures(for context: AuthenticatedContext) async throws -> DashboardFigures {
        let principal = context.principal, actor = context.exchangeActor
        var figures = DashboardFigures()
        if principal.may(.answerRequests) {
            figures.openRequests = try await services.exchange.openRequests(for: actor).map {
                .init(id: $0.id?.uuidString ?? "", counterpartState: $0.counterpartState, deadline: $0.deadline)
            }
        }
        if principal.may(.viewExchanges) {
            figures.arrivals = try await services.exchange.unread(for: actor).map {
                .init(id: $0.id?.uuidString ?? "", arrival: $0.arrival ?? "", counterpartState: $0.counterpartState, at: $0.arrivedAt ?? $0.createdAt)
            }
        }
        if principal.may(.sendExchanges) {
            figures.awaitedAnswers = try await services.exchange.awaitedAnswers(for: actor).map {
                .init(id: $0.id?.uuidString ?? "", counterpartState: $0.counterpartState, deadline: $0.deadline)
            }
        }
        if principal.may(.approveExchanges) { figures.awaitingApproval = try await services.exchange.awaitingApproval(for: actor).count }
        if principal.may(.decideMatches) { figures.matchesToDecide = try await services.exchange.matchesToDecide(for: actor) }
        if principal.may(.rectifyData) { figures.rectificationsAsked = try await services.exchange.rectificationsAsked(for: actor).count }
        if principal.may(.handleAccessRequests) {
            figures.accessRequests = try await services.exchange.accessRequests().filter { $0.state == .open }.map { ($0.reference, $0.dueOn) }
        }
        if principal.may(.viewAlerts) { figures.unseenAlerts = try await services.exchange.unacknowledgedAlerts(for: actor) }
        if principal.may(.manageUsers) {
            figures.users = try await services.administration.userCounts()
            figures.authorities = try await services.administration.authorityCount()
        }
        if principal.may(.manageAuthorities) {
            figures.directoryDue = try await services.administration.entriesToReconfirm().count
        }
        if principal.worksInILONetwork {
            let everyone = try await services.network.deployments(.init(includeEnded: true))
            let coverage = DeploymentCoverage(everyone.map(\.deployment), on: services.network.today)
            let own = everyone.filter { $0.own && DeploymentFilter().admits($0) }.count
            figures.deployments = (coverage.officers, own, coverage.regions.filter(\.isGap).count)
            let reports = try await services.network.reports()
            figures.reports = (reports.filter(\.published).count, reports.filter { $0.own && !$0.published }.count)
        }
        if principal.may(.manageLocalNetworks) {
            let networks = try await services.network.localNetworks()
            figures.networks = (networks.count, networks.filter(\.isMemberNode).count)
        }
        if principal.may(.viewBoard) {
            let today = services.network.today
            figures.board = (
                try await services.network.boardDecisions().filter { $0.record.state == .open }.count,
                try await services.network.boardMeetings().map(\.record.day).filter { $0 >= today }.min()
            )
        }
        if principal.may(.viewUsers) { figures.accessChanges = try await services.administration.accessChanges(limit: 20) }
        if principal.may(.viewAuditTrail) {
            figures.audit = try await services.administration.auditSummary(failedSignInsSince: services.clock().addingTimeInterval(-86400))
        }
        return figures
    }
}
