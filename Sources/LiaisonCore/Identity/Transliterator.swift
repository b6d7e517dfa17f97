import Foundation

/// Turns a name written in any script into upper-case Latin words (A–Z only), remembering
/// which table was used so that a match can be explained ("via ICAO Arabic").
///
/// Tables (ICAO Doc 9303 Part 3 for Cyrillic, Greek and Arabic; BGN/PCGN for Ethiopic) come
/// first; any other script (Chinese, Armenian, Georgian, Hebrew, …) falls back to the
/// Unicode CLDR transforms in ICU through Foundation's `applyingTransform(.toLatin)`, which
/// gives Hanyu Pinyin for Chinese characters.
public struct Transliterator: Sendable {
    /// One word after transliteration.
    public struct Word: Sendable, Equatable {
        /// Upper-case Latin, letters A–Z only.
        public var latin: String
        /// The word as written in the input.
        public var original: String
        /// Name of the scheme used, nil for words already in Latin script.
        public var scheme: String?
        /// True when the source script does not write short vowels (Arabic script), so the
        /// Latin form lacks them and should be compared by consonants.
        public var vowelless: Bool
    }

    let tables: IdentityTables

    public init() { tables = .shared }

    /// Splits on spaces, hyphens, apostrophes, commas, dots and MRZ fillers, then transliterates
    /// each word. Digits inside names are read as OCR confusions (0→O, 1→I, 5→S, 8→B).
    public func words(_ name: String) -> [Word] {
        var out: [Word] = []
        // Whole-phrase lookups first: some Arabic-script names are two words (عبد الله).
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if let whole = tables.arabicNames[trimmed] {
            return whole.split(separator: " ").map {
                Word(latin: String($0), original: trimmed, scheme: "Arabic name list", vowelless: false)
            }
        }
        let separators: Set<Character> = [" ", "-", "‐", "'", "’", "`", ",", ".", "<", "_", "/", "\t", "\u{00A0}", "ـ", "·", "・", "፡"]
        for raw in name.split(whereSeparator: { separators.contains($0) }) {
            out.append(contentsOf: word(String(raw)))
        }
        return out.filter { !$0.latin.isEmpty }
    }

    /// The transliteration of a whole name as one Latin string (words separated by a space).
    public func latin(_ name: String) -> String {
        words(name).map(\.latin).joined(separator: " ")
    }

    func word(_ w: String) -> [Word] {
        guard let first = w.unicodeScalars.first(where: { $0.properties.isAlphabetic }) else {
            return [Word(latin: Self.foldLatin(w), original: w, scheme: nil, vowelless: false)]
        }
        switch first.value {
        case 0x0400...0x04FF:
            return [Word(latin: mapChars(w.uppercased(), tables.cyrillic), original: w, scheme: "ICAO Cyrillic", vowelless: false)]
        case 0x0370...0x03FF, 0x1F00...0x1FFF:
            return [Word(latin: greek(w), original: w, scheme: "ICAO Greek", vowelless: false)]
        case 0x0600...0x06FF, 0x0750...0x077F, 0xFB50...0xFDFF, 0xFE70...0xFEFF:
            return arabic(w)
        case 0x1200...0x139F, 0x2D80...0x2DDF:
            return [Word(latin: mapChars(w, tables.ethiopic), original: w, scheme: "Ethiopic (BGN/PCGN)", vowelless: false)]
        case 0x0000...0x024F, 0x1E00...0x1EFF:
            return [Word(latin: Self.foldLatin(w), original: w, scheme: nil, vowelless: false)]
        default:
            // ICU puts spaces between Chinese syllables; a Chinese given name is one word.
            let t = w.applyingTransform(.toLatin, reverse: false) ?? w
            let latin = Self.foldLatin(t.replacingOccurrences(of: " ", with: ""))
            let scheme =
                (0x4E00...0x9FFF).contains(first.value) || (0x3400...0x4DBF).contains(first.value)
                ? "Hanyu Pinyin (CLDR)" : "CLDR Any-Latin"
            return [Word(latin: latin, original: w, scheme: scheme, vowelless: false)]
        }
    }

