import Foundation

/// The MRZ layouts of ICAO Doc 9303: TD1 (3×30), TD2 (2×36), TD3 (2×44) and the two visa
/// formats MRV-A (2×44) and MRV-B (2×36).
public enum MRZFormat: String, Sendable, Codable, Equatable, CaseIterable {
    case td1 = "TD1"
    case td2 = "TD2"
    case td3 = "TD3"
    case mrva = "MRVA"
    case mrvb = "MRVB"
}

/// Result of each check digit. `nil` means the layout has no such check (visas have no
/// composite; only TD3 has a personal-number check).
public struct MRZChecks: Sendable, Codable, Equatable {
    public var documentNumber: Bool
    public var birthDate: Bool
    public var expiryDate: Bool
    public var personalNumber: Bool?
    public var composite: Bool?

    public init(documentNumber: Bool, birthDate: Bool, expiryDate: Bool, personalNumber: Bool?, composite: Bool?) {
        self.documentNumber = documentNumber
        self.birthDate = birthDate
        self.expiryDate = expiryDate
        self.personalNumber = personalNumber
        self.composite = composite
    }

    /// True when every check present in the layout holds.
    public var allPass: Bool {
        documentNumber && birthDate && expiryDate && personalNumber != false && composite != false
    }
}

/// A parsed MRZ. Fields are as printed (fillers removed, `<` inside names turned into
/// spaces); dates stay `YYMMDD` because the century is not in the MRZ and guessing it belongs
/// to the caller, who knows today's date. `sex` is `M`, `F` or `X` (unspecified, printed `<`).
public struct MRZResult: Sendable, Codable, Equatable {
    public var format: MRZFormat
    public var documentCode: String
    public var issuingState: String
    public var familyNames: String
    public var givenNames: String
    public var documentNumber: String
    public var nationality: String
    public var birthDate: String
    public var expiryDate: String
    public var sex: String
    public var optionalData: String
    /// TD1 only: the optional data of line 2.
    public var optionalData2: String?
    public var checks: MRZChecks
    /// All check digits hold and both dates are real calendar dates. A false value is a
    /// possible fraud or misreading indicator, for a person to look at.
    public var valid: Bool

    public init(
        format: MRZFormat, documentCode: String, issuingState: String, familyNames: String,
        givenNames: String, documentNumber: String, nationality: String, birthDate: String,
        expiryDate: String, sex: String, optionalData: String, optionalData2: String?,
        checks: MRZChecks
    ) {
        self.format = format
        self.documentCode = documentCode
        self.issuingState = issuingState
        self.familyNames = familyNames
        self.givenNames = givenNames
        self.documentNumber = documentNumber
        self.nationality = nationality
        self.birthDate = birthDate
        self.expiryDate = expiryDate
        self.sex = sex
        self.optionalData = optionalData
        self.optionalData2 = optionalData2
        self.checks = checks
        self.valid =
            checks.allPass && MRZResult.isCalendarDate(birthDate, allowUnknownDay: true)
            && MRZResult.isCalendarDate(expiryDate, allowUnknownDay: false)
    }

    /// `YYMMDD` with a real month and day. Birth dates may carry `<<` for an unknown day or
    /// month (Part 3 §4.6), which is not an error.
    static func isCalendarDate(_ s: String, allowUnknownDay: Bool) -> Bool {
        let c = Array(s)
        guard c.count == 6, c[0].isASCII, c[1].isASCII, c[0].isNumber, c[1].isNumber else { return false }
        let mm = String(c[2...3]), dd = String(c[4...5])
        if allowUnknownDay && dd == "<<" { return mm == "<<" || (Int(mm).map { (1...12).contains($0) } ?? false) }
        guard let m = Int(mm), let d = Int(dd), (1...12).contains(m), d >= 1 else { return false }
        let yy = Int(String(c[0...1])) ?? 0
        let days = [31, yy % 4 == 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return d <= days[m - 1]
    }
}

/// Why a text is not an MRZ.
public enum MRZError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case invalidCharacter(String, line: Int)
    case unrecognisedLayout(lineLengths: [Int])
    case unknownDocumentCode(String)

    public var description: String {
        switch self {
        case .empty:
            return "not an MRZ: the input is empty (or larger than 4 KiB)"
        case .invalidCharacter(let c, let line):
            return "not an MRZ: character \"\(c)\" on line \(line) is outside A-Z, 0-9 and <"
        case .unrecognisedLayout(let lengths):
            let shown = lengths.map(String.init).joined(separator: ", ")
            return "not an MRZ: expected 3 lines of 30 (TD1), 2 of 36 (TD2, MRV-B) or 2 of 44 (TD3, MRV-A) characters, got line lengths [\(shown)]"
        case .unknownDocumentCode(let code):
            return "not an MRZ: document code \"\(code)\" does not fit the layout"
        }
    }
}
