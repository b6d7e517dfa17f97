import Foundation

/// A person as known to a node: one line of `liaison match --records`. Only `id` and one name
/// are required; names may be in any script.
public struct IdentityRecord: Sendable, Codable, Equatable {
    public var id: String
    public var givenNames: String?
    public var familyNames: String?
    public var aliases: [String]
    /// "M", "F" or "X"; anything else is treated as unknown.
    public var sex: String?
    /// "YYYY-MM-DD", "YYYY-MM" or "YYYY".
    public var birthDate: String?
    /// ICAO 3-letter code.
    public var nationality: String?
    public var documentNumber: String?

    public init(
        id: String, givenNames: String? = nil, familyNames: String? = nil, aliases: [String] = [],
        sex: String? = nil, birthDate: String? = nil, nationality: String? = nil, documentNumber: String? = nil
    ) {
        self.id = id
        self.givenNames = givenNames
        self.familyNames = familyNames
        self.aliases = aliases
        self.sex = sex
        self.birthDate = birthDate
        self.nationality = nationality
        self.documentNumber = documentNumber
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        givenNames = try c.decodeIfPresent(String.self, forKey: .givenNames)
        familyNames = try c.decodeIfPresent(String.self, forKey: .familyNames)
        aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
        sex = try c.decodeIfPresent(String.self, forKey: .sex)
        birthDate = try c.decodeIfPresent(String.self, forKey: .birthDate)
        nationality = try c.decodeIfPresent(String.self, forKey: .nationality)
        documentNumber = try c.decodeIfPresent(String.self, forKey: .documentNumber)
    }

    /// True when at least one name is present, the minimum for matching.
    public var hasName: Bool {
        !(givenNames ?? "").isEmpty || !(familyNames ?? "").isEmpty || aliases.contains { !$0.isEmpty }
    }
}

/// What is being looked for. Same fields as a record; the id only labels the query.
public typealias IdentityQuery = IdentityRecord

/// One ranked suggestion. `score` is in [0, 1]; `isMatch` is `score >= IdentityIndex.matchThreshold`.
/// It suggests the same person or not; a person decides.
public struct MatchCandidate: Sendable, Codable, Equatable {
    public var id: String
    public var score: Double
    public var isMatch: Bool
    public var explanation: String

    enum CodingKeys: String, CodingKey {
        case id, score, isMatch = "match", explanation
    }

    public init(id: String, score: Double, isMatch: Bool, explanation: String) {
        self.id = id
        self.score = score
        self.isMatch = isMatch
        self.explanation = explanation
    }
}
