import Foundation

/// Finds personal data in free text meant to carry none: strategic reports of the ILO network
/// (Regulation (EU) 2019/1240, Art. 3(4)) and contact-point messages. It looks for names,
/// dates of birth, document numbers, MRZ lines, telephone numbers, e-mail addresses, street
/// addresses, vehicle plates and IBANs in English, French and German text.
///
/// Identifiers are found by their shape (and a check digit where they have one) and, where a
/// shape is also common in reports (a national telephone number, a plate of some states), by
/// the words around them. Names are found from runs of capitalised words, read against
/// lexicons of given and family names, of the most frequent words of each language, and of
/// places, and against the words that mark an organisation, a street or a place named after
/// a person (Fondation Jean Jaurès is not a person). docs/benchmarks.md has its figures.
public struct PersonalDataDetector: Sendable {
    let lexicon: DetectorLexicon

    public init() { lexicon = .shared }

    /// Every finding, in the order of the text; overlapping findings are resolved in favour
    /// of the more specific pattern.
    public func spans(in text: String) -> [PersonalDataSpan] {
        let source = DetectorText(text)
        var findings = identifierFindings(in: source)
        let names = nameFindings(in: source)
        findings += names
        findings += birthDatesAfterNames(names, in: source)
        var taken: [Finding] = []
        for finding in findings.sorted(by: { ($0.kind.precedence, $0.range.length) > ($1.kind.precedence, $1.range.length) })
        where !taken.contains(where: { NSIntersectionRange($0.range, finding.range).length > 0 }) {
            taken.append(finding)
        }
        return taken.sorted { $0.range.location < $1.range.location }.map {
            PersonalDataSpan(kind: $0.kind, start: source.scalarOffset($0.range.location), end: source.scalarOffset(NSMaxRange($0.range)))
        }
    }

    /// Whether the text may be published as it is.
    public func isPublishable(_ text: String) -> Bool { spans(in: text).isEmpty }
}

/// A candidate span in UTF-16 units of the text, as the regular expressions report them.
struct Finding: Sendable {
    let kind: PersonalDataKind
    let range: NSRange
}

/// The text as the detector reads it: an `NSString` for the regular expressions, and the
/// offset of each UTF-16 unit in Unicode scalars for the answer.
struct DetectorText {
    let string: String
    let ns: NSString
    private let scalarOffsets: [Int]

    init(_ text: String) {
        string = text
        ns = text as NSString
        var offsets: [Int] = []
        offsets.reserveCapacity(ns.length + 1)
        for (index, scalar) in text.unicodeScalars.enumerated() {
            offsets.append(index)
            if scalar.utf16.count == 2 { offsets.append(index) }
        }
        offsets.append(text.unicodeScalars.count)
        scalarOffsets = offsets
    }

    var whole: NSRange { NSRange(location: 0, length: ns.length) }

    func scalarOffset(_ utf16: Int) -> Int { scalarOffsets[min(utf16, scalarOffsets.count - 1)] }

    func substring(_ range: NSRange) -> String { ns.substring(with: range) }

    /// Up to `length` units before `location`, lower-cased.
    func before(_ location: Int, _ length: Int) -> String {
        let start = max(0, location - length)
        return ns.substring(with: NSRange(location: start, length: location - start)).lowercased()
    }

    /// Up to `length` units from `location`, lower-cased.
    func after(_ location: Int, _ length: Int) -> String {
        let end = min(ns.length, location + length)
        return ns.substring(with: NSRange(location: location, length: max(0, end - location))).lowercased()
    }

    func matches(_ regex: NSRegularExpression, in range: NSRange? = nil) -> [NSTextCheckingResult] {
        regex.matches(in: string, range: range ?? whole)
    }
}

/// A regular expression of the detector, compiled once. `NSRegularExpression` is immutable
/// and safe to use from several threads.
func detectorPattern(_ pattern: String, caseInsensitive: Bool = false) -> NSRegularExpression {
    do {
        return try NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : [])
    } catch {
        fatalError("detector pattern does not compile: \(pattern)")
    }
}
