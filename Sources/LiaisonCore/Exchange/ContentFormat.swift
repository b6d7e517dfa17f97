import Foundation

/// The type, format and length of every field of the content schema (R4). A field meant for
/// a date, a code or a name holds exactly that, so no narrative can ride in it; free text is
/// bounded and, where it leaves the node, read by a supervisor (R8).
///
/// Lengths count Unicode scalars, not characters: one "character" can carry thousands of
/// combining marks.
public enum ContentFormat {
    /// Name parts, aliases and places of birth.
    public static let nameLimit = 120
    /// Authorities, issuers and other short designations.
    public static let designationLimit = 200
    /// References: file references and notification references.
    public static let referenceLimit = 80
    /// Reasons that travel with an answer or a follow-up.
    public static let reasonLimit = 300

    static func invalid(_ field: String, _ what: String) -> PolicyError {
        PolicyError(.invalidContent, detail: "“\(field)” \(what).")
    }

    static func length(_ value: String) -> Int { value.unicodeScalars.count }

    /// One line of text without control characters, at most `max` scalars.
    static func singleLine(_ value: String?, _ field: String, max: Int, required: Bool = false) throws(PolicyError) {
        guard let value else {
            if required { throw invalid(field, "is required") }
            return
        }
        if required, value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw invalid(field, "is required") }
        guard length(value) <= max else { throw invalid(field, "is at most \(max) characters") }
        guard !value.unicodeScalars.contains(where: isControlOrBreak) else { throw invalid(field, "is one line of text") }
    }

    /// Free text of several lines, at most `max` scalars, without control characters other
    /// than line breaks and tabs. Over the limit is an R4 refusal when `code` says so.
    static func text(_ value: String?, _ field: String, max: Int, code: PolicyError.Code = .invalidContent) throws(PolicyError) {
        guard let value else { return }
        guard length(value) <= max else {
            throw PolicyError(code, detail: "“\(field)” is at most \(max) characters; the exchange carries administrative information only.")
        }
        guard !value.unicodeScalars.contains(where: { isControlOrBreak($0) && !["\n", "\r", "\t"].contains($0) }) else {
            throw invalid(field, "contains control characters")
        }
    }

    /// A person's name or a place: letters and marks of any script, spaces, and the
    /// punctuation names are written with. No digits, so no document number or date hides in it.
    static func name(_ value: String?, _ field: String, required: Bool = false, allowDigits: Bool = false) throws(PolicyError) {
        try singleLine(value, field, max: nameLimit, required: required)
        guard let value else { return }
        for scalar in value.unicodeScalars where !isNameScalar(scalar, allowDigits: allowDigits) {
            throw invalid(field, allowDigits ? "holds letters, spaces and punctuation only" : "holds letters, spaces and the punctuation of names only (no digits or symbols)")
        }
    }

    /// Quotes stay: registries write a known-as name in them (AL-HASHIMI "ABU OMAR").
    private static let namePunctuation: Set<Unicode.Scalar> = ["'", "’", "ʼ", "‘", "\"", "“", "”", ".", ",", "(", ")", "/", "\u{200C}", "\u{200D}"]

    static func isNameScalar(_ scalar: Unicode.Scalar, allowDigits: Bool) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark, .spaceSeparator, .dashPunctuation:
            return true
        case .decimalNumber:
            return allowDigits
        default:
            return namePunctuation.contains(scalar)
        }
    }

    static func isControlOrBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }

    /// A real calendar date written YYYY-MM-DD.
    public static func isCalendarDay(_ text: String) -> Bool {
        guard let (year, month, day) = dateParts(text), let month, let day else { return false }
        return month >= 1 && day >= 1 && day <= daysIn(month: month, year: year)
    }

    /// A date of birth as registries hold it: YYYY, YYYY-MM or YYYY-MM-DD, where a month or
    /// day of 00 means unknown (1990-00-00, 1990-05-00), and any full date is a real one.
    /// A person is born on a real day, and not after `today` (`yyyy-MM-dd`, by default the
    /// wall clock's UTC day): a year or a month alone may be this year's or this month's.
    public static func isBirthDate(_ text: String, today: String = utcToday()) -> Bool {
        guard let (year, month, day) = dateParts(text), year >= 1880 else { return false }
        let padded = String(format: "%04d-%02d-%02d", year, month ?? 0, day ?? 0)
        guard padded <= today else { return false }
        switch (month, day) {
        case (nil, nil): return true
        case (let m?, nil): return (0...12).contains(m)
        case (let m?, let d?):
            if m == 0 { return d == 0 }
            // A month beyond 12 has no days: without this check its range of days was empty
            // and building it stopped the node (found by fuzzing the record import).
            guard (1...12).contains(m) else { return false }
            return d == 0 || (1...daysIn(month: m, year: year)).contains(d)
        case (nil, _?): return false
        }
    }

    public static func utcToday() -> String {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date())
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    private static func dateParts(_ text: String) -> (Int, Int?, Int?)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let widths = [4, 2, 2]
        guard (1...3).contains(parts.count) else { return nil }
        var numbers: [Int] = []
        for (index, part) in parts.enumerated() {
            guard part.count == widths[index], part.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) }), let n = Int(part) else { return nil }
            numbers.append(n)
        }
        guard (1000...2999).contains(numbers[0]) else { return nil }
        return (numbers[0], numbers.count > 1 ? numbers[1] : nil, numbers.count > 2 ? numbers[2] : nil)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        case 1...12: 31
        default: 0
        }
    }
}
