import Foundation

/// Machine-readable zone reader for ICAO Doc 9303 travel documents (Parts 4–7).
///
/// Parsing is separated from judging: anything with the shape of an MRZ (right line count,
/// right line lengths, only `A–Z 0–9 <`, a known document-code letter) is parsed and returned
/// with each check digit evaluated, so that a failed check can be shown to an officer as a
/// possible fraud or misreading indicator instead of being silently refused. Only input that
/// is not an MRZ at all throws.
public enum MRZ {
    /// Parses a pasted or scanned MRZ: 2 lines of 44 (TD3, MRV-A), 2 lines of 36 (TD2, MRV-B)
    /// or 3 lines of 30 (TD1). Surrounding whitespace, blank lines, spaces inside a line and
    /// lowercase letters are tolerated because pasted text from scanners and PDFs carries them.
    /// A single unbroken line of 88, 72 or 90 characters is split as such.
    public static func parse(_ text: String) throws(MRZError) -> MRZResult {
        let lines = try normalizedLines(text)
        let lengths = lines.map(\.count)
        switch (lines.count, lengths.first ?? 0) {
        case (3, 30) where lengths.allSatisfy({ $0 == 30 }):
            return try parseTD1(lines)
        case (2, 44) where lengths[1] == 44:
            return try parseLong(lines)
        case (2, 36) where lengths[1] == 36:
            return try parseMedium(lines)
        default:
            throw .unrecognisedLayout(lineLengths: lengths)
        }
    }

    /// ICAO 9303 Part 3 §4.9: weights 7, 3, 1 repeating; digits count as themselves, letters
    /// A–Z as 10–35 and the filler `<` as 0. Returns nil for a character outside the MRZ set.
    public static func checkDigit<S: Sequence>(_ field: S) -> Int? where S.Element == Character {
        let weights = [7, 3, 1]
        var sum = 0
        for (i, c) in field.enumerated() {
            guard let v = value(of: c) else { return nil }
            sum += v * weights[i % 3]
        }
        return sum % 10
    }

    static func value(of c: Character) -> Int? {
        guard let a = c.asciiValue else { return nil }
        switch a {
        case 48...57: return Int(a - 48)
        case 65...90: return Int(a - 65) + 10
        case 60: return 0
        default: return nil
        }
    }

    static func normalizedLines(_ text: String) throws(MRZError) -> [[Character]] {
        guard !text.isEmpty, text.utf8.count <= 4096 else { throw .empty }
        var lines: [[Character]] = []
        for raw in text.split(omittingEmptySubsequences: true, whereSeparator: { $0.isNewline }) {
            let chars = raw.filter { $0 != " " && $0 != "\t" }.uppercased()
            if chars.isEmpty { continue }
            lines.append(Array(chars))
        }
        guard !lines.isEmpty else { throw .empty }
        if lines.count == 1 {
            let one = lines[0]
            switch one.count {
            case 88: lines = [Array(one[0..<44]), Array(one[44...])]
            case 72: lines = [Array(one[0..<36]), Array(one[36...])]
            case 90: lines = [Array(one[0..<30]), Array(one[30..<60]), Array(one[60...])]
            default: break
            }
        }
        for (n, line) in lines.enumerated() {
            if let bad = line.first(where: { value(of: $0) == nil }) {
                throw .invalidCharacter(String(bad), line: n + 1)
            }
        }
        return lines
    }

    // MARK: layouts

    private static func parseTD1(_ l: [[Character]]) throws(MRZError) -> MRZResult {
        let code = field(l[0], 0, 2)
        guard let first = code.first, "IAC".contains(first) else {
            throw .unknownDocumentCode(code)
        }
        // Doc 9303 Part 5 note j: a document number longer than 9 characters continues in the
        // optional data; its check-digit position then holds `<` and the real check digit is
        // the last character of the continuation, before the first filler.
        var number = Array(l[0][5..<14])
        var numberCheck = l[0][14]
        var optional1 = Array(l[0][15..<30])
        if numberCheck == "<", optional1[0] != "<" {
            let end = optional1.firstIndex(of: "<") ?? optional1.count
            number += optional1[0..<(end - 1)]
            numberCheck = optional1[end - 1]
            optional1 = Array(optional1[end...])
        }
        let line2 = l[1]
        let composite = Array(l[0][5..<30]) + Array(line2[0..<7]) + Array(line2[8..<15]) + Array(line2[18..<29])
        let checks = MRZChecks(
            documentNumber: verify(number, numberCheck),
            birthDate: verify(Array(line2[0..<6]), line2[6]),
            expiryDate: verify(Array(line2[8..<14]), line2[14]),
            personalNumber: nil,
            composite: verify(composite, line2[29]))
        let (family, given) = names(Array(l[2]))
        return MRZResult(
            format: .td1, documentCode: strip(code), issuingState: strip(field(l[0], 2, 5)),
            familyNames: family, givenNames: given, documentNumber: strip(String(number)),
            nationality: strip(field(line2, 15, 18)), birthDate: field(line2, 0, 6),
            expiryDate: field(line2, 8, 14), sex: sex(line2[7]),
            optionalData: strip(String(optional1)), optionalData2: strip(field(line2, 18, 29)),
            checks: checks)
    }

