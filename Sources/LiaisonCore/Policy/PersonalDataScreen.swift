import Foundation

/// Finds what in a free text identifies a person: an MRZ line, a document number, a date of
/// birth, or the name of a person the node knows. Contact-point messages carry no personal
/// data at all (R8, see docs/RULES.md): they are screened with this on the sending node and
/// again at the receiver, which screens for identifiers only (never against its own persons,
/// or a refusal would tell the sender whom it knows).
///
/// A screen cannot recognise every name; it stops the identifiers a person is found by, and
/// the names the node itself holds, which is where a bypass of R3 and R8 would start.
public struct PersonalDataScreen: Sendable {
    public enum Finding: String, Sendable, Equatable, CaseIterable {
        case mrzLine = "an MRZ line"
        case documentNumber = "a document number"
        case birthDate = "a date of birth"
        case knownPerson = "the name of a person this node holds"
    }

    /// Dates older than this are read as dates of birth even without a word saying so.
    static let birthDateAge = 10

    let now: Date
    /// Each known person as the sets of Latin words that name them (name, each alias).
    let knownNames: [[Set<String>]]

    public init(now: Date, knownPersons: [PersonIdentity] = []) {
        self.now = now
        let transliterator = Transliterator()
        // Particles (AL, EL, DE) are left out: "Omar Hashimi" names AL-HASHIMI, Omar as well.
        func words(_ text: String) -> Set<String> { Set(Self.words(text, transliterator).filter { $0.count >= 3 }) }
        knownNames = knownPersons.map { person in
            var names = [words(person.familyNames).union(words(person.givenNames ?? ""))]
            names += person.aliases.map(words)
            return names.filter { $0.count >= 2 || ($0.first?.count ?? 0) >= 5 }
        }
    }

    /// What the text holds that identifies a person, each kind once, in a stable order.
    public func findings(in text: String) -> [Finding] {
        var found: Set<Finding> = []
        if Self.hasMRZLine(text) { found.insert(.mrzLine) }
        let tokens = Self.tokens(text)
        if Self.hasDocumentNumber(tokens) { found.insert(.documentNumber) }
        if hasBirthDate(tokens) { found.insert(.birthDate) }
        if !knownNames.isEmpty {
            let words = Set(Self.words(text, Transliterator()))
            if knownNames.contains(where: { $0.contains { $0.isSubset(of: words) } }) { found.insert(.knownPerson) }
        }
        return Finding.allCases.filter(found.contains)
    }

    // MARK: identifiers

    /// A run of 20 or more MRZ characters (A–Z, 0–9, `<`) with a filler in it.
    static func hasMRZLine(_ text: String) -> Bool {
        var run = 0, fillers = 0
        for scalar in text.unicodeScalars {
            if ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "<" {
                run += 1
                if scalar == "<" { fillers += 1 }
                if run >= 20, fillers > 0 { return true }
            } else {
                run = 0
                fillers = 0
            }
        }
        return false
    }

    /// Words of letters and digits, lower-cased, with the punctuation between them kept as
    /// separate tokens so that dates (14.03.1990, 1990-03-14, 14/03/1990) can be read.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = [], current = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else {
                if !current.isEmpty { tokens.append(current) }
                current = ""
                if ".-/".contains(character) { tokens.append(String(character)) }
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }

    static let documentWords: Set<String> = [
        "passport", "passeport", "pass", "reisepass", "document", "dokument", "doc", "id", "card", "carte", "ausweis",
        "visa", "visum", "permit", "titre", "number", "no", "nr", "numéro", "nummer",
    ]

    /// A token of 6 to 20 letters and digits with at least 4 digits and a letter (P1234567),
    /// or a number of 6 or more digits right after a word that names a document.
    static func hasDocumentNumber(_ tokens: [String]) -> Bool {
        for (index, token) in tokens.enumerated() where (6...20).contains(token.count) && token.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            let digits = token.filter(\.isNumber).count
            if digits >= 4, digits < token.count { return true }
            if digits == token.count, tokens[max(0, index - 3)..<index].contains(where: documentWords.contains) { return true }
        }
        return false
    }

    static let birthWords: Set<String> = ["born", "dob", "birth", "né", "née", "naissance", "geboren", "geb", "geburtsdatum", "birthdate"]

    static let monthNames: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
        "januar", "februar", "märz", "juni", "juli", "oktober", "dezember",
    ]

    /// A calendar date older than ten years, or any date or year right after a word that
    /// speaks of birth ("born 1990", "geb. 14.03.1990", "DOB: 3 March 1990").
    func hasBirthDate(_ tokens: [String]) -> Bool {
        let thisYear = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now).year ?? 2000
        for index in tokens.indices {
            guard let (year, isFullDate) = Self.date(at: index, in: tokens) else { continue }
            guard (1880...thisYear).contains(year) else { continue }
            let saysBirth = tokens[max(0, index - 4)..<index].contains(where: Self.birthWords.contains)
            if saysBirth || (isFullDate && year <= thisYear - Self.birthDateAge) { return true }
        }
        return false
    }

    /// The year of a date that starts at `index`: a numeric date (year first or last), a
    /// day, a month name and a year, or a year alone (`isFullDate` false).
    static func date(at index: Int, in tokens: [String]) -> (year: Int, isFullDate: Bool)? {
        func number(_ offset: Int, digits: ClosedRange<Int>) -> Int? {
            let i = index + offset
            guard i < tokens.count, digits.contains(tokens[i].count), tokens[i].allSatisfy(\.isASCII) else { return nil }
            return Int(tokens[i])
        }
        func separator(_ offset: Int) -> Bool { index + offset < tokens.count && ".-/".contains(tokens[index + offset]) }
        // 1990-03-14
        if let year = number(0, digits: 4...4), separator(1), let month = number(2, digits: 1...2), separator(3), let day = number(4, digits: 1...2),
            (1...12).contains(month), (1...31).contains(day)
        {
            return (year, true)
        }
        // 14.03.1990, 14/03/1990
        if let day = number(0, digits: 1...2), separator(1), let month = number(2, digits: 1...2), separator(3), let year = number(4, digits: 4...4),
            (1...31).contains(day), (1...12).contains(month)
        {
            return (year, true)
        }
        // 14 March 1990
        if let day = number(0, digits: 1...2), (1...31).contains(day), index + 2 < tokens.count, monthNames.contains(tokens[index + 1]),
            let year = number(2, digits: 4...4)
        {
            return (year, true)
        }
        if let year = number(0, digits: 4...4) { return (year, false) }
        return nil
    }

    // MARK: names

    /// The upper-case Latin words of a text, as the matcher reads names (any script).
    static func words(_ text: String, _ transliterator: Transliterator) -> [String] {
        let letters = String(text.map { $0.isLetter || $0.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .nonspacingMark }) ? $0 : " " })
        return transliterator.words(letters).map(\.latin).filter { !$0.isEmpty }
    }
}
