import Foundation

/// The identity of the person an exchange is about: the identity half of rule R4, and
/// nothing else. Names may be in any script.
public struct PersonIdentity: Sendable, Codable, Hashable {
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
        self.nationalities = nationalities.map(Nationality.spelled)
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
        // Canonical from the first moment, whoever sent it: "D<<", "deu" and "D" are one nationality (R5).
        nationalities = (try c.decodeIfPresent([String].self, forKey: .nationalities) ?? []).map(Nationality.spelled)
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

    /// Refuses a nationality that is no ICAO 9303 nationality code in any spelling.
    func validateNationalityCodes() throws(PolicyError) {
        for (index, code) in nationalities.enumerated() where Nationality.canonical(code) == nil {
            throw ContentFormat.invalid("nationalities[\(index)]", "is not an ICAO 9303 nationality code (XXA stateless, XXX unknown)")
        }
    }

    /// Every field's problem at once, by field (`documents[0]`…): a form shows them all
    /// together. The same checks as `validate()`, which stops at the first.
    public func problems() -> [String: String] {
        var found: [String: String] = [:]
        func check(_ field: String, _ body: () throws -> Void) {
            do { try body() } catch { found[field] = (error as? PolicyError)?.detail ?? "is not valid" }
        }
        check("familyNames") { try ContentFormat.name(familyNames, "familyNames", required: true) }
        check("givenNames") { try ContentFormat.name(givenNames, "givenNames") }
        check("sex") { if let sex, !["M", "F", "X"].contains(sex) { throw ContentFormat.invalid("sex", "is M, F or X") } }
        check("birthDate") {
            if let birthDate, !ContentFormat.isBirthDate(birthDate) {
                throw ContentFormat.invalid("birthDate", "is a date YYYY-MM-DD, YYYY-MM or YYYY (00 for an unknown month or day), not after today")
            }
        }
        check("placeOfBirth") { try ContentFormat.name(placeOfBirth, "placeOfBirth", allowDigits: true) }
        check("nationalities") { try validateNationalityCodes() }
        for (index, document) in documents.enumerated() { check("documents[\(index)]") { try document.validate(at: "documents[\(index)]") } }
        return found
    }

    /// Checks the type, format and length of every field (R4); the rules (R5) are checked by
    /// `ExchangeRules`. The same check runs on every path: page, API, import, and receiver.
    public func validate() throws(PolicyError) {
        try ContentFormat.name(familyNames, "familyNames", required: true)
        try ContentFormat.name(givenNames, "givenNames")
        guard aliases.count <= 20, documents.count <= 10, nationalities.count <= 5 else {
            throw PolicyError(.invalidContent, detail: "At most 20 aliases, 10 documents and 5 nationalities.")
        }
        for (index, alias) in aliases.enumerated() { try ContentFormat.name(alias, "aliases[\(index)]", required: true) }
        if let sex, !["M", "F", "X"].contains(sex) { throw ContentFormat.invalid("sex", "is M, F or X") }
        if let birthDate, !ContentFormat.isBirthDate(birthDate) {
            throw ContentFormat.invalid("birthDate", "is a date YYYY-MM-DD, YYYY-MM or YYYY (00 for an unknown month or day), not after today")
        }
        try ContentFormat.name(placeOfBirth, "placeOfBirth", allowDigits: true)
        try validateNationalityCodes()
        for (index, document) in documents.enumerated() { try document.validate(at: "documents[\(index)]") }
    }
}

public struct TravelDocument: Sendable, Codable, Hashable {
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
        canonicalise()
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(String.self, forKey: .type)
        number = try c.decode(String.self, forKey: .number)
        issuingState = try c.decode(String.self, forKey: .issuingState)
        expiryDate = try c.decodeIfPresent(String.self, forKey: .expiryDate)
        canonicalise()
    }

    /// One spelling per document: upper case, without the blanks and `<` fillers of an MRZ.
    private mutating func canonicalise() {
        type = Nationality.compacted(type)
        number = Nationality.compacted(number)
        issuingState = Nationality.spelled(issuingState)
    }

    /// ICAO document codes: P passport, I, A or C identity card, V visa, R residence permit,
    /// optionally followed by a letter of the issuer's choosing.
    static func isDocumentCode(_ code: String) -> Bool {
        let scalars = Array(code.unicodeScalars)
        guard (1...2).contains(scalars.count), "PIACVR".unicodeScalars.contains(scalars[0]) else { return false }
        return scalars.count == 1 || ("A"..."Z").contains(scalars[1])
    }

    func validate(at path: String) throws(PolicyError) {
        guard Self.isDocumentCode(type) else { throw ContentFormat.invalid("\(path).type", "is an ICAO document code (P, I, A, C, V or R, and an optional letter)") }
        guard (1...20).contains(number.unicodeScalars.count), number.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) else {
            throw ContentFormat.invalid("\(path).number", "is 1 to 20 letters and digits")
        }
        guard Nationality.canonical(issuingState, allowingOrganisations: true) != nil else {
            throw ContentFormat.invalid("\(path).issuingState", "is an ICAO 9303 code of a state or organisation")
        }
        if let expiryDate, !ContentFormat.isCalendarDay(expiryDate) { throw ContentFormat.invalid("\(path).expiryDate", "is a date YYYY-MM-DD") }
    }
}