    /// 44-character lines: TD3 passports (`P`) and MRV-A visas (`V`).
    private static func parseLong(_ l: [[Character]]) throws(MRZError) -> MRZResult {
        let code = field(l[0], 0, 2)
        let line2 = l[1]
        let (family, given) = names(Array(l[0][5..<44]))
        switch l[0][0] {
        case "P":
            let personal = Array(line2[28..<42])
            let composite = Array(line2[0..<10]) + Array(line2[13..<20]) + Array(line2[21..<43])
            // Part 4: when the personal number is all fillers its check digit may be `<` or 0.
            let personalOK: Bool
            if personal.allSatisfy({ $0 == "<" }) {
                personalOK = line2[42] == "<" || line2[42] == "0"
            } else {
                personalOK = verify(personal, line2[42])
            }
            return MRZResult(
                format: .td3, documentCode: strip(code), issuingState: strip(field(l[0], 2, 5)),
                familyNames: family, givenNames: given, documentNumber: strip(field(line2, 0, 9)),
                nationality: strip(field(line2, 10, 13)), birthDate: field(line2, 13, 19),
                expiryDate: field(line2, 21, 27), sex: sex(line2[20]),
                optionalData: strip(String(personal)), optionalData2: nil,
                checks: MRZChecks(
                    documentNumber: verify(Array(line2[0..<9]), line2[9]),
                    birthDate: verify(Array(line2[13..<19]), line2[19]),
                    expiryDate: verify(Array(line2[21..<27]), line2[27]),
                    personalNumber: personalOK,
                    composite: verify(composite, line2[43])))
        case "V":
            return visa(.mrva, code: code, line1: l[0], line2: line2, family: family, given: given)
        default:
            throw .unknownDocumentCode(code)
        }
    }

    /// 36-character lines: TD2 cards (`I`, `A`, `C`, and `P` on older TD2 passports) and MRV-B.
    private static func parseMedium(_ l: [[Character]]) throws(MRZError) -> MRZResult {
        let code = field(l[0], 0, 2)
        let line2 = l[1]
        let (family, given) = names(Array(l[0][5..<36]))
        switch l[0][0] {
        case "I", "A", "C", "P":
            let composite = Array(line2[0..<10]) + Array(line2[13..<20]) + Array(line2[21..<35])
            return MRZResult(
                format: .td2, documentCode: strip(code), issuingState: strip(field(l[0], 2, 5)),
                familyNames: family, givenNames: given, documentNumber: strip(field(line2, 0, 9)),
                nationality: strip(field(line2, 10, 13)), birthDate: field(line2, 13, 19),
                expiryDate: field(line2, 21, 27), sex: sex(line2[20]),
                optionalData: strip(field(line2, 28, 35)), optionalData2: nil,
                checks: MRZChecks(
                    documentNumber: verify(Array(line2[0..<9]), line2[9]),
                    birthDate: verify(Array(line2[13..<19]), line2[19]),
                    expiryDate: verify(Array(line2[21..<27]), line2[27]),
                    personalNumber: nil,
                    composite: verify(composite, line2[35])))
        case "V":
            return visa(.mrvb, code: code, line1: l[0], line2: line2, family: family, given: given)
        default:
            throw .unknownDocumentCode(code)
        }
    }

    /// Part 7 visas carry no composite check digit; the optional data runs to the line end.
    private static func visa(
        _ format: MRZFormat, code: String, line1: [Character], line2: [Character],
        family: String, given: String
    ) -> MRZResult {
        MRZResult(
            format: format, documentCode: strip(code), issuingState: strip(field(line1, 2, 5)),
            familyNames: family, givenNames: given, documentNumber: strip(field(line2, 0, 9)),
            nationality: strip(field(line2, 10, 13)), birthDate: field(line2, 13, 19),
            expiryDate: field(line2, 21, 27), sex: sex(line2[20]),
            optionalData: strip(field(line2, 28, line2.count)), optionalData2: nil,
            checks: MRZChecks(
                documentNumber: verify(Array(line2[0..<9]), line2[9]),
                birthDate: verify(Array(line2[13..<19]), line2[19]),
                expiryDate: verify(Array(line2[21..<27]), line2[27]),
                personalNumber: nil, composite: nil))
    }

    // MARK: fields

    private static func field(_ line: [Character], _ from: Int, _ to: Int) -> String {
        String(line[from..<to])
    }

    private static func strip(_ s: String) -> String {
        var t = Substring(s)
        while t.last == "<" { t.removeLast() }
        return String(t)
    }

    private static func verify(_ data: [Character], _ digit: Character) -> Bool {
        guard let d = digit.wholeNumberValue, digit.isASCII, let c = checkDigit(data) else { return false }
        return c == d
    }

    private static func sex(_ c: Character) -> String {
        switch c {
        case "M": return "M"
        case "F": return "F"
        case "<", "X": return "X"
        default: return String(c)
        }
    }

    /// Primary identifier and secondary identifier are separated by `<<`; single `<` separates
    /// name parts. With no `<<` the whole field is the primary identifier (Part 3 §4.6).
    private static func names(_ field: [Character]) -> (family: String, given: String) {
        let s = String(field)
        let parts = s.components(separatedBy: "<<")
        func clean(_ x: String) -> String {
            x.split(separator: "<", omittingEmptySubsequences: true).joined(separator: " ")
        }
        let family = clean(parts[0])
        let given = clean(parts.dropFirst().joined(separator: "<"))
        return (family, given)
    }
}
