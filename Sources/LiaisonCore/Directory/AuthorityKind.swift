/// The kind of an authority decides which rules apply to what it sends (R1, R2).
public enum AuthorityKind: String, Sendable, Codable, CaseIterable {
    case immigrationAsylum = "immigration-asylum"
    case counterTerrorism = "counter-terrorism"
    case borderManagement = "border-management"
    case commission = "commission"
    case euAgency = "eu-agency"
}

/// An authority of a node, as the domain sees it.
public struct Authority: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var kind: AuthorityKind
    public var stateCode: String

    public init(id: String, name: String, kind: AuthorityKind, stateCode: String) {
        self.id = id
        self.name = name
        self.kind = kind
        self.stateCode = stateCode
    }
}
