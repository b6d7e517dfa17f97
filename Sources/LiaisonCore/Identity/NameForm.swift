import Foundation

/// One name part ready for comparison.
struct NameToken: Sendable {
    /// A–Z bytes after transliteration and variant canonicalisation (MOHAMED → MUHAMMAD).
    var canon: [UInt8]
    /// Consonant skeleton (see `NameForm.skeleton`), used for blocking and vowel-less scripts.
    var skeleton: [UInt8]
    var isParticle: Bool
    var vowelless: Bool
    /// For explanations: the word as written, its Latin form and how it was obtained.
    var original: String
    var latin: String
    var scheme: String?
    var viaVariant: Bool
    /// True for family-name parts (false for given names and aliases of unknown order).
    var family: Bool
}

/// A full name as a list of tokens. Built from given and family names, or from one alias.
struct NameForm: Sendable {
    var tokens: [NameToken]

    /// Non-particle tokens; all tokens if the name consists only of particles.
    var core: [NameToken] {
        let c = tokens.filter { !$0.isParticle }
        return c.isEmpty ? tokens : c
    }

    /// The name's letters without separators or particles, for merged/split comparison.
    var compact: [UInt8] { core.flatMap(\.canon) }

    static func make(given: String?, family: String?, transliterator t: Transliterator) -> NameForm {
        var tokens: [NameToken] = []
        for (part, isFamily) in [(given, false), (family, true)] {
            guard let part, !part.isEmpty else { continue }
            tokens += tokenize(t.words(part), family: isFamily, tables: t.tables)
        }
        return NameForm(tokens: tokens)
    }

    static func make(alias: String, transliterator t: Transliterator) -> NameForm {
        NameForm(tokens: tokenize(t.words(alias), family: false, tables: t.tables))
    }

    static func tokenize(_ words: [Transliterator.Word], family: Bool, tables: IdentityTables) -> [NameToken] {
        var out: [NameToken] = []
        var i = 0
        while i < words.count {
            var w = words[i]
            var latin = w.latin
            // Arabic "Abd" + divine name is one name however it is spaced: Abd al-Rahman,
            // Abdul Rahman, Abdurrahman. Merge the pieces, then canonicalise.
            if latin == "ABD" || latin == "ABDUL" || latin == "ABDEL" || latin == "ABDAL" || latin == "ABDOUL" || latin == "ABDUR" || latin == "ABDER" {
                var j = i + 1
                if j < words.count, tables.particles.contains(words[j].latin) { j += 1 }
                if j < words.count {
                    latin = "ABD" + stripArticle(words[j].latin)
                    w.original = words[i...j].map(\.original).joined(separator: " ")
                    i = j
                }
            } else if latin.hasPrefix("ABD"), latin.count > 5 {
                latin = "ABD" + stripArticle(String(latin.dropFirst(3)))
            }
            latin = dropFinalH(latin)
            let canonical = tables.variants[latin] ?? tables.variants[w.latin]
            let canonText = canonical ?? latin
            let canon = Array(canonText.utf8)
            out.append(
                NameToken(
                    canon: canon, skeleton: skeleton(canon), isParticle: tables.particles.contains(latin),
                    vowelless: w.vowelless, original: w.original, latin: w.latin, scheme: w.scheme,
                    viaVariant: canonical != nil && canonical != w.latin, family: family))
            i += 1
        }
        return out
    }

    /// UL-, EL-, AL-, UR-, AR-, U-… after "ABD", and a doubled sun letter (ABDURRAHMAN).
    static func stripArticle(_ s: String) -> String {
        var r = Substring(s)
        for p in ["OUL", "UL", "EL", "AL", "OL", "UR", "ER", "AR", "U", "E", "A", "O"] where r.hasPrefix(p) && r.count > p.count + 2 {
            r = r.dropFirst(p.count)
            break
        }
        if r.count >= 2, r.first == r.dropFirst().first { r = r.dropFirst() }
        return String(r)
    }

