/// A state that runs a node: the 27 Member States, the four Schengen-associated states,
/// and the Commission's own node (code `EU`).
public struct ParticipatingState: Sendable, Hashable, Codable, Comparable {
    /// ISO 3166-1 alpha-2 code (`EU` for the Commission).
    public let code: String
    /// ICAO 9303 three-letter code, as printed in travel documents (`EUE` for the Commission).
    public let icaoCode: String
    public let name: String
    public let membership: Membership

    public enum Membership: String, Sendable, Codable {
        case memberState
        case schengenAssociated
        case commission
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.code < rhs.code }

    /// Looks a state up by its two-letter or three-letter code, case-insensitively.
    /// Greece is accepted as both `GR` (ISO) and `EL` (EU usage).
    public static func named(_ code: String) -> ParticipatingState? {
        let code = code.uppercased()
        let normalised = code == "EL" ? "GR" : code
        return all.first { $0.code == normalised || $0.icaoCode == normalised }
    }

    /// Whether a person of this nationality, in any spelling, is an EU/Schengen national (R5).
    public static func isParticipatingNationality(_ icaoCode: String) -> Bool {
        Nationality.participatingState(of: icaoCode) != nil
    }

    public static let all: [ParticipatingState] = {
        let members: [(String, String, String)] = [
            ("AT", "AUT", "Austria"), ("BE", "BEL", "Belgium"), ("BG", "BGR", "Bulgaria"),
            ("HR", "HRV", "Croatia"), ("CY", "CYP", "Cyprus"), ("CZ", "CZE", "Czechia"),
            ("DK", "DNK", "Denmark"), ("EE", "EST", "Estonia"), ("FI", "FIN", "Finland"),
            ("FR", "FRA", "France"), ("DE", "D", "Germany"), ("GR", "GRC", "Greece"),
            ("HU", "HUN", "Hungary"), ("IE", "IRL", "Ireland"), ("IT", "ITA", "Italy"),
            ("LV", "LVA", "Latvia"), ("LT", "LTU", "Lithuania"), ("LU", "LUX", "Luxembourg"),
            ("MT", "MLT", "Malta"), ("NL", "NLD", "Netherlands"), ("PL", "POL", "Poland"),
            ("PT", "PRT", "Portugal"), ("RO", "ROU", "Romania"), ("SK", "SVK", "Slovakia"),
            ("SI", "SVN", "Slovenia"), ("ES", "ESP", "Spain"), ("SE", "SWE", "Sweden"),
        ]
        let associated: [(String, String, String)] = [
            ("IS", "ISL", "Iceland"), ("LI", "LIE", "Liechtenstein"),
            ("NO", "NOR", "Norway"), ("CH", "CHE", "Switzerland"),
        ]
        return members.map { ParticipatingState(code: $0.0, icaoCode: $0.1, name: $0.2, membership: .memberState) }
            + associated.map { ParticipatingState(code: $0.0, icaoCode: $0.1, name: $0.2, membership: .schengenAssociated) }
            + [ParticipatingState(code: "EU", icaoCode: "EUE", name: "European Commission", membership: .commission)]
    }()
}
