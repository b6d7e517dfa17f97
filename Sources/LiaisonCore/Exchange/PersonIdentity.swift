import Foundation

/// The identity of the person an exchange is about: the identity half of rule R4, and
/// nothing else. Names may be in any script.
public struct PersonIdentity: Sendable, Codable, Equatable {
    public var familyNames: String
    public var givenNames: String?
    public var aliases: [String]
    /// "M", "F" or "X".
    public var sex: String?
    /// "YYYY-MM-DD", "YYYY-MM" or "YYYY".
    public var birthDate: String?
    public var placeOfBirth: String?
    /// ICAO 9303 three-letter codes; XXA stateless, XXX unknown.
    public var nationalities: [String]
    public var documents: [TravelDocument]

    public init(
        familyNames: String, givenNames: String? = nil, aliases: [String] = [], sex: String? = nil, birthDate: String? = nil,
        placeOfBirth: String? = nil, nationalities: [String] = [], documents: [TravelDocument] = []
    ) {
        self.familyNames = familyNames
        self.givenNames = givenNames
        self.aliases = aliases
        self.sex = sex
        self.birthDate = birthDate
        self.placeOfBirth = placeOfBirth
        self.nationalities = nationalities
        self.documents = documents
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        familyNames = try c.decode(String.self, forKey: .familyNames)
        givenNames = try c.decodeIfPresent(String.self, forKey: .givenNames)
        aliases = try c.decodeIfPresent([String].self, forKey: .aliases) ?? []
        sex = try c.decodeIfPresent(String.self, forKey: .sex)
        birthDate = try c.decodeIfPresent(String.self, forKey: .birthDate)
        placeOfBirth = try c.decodeIfPresent(String.self, forKey: .placeOfBirth)
        nationalities = try c.decodeIfPresent([String].self, forKey: .nationalities) ?? []
        documents = try c.decodeIfPresent([TravelDocument].self, forKey: .documents) ?? []
    }

    /// "AL-HASHIMI, Omar" as officials write it.
    public var displayName: String {
        [familyNames, givenNames].compactMap { $0?.isEmpty == false ? $0 : nil }.joined(separator: ", ")
    }

    /// The same person as the matcher sees it.
    public func identityRecord(id: String) -> IdentityRecord {
        IdentityRecord(
            id: id, givenNames: givenNames, familyNames: familyNames, aliases: aliases, sex: sex, birthDate: birthDate,
            nationality: nationalities.first, documentNumber: documents.first?.number)
    }

    /// Checks shape and sizes; the rules (R5) are checked by `ExchangeRules`.
    public func validate() throws(PolicyError) {
        func invalid(_ detail: String) -> PolicyError { PolicyError(.invalidContent, detail: detail) }
        guard !familyNames.trimmingCharacters(in: .whitespaces).isEmpty else { throw invalid("The family name is required.") }
        for name in [familyNames, givenNames ?? "", placeOfBirth ?? ""] + aliases where name.count > 200 {
            throw invalid("Names and places are at most 200 characters.")
        }
        guard aliases.count <= 20, documents.count <= 10, nationalities.count <= 5 else {
            throw invalid("At most 20 aliases, 10 documents and 5 nationalities.")
        }
        if let sex, !["M", "F", "X"].contains(sex) { throw invalid("Sex is M, F or X.") }
        if let birthDate, BirthDate(birthDate) == nil { throw invalid("The date of birth is YYYY-MM-DD, YYYY-MM or YYYY.") }
        for code in nationalities where !Self.isICAOCode(code) {
            throw invalid("Nationalities are ICAO three-letter codes (XXA stateless, XXX unknown).")
        }
        for document in documents { try document.validate() }
    }

    static func isICAOCode(_ code: String) -> Bool {
        (1...3).contains(code.count) && code.allSatisfy { $0.isASCII && ($0.isUppercase || $0 == "<") }
    }
}

public struct TravelDocument: Sendable, Codable, Equatable {
    /// The ICAO document code: P passport, I or A or C identity card, V visa, R residence permit.
    public var type: String
    public var number: String
    public var issuingState: String
    public var expiryDate: String?

    public init(type: String, number: String, issuingState: String, expiryDate: String? = nil) {
        self.type = type
        self.number = number
        self.issuingState = issuingState
        self.expiryDate = expiryDate
    }

    func validate() throws(PolicyError) {
        guard (1...2).contains(type.count), (1...20).contains(number.count), PersonIdentity.isICAOCode(issuingState) else {
            throw PolicyError(.invalidContent, detail: "A travel document has a type, a number of at most 20 characters and an ICAO issuing state.")
        }
    }
}
