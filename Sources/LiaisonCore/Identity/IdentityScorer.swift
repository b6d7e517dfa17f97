import Foundation

/// A record or query turned into comparable form once (transliterated, tokenised, dates parsed).
struct PreparedIdentity: Sendable {
    var names: [NameForm]
    var birth: BirthDate?
    var sex: UInt8?
    var nationality: String?
    var document: [UInt8]?

    init(_ r: IdentityRecord, transliterator t: Transliterator) {
        var names: [NameForm] = []
        if !(r.givenNames ?? "").isEmpty || !(r.familyNames ?? "").isEmpty {
            names.append(.make(given: r.givenNames, family: r.familyNames, transliterator: t))
        }
        for a in r.aliases where !a.isEmpty { names.append(.make(alias: a, transliterator: t)) }
        self.names = names.filter { !$0.tokens.isEmpty }
        birth = BirthDate(r.birthDate)
        switch r.sex?.uppercased() {
        case "M", "MALE": sex = UInt8(ascii: "M")
        case "F", "FEMALE": sex = UInt8(ascii: "F")
        default: sex = nil
        }
        let nat = r.nationality?.uppercased().trimmingCharacters(in: .whitespaces) ?? ""
        nationality = nat.isEmpty ? nil : nat
        let doc = Array((r.documentNumber ?? "").uppercased().utf8.filter { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) })
        document = doc.isEmpty ? nil : doc
    }
}

/// Scores "same person or not" as a sum of log-odds weights per piece of evidence, in the
/// manner of Fellegi–Sunter record linkage, and maps the sum to [0, 1] with the logistic
/// function. Weights are documented in docs/IDENTITY.md; they were set from the error costs
/// (a missed person and a wrongly sent file both matter) and checked on the benchmark.
enum IdentityScorer {
    static let bias = -3.0

    struct Outcome {
        var score: Double
        var reasons: [String]
    }

    static func score(_ q: PreparedIdentity, _ r: PreparedIdentity, explain: Bool) -> Outcome {
        var reasons: [String] = []
        var total = bias

        // Names: best pair over the query's and the record's name forms (primary and aliases).
        var best = NameMatch(score: 0, pairs: [], swapped: false, merged: false)
        var bestAlias = false
        for qn in q.names {
            for (k, rn) in r.names.enumerated() {
                let m = compareNames(qn, rn)
                if m.score > best.score { best = m; bestAlias = k > 0 && r.names[0].tokens.contains(where: \.family) }
                if best.score >= 0.999 { break }
            }
        }
        total += nameWeight(best.score)
        if explain { reasons += describe(best, viaAlias: bestAlias) }

        if let a = q.birth, let b = r.birth {
            let agreement = BirthDate.compare(a, b)
            total += dateWeight(agreement)
            if explain { reasons.append(describe(agreement, a, b)) }
        }
        if let a = q.sex, let b = r.sex {
            total += a == b ? 0.3 : -3
            if explain { reasons.append(a == b ? "sex equal" : "sex differs") }
        }
        if let a = q.nationality, let b = r.nationality {
            total += a == b ? 0.5 : -1
            if explain { reasons.append(a == b ? "nationality \(a) equal" : "nationality differs (\(a) / \(b))") }
        }
        if let a = q.document, let b = r.document {
            let (w, text) = documentEvidence(a, b)
            total += w
            if explain { reasons.append(text) }
        }
        return Outcome(score: 1 / (1 + exp(-total)), reasons: reasons)
    }

    /// Piecewise-linear log-odds for the name similarity: below 0.8 names are different
    /// people's, from 0.9 the same name spelled differently.
    static func nameWeight(_ s: Double) -> Double {
        let points: [(Double, Double)] = [(0, -8), (0.7, -6), (0.8, -2), (0.85, 0.5), (0.9, 2.5), (0.95, 3.7), (1.0, 4.5)]
        for i in 1..<points.count where s <= points[i].0 {
            let (x0, y0) = points[i - 1], (x1, y1) = points[i]
            return y0 + (y1 - y0) * (s - x0) / (x1 - x0)
        }
        return 4.5
    }

    static func dateWeight(_ a: BirthDate.Agreement) -> Double {
        switch a {
        case .exact: return 4
        case .dayMonthSwapped: return 2.5
        case .yearMonth: return 2.5
        case .yearOffByOneSameDay: return 2
        case .dayTypo: return 1.5
        case .year: return 1.5
        case .placeholderYear: return 1
        case .yearOffByOne: return -2.5
        case .differentDay: return -4
        case .different: return -6
        }
    }

    static func describe(_ a: BirthDate.Agreement, _ q: BirthDate, _ r: BirthDate) -> String {
        switch a {
        case .exact: return "birth date equal"
        case .dayMonthSwapped: return "birth date with day and month swapped (\(q.description) / \(r.description))"
        case .yearMonth: return "birth year and month equal"
        case .year: return "birth year equal (date partial)"
        case .placeholderYear: return "birth year equal; 01-01 placeholder, weak evidence"
        case .yearOffByOneSameDay: return "birth year one off, day and month equal (\(q.description) / \(r.description))"
        case .dayTypo: return "birth day differs by one digit (\(q.description) / \(r.description))"
        case .yearOffByOne: return "birth year one off (\(q.description) / \(r.description))"
        case .differentDay: return "birth day differs (\(q.description) / \(r.description))"
        case .different: return "birth date differs (\(q.description) / \(r.description))"
        }
    }

    /// Document numbers compared after the usual OCR confusions (O/0, I/1, S/5, B/8, Z/2).
    static func documentEvidence(_ a: [UInt8], _ b: [UInt8]) -> (Double, String) {
        if a == b { return (3, "document number equal") }
        let oa = a.map(ocrFold), ob = b.map(ocrFold)
        if oa == ob { return (2.5, "document number equal up to OCR confusion") }
        if min(a.count, b.count) >= 6, Similarity.editDistance(oa, ob) == 1 {
            return (1.5, "document number differs by one character")
        }
        return (-0.5, "document number differs (a person may hold several)")
    }

    static func ocrFold(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "O"), UInt8(ascii: "Q"), UInt8(ascii: "D"): return UInt8(ascii: "0")
        case UInt8(ascii: "I"), UInt8(ascii: "L"): return UInt8(ascii: "1")
        case UInt8(ascii: "S"): return UInt8(ascii: "5")
        case UInt8(ascii: "B"): return UInt8(ascii: "8")
        case UInt8(ascii: "Z"): return UInt8(ascii: "2")
        case UInt8(ascii: "G"): return UInt8(ascii: "6")
        default: return c
        }
    }
}
