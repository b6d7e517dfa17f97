/// A possibly partial date of birth: year, year-month or full date.
struct BirthDate: Sendable, Equatable {
    var year: Int
    var month: Int?
    var day: Int?

    /// "YYYY", "YYYY-MM" or "YYYY-MM-DD"; month or day 00 count as unknown.
    init?(_ s: String?) {
        guard let s else { return nil }
        let parts = s.split(separator: "-")
        guard (1...3).contains(parts.count), parts[0].count == 4, let y = Int(parts[0]), y > 1800, y < 2200 else { return nil }
        year = y
        if parts.count > 1, let m = Int(parts[1]), (1...12).contains(m) { month = m }
        if parts.count > 2, month != nil, let d = Int(parts[2]), (1...31).contains(d) { day = d }
    }

    init(year: Int, month: Int?, day: Int?) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// 1 January is what many registries write when only the year is known.
    var isPlaceholder: Bool { month == 1 && day == 1 }

    /// How two dates of birth relate, strongest first. Log-odds weights live in the scorer.
    enum Agreement: Equatable {
        case exact, dayMonthSwapped, yearMonth, placeholderYear, year, yearOffByOneSameDay, dayTypo
        case yearOffByOne, differentDay, different
    }

    static func compare(_ a: BirthDate, _ b: BirthDate) -> Agreement {
        // A 01-01 placeholder on either side says only "born that year": weak, not a mismatch.
        let aFull = a.day != nil && !a.isPlaceholder, bFull = b.day != nil && !b.isPlaceholder
        if a.isPlaceholder || b.isPlaceholder {
            if a.year == b.year { return .placeholderYear }
            return abs(a.year - b.year) == 1 ? .yearOffByOne : .different
        }
        if a.year == b.year {
            guard let am = a.month, let bm = b.month else { return .year }
            if aFull && bFull, let ad = a.day, let bd = b.day {
                if am == bm && ad == bd { return .exact }
                if am == bd && ad == bm { return .dayMonthSwapped }
                if am == bm {
                    // One mistyped digit of the day (14/15, 12/21) is a typo, not a new person.
                    let x = Array(String(format2(ad)).utf8), y = Array(String(format2(bd)).utf8)
                    return Similarity.editDistance(x, y) <= 1 && (x[0] == y[0] || x[1] == y[1]) ? .dayTypo : .differentDay
                }
                return .different
            }
            return am == bm ? .yearMonth : .different
        }
        if abs(a.year - b.year) == 1 {
            if a.month != nil, a.month == b.month, a.day == b.day { return .yearOffByOneSameDay }
            return .yearOffByOne
        }
        // A single transposed or mistyped digit of the year with the same day and month.
        if a.month != nil, a.month == b.month, a.day != nil, a.day == b.day,
            Similarity.editDistance(Array(String(a.year).utf8), Array(String(b.year).utf8)) == 1
        {
            return .yearOffByOneSameDay
        }
        return .different
    }

    private static func format2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    var description: String {
        var s = String(year)
        if let month { s += "-" + BirthDate.format2(month) }
        if let day { s += "-" + BirthDate.format2(day) }
        return s
    }
}
