import Foundation

/// The roles of PRODUCT.md. A user may hold several; permissions are the union.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case nodeAdministrator = "node-administrator"
    case immigrationOfficer = "immigration-officer"
    case counterTerrorismOfficer = "ct-officer"
    case supervisor = "supervisor"
    case liaisonOfficer = "liaison-officer"
    case steeringBoardMember = "steering-board-member"
    case rapporteur = "rapporteur"
    case dataProtectionOfficer = "data-protection-officer"
    case auditor = "auditor"

    public var title: String {
        switch self {
        case .nodeAdministrator: "Node administrator"
        case .immigrationOfficer: "Immigration contact point officer"
        case .counterTerrorismOfficer: "Counter-terrorism officer"
        case .supervisor: "Supervisor"
        case .liaisonOfficer: "Immigration liaison officer"
        case .steeringBoardMember: "Steering Board member"
        case .rapporteur: "Rapporteur"
        case .dataProtectionOfficer: "Data protection officer"
        case .auditor: "Auditor"
        }
    }

    /// Roles whose work shows personal data. For them a second factor is not optional.
    public var seesPersonalData: Bool {
        switch self {
        case .immigrationOfficer, .counterTerrorismOfficer, .supervisor, .liaisonOfficer,
            .dataProtectionOfficer:
            true
        case .nodeAdministrator, .steeringBoardMember, .rapporteur, .auditor:
            false
        }
    }

    /// Roles that take two administrators to give (docs/SECURITY.md, dual control): those that
    /// see personal data, and administration itself, since a second administrator account under
    /// one person's control would approve that person's own requests.
    public var needsDualControl: Bool { seesPersonalData || self == .nodeAdministrator }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }

    /// Parses a comma-separated list as stored and as typed in the CLI; unknown names are an error.
    public static func parseList(_ text: String) throws(PolicyError) -> Set<Role> {
        var roles = Set<Role>()
        for part in text.split(separator: ",") {
            let name = part.trimmingCharacters(in: .whitespaces)
            guard let role = Role(rawValue: name) else { throw PolicyError(.unknownRole, detail: "Unknown role “\(name)”.") }
            roles.insert(role)
        }
        return roles
    }

    public static func storageForm(_ roles: Set<Role>) -> String {
        roles.sorted().map(\.rawValue).joined(separator: ",")
    }
}

extension Set where Element == Role {
    /// Second factor is required when any held role sees personal data.
    public var requiresSecondFactor: Bool { contains { $0.seesPersonalData } }
}