    /// "Fatimah"/"Fatima", "Tekleh"/"Tekle": a final H after a vowel is silent in these names.
    static func dropFinalH(_ s: String) -> String {
        let b = Array(s.utf8)
        guard b.count > 3, b.last == UInt8(ascii: "H"), isVowel(b[b.count - 2]) else { return s }
        return String(decoding: b.dropLast(), as: UTF8.self)
    }

    static func isVowel(_ c: UInt8) -> Bool {
        c == 65 || c == 69 || c == 73 || c == 79 || c == 85 || c == 89  // A E I O U Y
    }

    /// A consonant skeleton that absorbs the usual romanisation differences: vowels dropped
    /// after the first letter (any initial vowel becomes A), digraphs unified (SH/SCH→S,
    /// KH→X, PH→F, TH→T, DH→D, GH→G, ZH/DJ→J, CH/TCH/TS/TZ→C), Q/C/CK→K, W→V, Z→S, doubled
    /// letters collapsed. MUHAMMAD, MOHAMED and the vowel-less ICAO Arabic MHMD all give MHMD.
    static func skeleton(_ w: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(w.count)
        var i = 0
        let n = w.count
        func at(_ k: Int) -> UInt8 { k < n ? w[k] : 0 }
        while i < n {
            let c = w[i]
            var m: UInt8
            var step = 1
            switch c {
            case UInt8(ascii: "S"):
                if at(i + 1) == UInt8(ascii: "C") && at(i + 2) == UInt8(ascii: "H") {
                    step = 3
                } else if at(i + 1) == UInt8(ascii: "H") {
                    step = 2
                }
                m = UInt8(ascii: "S")
            case UInt8(ascii: "K"):
                if at(i + 1) == UInt8(ascii: "H") { m = UInt8(ascii: "X"); step = 2 } else { m = UInt8(ascii: "K") }
            case UInt8(ascii: "P"):
                if at(i + 1) == UInt8(ascii: "H") { m = UInt8(ascii: "F"); step = 2 } else { m = UInt8(ascii: "P") }
            case UInt8(ascii: "T"):
                if at(i + 1) == UInt8(ascii: "H") {
                    m = UInt8(ascii: "T"); step = 2
                } else if at(i + 1) == UInt8(ascii: "S") || at(i + 1) == UInt8(ascii: "Z") {
                    m = UInt8(ascii: "C"); step = 2
                } else if at(i + 1) == UInt8(ascii: "C") && at(i + 2) == UInt8(ascii: "H") {
                    m = UInt8(ascii: "C"); step = 3
                } else {
                    m = UInt8(ascii: "T")
                }
            case UInt8(ascii: "D"):
                if at(i + 1) == UInt8(ascii: "H") {
                    m = UInt8(ascii: "D"); step = 2
                } else if at(i + 1) == UInt8(ascii: "J") {
                    m = UInt8(ascii: "J"); step = 2
                } else {
                    m = UInt8(ascii: "D")
                }
            case UInt8(ascii: "G"):
                if at(i + 1) == UInt8(ascii: "H") { step = 2 }
                m = UInt8(ascii: "G")
            case UInt8(ascii: "Z"):
                if at(i + 1) == UInt8(ascii: "H") { m = UInt8(ascii: "J"); step = 2 } else { m = UInt8(ascii: "S") }
            case UInt8(ascii: "C"):
                if at(i + 1) == UInt8(ascii: "H") {
                    m = UInt8(ascii: "C"); step = 2
                } else if at(i + 1) == UInt8(ascii: "K") {
                    m = UInt8(ascii: "K"); step = 2
                } else {
                    m = UInt8(ascii: "K")
                }
            case UInt8(ascii: "Q"): m = UInt8(ascii: "K")
            case UInt8(ascii: "W"): m = UInt8(ascii: "V")
            case UInt8(ascii: "X"): m = UInt8(ascii: "X")
            default: m = c
            }
            if isVowel(m) {
                if out.isEmpty { out.append(UInt8(ascii: "A")) }
            } else if out.last != m {
                out.append(m)
            }
            i += step
        }
        return out
    }
}
