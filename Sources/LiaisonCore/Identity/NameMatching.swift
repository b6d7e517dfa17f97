/// Name-to-name comparison: token alignment that tolerates order swaps, missing middle names,
/// particles, variants, typos and truncation, plus a whole-name comparison for merged or
/// split parts (Abdulrahman / Abdul Rahman, Mariaelena / Maria Elena).
struct NameMatch {
    struct Pair {
        var query: NameToken
        var record: NameToken
        var similarity: Double
        var reason: String
    }
    var score: Double
    var pairs: [Pair]
    var swapped: Bool
    var merged: Bool
}

extension IdentityScorer {
    static func tokenSimilarity(_ a: NameToken, _ b: NameToken) -> (Double, String) {
        if a.canon == b.canon {
            if a.viaVariant || b.viaVariant { return (1, "variant table") }
            return (1, "")
        }
        if a.vowelless || b.vowelless {
            // Arabic script writes no short vowels: compare consonants only.
            if a.skeleton == b.skeleton { return (0.95, "consonants") }
            return (Similarity.jaroWinkler(a.skeleton, b.skeleton) * 0.92, "consonants, spelling differs")
        }
        var s = Similarity.jaroWinkler(a.canon, b.canon)
        var reason = "spelling differs"
        let (short, long) = a.canon.count <= b.canon.count ? (a.canon, b.canon) : (b.canon, a.canon)
        if short.count >= 4, long.starts(with: short), s < 0.93 {
            s = 0.93
            reason = "truncated (MRZ field length)"
        }
        if a.skeleton == b.skeleton, a.skeleton.count >= 3, s < 0.9 {
            s = 0.9
            reason = "transliteration variant"
        }
        // An attached article: ALHASHIMI / HASHIMI.
        if long.count > short.count + 1, long.count - short.count == 2,
            long.starts(with: [65, 76]) || long.starts(with: [69, 76]), Array(long.dropFirst(2)) == short
        {
            s = max(s, 0.96)
            reason = "attached particle"
        }
        return (s, reason)
    }

    static func compareNames(_ q: NameForm, _ r: NameForm) -> NameMatch {
        let a = q.core, b = r.core
        guard !a.isEmpty, !b.isEmpty else { return NameMatch(score: 0, pairs: [], swapped: false, merged: false) }
        var cells: [(Double, Int, Int, String)] = []
        cells.reserveCapacity(a.count * b.count)
        for i in a.indices {
            for j in b.indices {
                let (s, reason) = tokenSimilarity(a[i], b[j])
                cells.append((s, i, j, reason))
            }
        }
        // Greedy assignment, best pairs first: exact for the small token counts of names.
        cells.sort { $0.0 > $1.0 }
        var usedA = [Bool](repeating: false, count: a.count), usedB = [Bool](repeating: false, count: b.count)
        var pairs: [NameMatch.Pair] = []
        var sum = 0.0
        for (s, i, j, reason) in cells where !usedA[i] && !usedB[j] {
            usedA[i] = true
            usedB[j] = true
            if s >= 0.6 {
                sum += s
                pairs.append(.init(query: a[i], record: b[j], similarity: s, reason: reason))
            }
        }
        let n = min(a.count, b.count), m = max(a.count, b.count)
        var score = sum / Double(n)
        // Extra name parts on one side are common (middle names omitted), but each one makes
        // the match a little less certain; a single shared part is weak evidence.
        score *= 1 - 0.04 * Double(m - n)
        if n == 1 && m >= 2 { score *= 0.88 }
        // The query's family name should find a counterpart somewhere (order may be swapped).
        let qFamily = a.filter(\.family)
        if !qFamily.isEmpty, !pairs.contains(where: { $0.query.family && $0.similarity >= 0.85 }) {
            score *= 0.92
        }
        var merged = false
        if a.count != b.count {
            let qc = q.compact
            let rc = r.compact
            let rSwapped = r.core.filter(\.family).flatMap(\.canon) + r.core.filter { !$0.family }.flatMap(\.canon)
            let whole = max(Similarity.jaroWinkler(qc, rc), Similarity.jaroWinkler(qc, rSwapped)) * 0.98
            if whole > score {
                score = whole
                merged = true
            }
        }
        let swapped =
            pairs.contains { $0.query.family != $0.record.family && ($0.query.family || $0.record.family) }
            && q.tokens.contains(where: \.family) && r.tokens.contains(where: \.family)
        return NameMatch(score: min(1, score), pairs: pairs, swapped: swapped, merged: merged)
    }

    static func describe(_ m: NameMatch, viaAlias: Bool) -> [String] {
        var out: [String] = []
        if m.merged { out.append("names equal when parts are joined (merged/split parts)") }
        for p in m.pairs {
            let role = p.record.family || p.query.family ? "family name" : "given name"
            let rel = p.similarity >= 0.999 ? (p.reason.isEmpty ? "=" : "≈") : "≈"
            var how: [String] = []
            if let s = p.record.scheme { how.append("via \(s)") }
            if let s = p.query.scheme, s != p.record.scheme { how.append("via \(s)") }
            if !p.reason.isEmpty { how.append(p.reason) }
            if p.similarity < 0.999 { how.append(String(format: "%.2f", p.similarity)) }
            out.append("\(role) \(p.query.original) \(rel) \(p.record.original)" + (how.isEmpty ? "" : " (" + how.joined(separator: ", ") + ")"))
        }
        if m.swapped { out.append("given/family order swapped") }
        if viaAlias { out.append("matched an alias") }
        if out.isEmpty { out.append("names differ") }
        return out
    }
}