    /// The Ukrainian national romanisation of a Cyrillic name, the most common alternative to
    /// ICAO's (Г→H, И→Y): used as a second spelling when indexing.
    func cyrillicNational(_ w: String) -> String {
        mapChars(w.uppercased(), tables.cyrillicNational)
    }

    private func mapChars(_ w: String, _ table: [Character: String]) -> String {
        var s = ""
        for c in w {
            if let m = table[c] { s += m } else { s += Self.foldLatin(String(c)) }
        }
        return s
    }

    private func greek(_ w: String) -> String {
        // Remove tonos and dialytika, upper-case, then longest match first (digraphs).
        let base = w.folding(options: [.diacriticInsensitive], locale: nil).uppercased()
        let chars = Array(base)
        var i = 0
        var s = ""
        while i < chars.count {
            if i + 1 < chars.count, let m = tables.greek[String(chars[i...(i + 1)])] {
                s += m
                i += 2
            } else {
                s += tables.greek[String(chars[i])] ?? Self.foldLatin(String(chars[i]))
                i += 1
            }
        }
        return s
    }

    private func arabic(_ w: String) -> [Word] {
        // Drop vowel marks (harakat) and tatweel; they are rarely written in names.
        let clean = String(w.unicodeScalars.filter { !(0x064B...0x065F).contains($0.value) && $0.value != 0x0670 && $0.value != 0x0640 })
        if let known = tables.arabicNames[clean] {
            return known.split(separator: " ").map { Word(latin: String($0), original: w, scheme: "Arabic name list", vowelless: false) }
        }
        // The article ال is written attached; split it off so it can be treated as a particle.
        var body = Substring(clean)
        var out: [Word] = []
        if body.hasPrefix("ال"), body.count > 3 {
            out.append(Word(latin: "AL", original: "ال", scheme: "ICAO Arabic", vowelless: false))
            body = body.dropFirst(2)
            if let known = tables.arabicNames[String(body)] {
                out.append(Word(latin: known, original: w, scheme: "Arabic name list", vowelless: false))
                return out
            }
        }
        var s = ""
        for c in body { s += tables.arabic[c] ?? "" }
        out.append(Word(latin: s, original: w, scheme: "ICAO Arabic", vowelless: true))
        return out
    }

    /// Latin letters with diacritics to plain A–Z; letters that are not decomposable get
    /// their ICAO Doc 9303 Part 3 MRZ form (ß→SS, Æ→AE, Ø→OE, Ł→L, Đ→D, Þ→TH).
    static func foldLatin(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u.value {
            case 0x41...0x5A: out.unicodeScalars.append(u)
            case 0x61...0x7A: out.unicodeScalars.append(Unicode.Scalar(u.value - 32)!)
            case 0x30: out += "O"
            case 0x31: out += "I"
            case 0x35: out += "S"
            case 0x38: out += "B"
            case 0xDF: out += "SS"
            case 0xC6, 0xE6: out += "AE"
            case 0xD8, 0xF8: out += "OE"
            case 0x152, 0x153: out += "OE"
            case 0x141, 0x142: out += "L"
            case 0x110, 0x111, 0xD0, 0xF0: out += "D"
            case 0xDE, 0xFE: out += "TH"
            case 0x131: out += "I"
            default:
                if u.value < 0x80 { continue }
                let decomposed = String(u).decomposedStringWithCanonicalMapping.unicodeScalars
                for d in decomposed {
                    if (0x41...0x5A).contains(d.value) { out.unicodeScalars.append(d) } else if (0x61...0x7A).contains(d.value) { out.unicodeScalars.append(Unicode.Scalar(d.value - 32)!) }
                }
            }
        }
        return out
    }
}
