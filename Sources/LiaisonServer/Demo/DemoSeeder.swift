import FluentKit
import Foundation
import LiaisonAccess
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore

/// Demo data for one node: its authorities and one user per role, with credentials set
/// directly so that the demo can be used at once. Never used outside `liaison demo` and tests.
public struct DemoSeeder: Sendable {
    public struct DemoUser: Codable, Sendable {
        public var username: String
        public var displayName: String
        public var roles: [String]
        public var authority: String
        public var password: String
        public var totpSecret: String
        public var apiToken: String
    }

    let services: LiaisonServices

    public init(services: LiaisonServices) { self.services = services }

    struct Plan {
        let handle: String
        let role: Role
        let name: String
        let authorityKind: AuthorityKind
    }

    static let people: [Plan] = [
        Plan(handle: "admin", role: .nodeAdministrator, name: "Anne Peeters", authorityKind: .immigrationAsylum),
        Plan(handle: "imm", role: .immigrationOfficer, name: "Lucas Janssens", authorityKind: .immigrationAsylum),
        Plan(handle: "ct", role: .counterTerrorismOfficer, name: "Sofie Maes", authorityKind: .counterTerrorism),
        Plan(handle: "supervisor", role: .supervisor, name: "Marc Dubois", authorityKind: .immigrationAsylum),
        Plan(handle: "ilo", role: .liaisonOfficer, name: "Emma Claes", authorityKind: .immigrationAsylum),
        Plan(handle: "board", role: .steeringBoardMember, name: "Pieter Willems", authorityKind: .immigrationAsylum),
        Plan(handle: "rapporteur", role: .rapporteur, name: "Claire Lambert", authorityKind: .immigrationAsylum),
        Plan(handle: "dpo", role: .dataProtectionOfficer, name: "Nora Goossens", authorityKind: .immigrationAsylum),
        Plan(handle: "auditor", role: .auditor, name: "Tom Wouters", authorityKind: .immigrationAsylum),
        // A second administrator, so that the changes which take two (docs/SECURITY.md) can be tried.
        Plan(handle: "admin2", role: .nodeAdministrator, name: "Jonas Mertens", authorityKind: .immigrationAsylum),
    ]

    static func authorityNames(for state: ParticipatingState) -> [AuthorityKind: String] {
        if state.membership == .commission {
            return [.commission: "European Commission — Migration and Home Affairs"]
        }
        return [
            .immigrationAsylum: "\(state.name) — immigration and asylum contact point",
            .counterTerrorism: "\(state.name) — counter-terrorism contact point",
        ]
    }

    public func seed() async throws -> [DemoUser] {
        let configuration = services.configuration
        guard let state = configuration.state else { throw AppError.invalid("Unknown state \(configuration.stateCode).") }
        let db = services.db
        var authorities: [AuthorityKind: AuthorityModel] = [:]
        for (kind, name) in Self.authorityNames(for: state) {
            let authority = AuthorityModel(name: name, kind: kind, stateCode: state.code)
            try await authority.create(on: db)
            authorities[kind] = authority
        }
        var users: [DemoUser] = []
        let prefix = state.code.lowercased()
        for plan in Self.people {
            let username = "\(prefix).\(plan.handle)"
            guard let authority = authorities[plan.authorityKind] ?? authorities[.commission] else { continue }
            let user = UserModel(username: username, displayName: plan.name, authorityID: try authority.requireID(), roles: [plan.role])
            try await user.create(on: db)
            let password = Self.demoPassword()
            let totp = TOTP.generate()
            _ = try await services.auth.setCredentials(for: user, password: password, totp: totp)
            let token = try await services.auth.issueToken(
                userID: try user.requireID(), actor: "demo", name: "demo token", lifetimeDays: 30, requestID: nil)
            users.append(
                DemoUser(
                    username: username, displayName: plan.name, roles: [plan.role.rawValue], authority: authority.name,
                    password: password, totpSecret: totp.base32Secret, apiToken: token.token))
        }
        try await seedContactPoints(state: state, authorities: authorities)
        if state.membership != .commission { try await seedRecords(state: state.code) }
        try await DemoDeployments.seed(services.network, state: state.code, now: services.clock())
        try await DemoReports.seed(services.network, state: state.code)
        try await DemoNetworks.seed(services.network, state: state.code, now: services.clock())
        return users
    }

    /// Contact points for every demo authority; Germany's counter-terrorism entry was last
    /// confirmed seven months ago, so that the directory shows a stale entry and its reminder.
    /// The Board members, rapporteurs and administrators are cleared for the overview.
    func seedContactPoints(state: ParticipatingState, authorities: [AuthorityKind: AuthorityModel]) async throws {
        let administration = services.administration
        let languages: [String: [String]] = ["BE": ["nl", "fr", "en"], "DE": ["de", "en"], "FR": ["fr", "en"], "EU": ["en", "fr"]]
        for (kind, authority) in authorities.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let unit = kind == .counterTerrorism ? "Counter-terrorism coordination desk" : kind == .commission ? "Unit for migration and security" : "Contact point for CT cooperation"
            let contact = ContactDetails(
                unit: unit, mailbox: "\(kind.rawValue)@\(state.code.lowercased()).liaison.example", phone: "+00 2 000 00 \(kind == .counterTerrorism ? "10" : "20")",
                hours: kind == .counterTerrorism ? "24/7" : "Mon–Fri 08:00–18:00 CET; on call at night", languages: languages[state.code] ?? ["en"],
                central: kind != .counterTerrorism,
                arrangements: "Requests from the counter-terrorism authority reach the immigration contact point through Liaison; answers within 8 hours when urgent, 7 days otherwise.")
            _ = try await administration.setContact(try authority.requireID(), to: contact, actor: "demo", requestID: nil)
            if state.code == "DE" && kind == .counterTerrorism {
                let confirmed = Calendar(identifier: .gregorian).date(byAdding: .month, value: -7, to: services.clock()) ?? services.clock()
                authority.confirmedAt = confirmed
                authority.reconfirmBy = ContactDetails.reconfirmBy(confirmed, months: administration.reconfirmationMonths)
                try await authority.save(on: services.db)
            }
        }
        let cleared: Set<Role> = [.steeringBoardMember, .rapporteur, .nodeAdministrator]
        for user in try await administration.users() where !user.roles.isDisjoint(with: cleared) {
            _ = try await administration.setClearance(try user.requireID(), cleared: true, actor: "demo", requestID: nil)
        }
    }

    /// The immigration authority's demo records, written directly: they stand for a national
    /// registry that existed before Liaison, so they raise no alerts and leave no audit entries.
    func seedRecords(state: String) async throws {
        let records = DemoRecords.records(state: state)
        let now = services.clock()
        try await services.db.transaction { tx in
            for record in records {
                try await AdministrativeRecordModel(
                    reference: record.reference, subject: try ExchangeService.encode(record.subject),
                    situation: try ExchangeService.encode(record.situation), rightToStay: record.situation.rightToStay.rawValue, now: now
                ).create(on: tx)
            }
        }
    }

    /// Random per run: a demo must not teach people a password that works elsewhere.
    static func demoPassword() -> String {
        let words = ["harbour", "lantern", "meadow", "granite", "violet", "compass", "orchard", "beacon", "timber", "glacier"]
        var generator = SystemRandomNumberGenerator()
        let chosen = (0..<3).map { _ in words.randomElement(using: &generator)! }
        return chosen.joined(separator: "-") + "-" + String(Int.random(in: 10...99, using: &generator))
    }
}
