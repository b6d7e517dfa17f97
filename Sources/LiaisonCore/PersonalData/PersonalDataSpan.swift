import Foundation

/// What a span of text was found to be. The raw values are the `kind`s of `liaison pii-check`
/// and of the API.
public enum PersonalDataKind: String, Sendable, Codable, CaseIterable, Comparable {
    case name
    case birthDate
    case documentNumber
    case mrz
    case phone
    case email
    case address
    case plate
    case iban

    /// Why the span may not be published, in the words shown to the author.
    public var explanation: String {
        switch self {
        case .name: "This looks like the name of a person."
        case .birthDate: "This looks like a person's date of birth."
        case .documentNumber: "This looks like the number of a passport, identity card, visa or residence permit."
        case .mrz: "This looks like a line of the machine-readable zone of a travel document."
        case .phone: "This looks like a telephone number."
        case .email: "This looks like an e-mail address."
        case .address: "This looks like a street address."
        case .plate: "This looks like a vehicle registration plate."
        case .iban: "This looks like a bank account number (IBAN)."
        }
    }

    /// The finding in a sentence: "this one holds a name, a phone number".
    public var phrase: String {
        switch self {
        case .name: "a person's name"
        case .birthDate: "a date of birth"
        case .documentNumber: "a document number"
        case .mrz: "an MRZ line"
        case .phone: "a telephone number"
        case .email: "an e-mail address"
        case .address: "a street address"
        case .plate: "a vehicle plate"
        case .iban: "an IBAN"
        }
    }

    /// The order in which overlapping findings win: the most specific pattern first.
    var precedence: Int { Self.allCases.count - [.mrz, .iban, .email, .birthDate, .address, .phone, .plate, .documentNumber, .name].firstIndex(of: self)! }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A finding: `start` and `end` count Unicode scalars from the start of the text, `end`
/// excluded, so that every language that reads the output counts them the same way.
public struct PersonalDataSpan: Sendable, Codable, Equatable, Hashable {
    public let kind: PersonalDataKind
    public let start: Int
    public let end: Int

    public init(kind: PersonalDataKind, start: Int, end: Int) {
        self.kind = kind
        self.start = start
        self.end = end
    }
}
