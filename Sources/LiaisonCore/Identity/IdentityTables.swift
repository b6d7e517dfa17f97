import Foundation

/// The data tables under `Identity/Tables`, loaded once. They are data files rather than code
/// so that a linguist can review and extend them, and each names its source in its header.
struct IdentityTables: Sendable {
    /// Single letters and digraphs to Latin, per script.
    let cyrillic: [Character: String]
    let cyrillicNational: [Character: String]
    let greek: [String: String]
    let arabic: [Character: String]
    let ethiopic: [Character: String]
    /// Whole Arabic-script words with their conventional romanisation.
    let arabicNames: [String: String]
    /// Any spelling to its canonical spelling.
    let variants: [String: String]
    let particles: Set<String>

    static let shared = IdentityTables()

    init() {
        func rows(_ name: String) -> [[String]] {
            guard let url = Bundle.module.url(forResource: name, withExtension: "tsv", subdirectory: "Tables"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else {
                // A missing table is a packaging error, not a runtime condition to survive:
                // matching without it would silently miss people.
                fatalError("identity table \(name).tsv missing from the LiaisonCore bundle")
            }
            return text.split(whereSeparator: \.isNewline).compactMap { line in
                if line.hasPrefix("#") { return nil }
                return line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            }
        }
        func chars(_ r: [[String]], column: Int) -> [Character: String] {
            var m: [Character: String] = [:]
            for row in r where row.count > column {
                if let c = row[0].first, row[0].count == 1 { m[c] = row[column] }
            }
            return m
        }
        let cyr = rows("cyrillic")
        cyrillic = chars(cyr, column: 1)
        cyrillicNational = chars(cyr, column: 2)
        var g: [String: String] = [:]
        for row in rows("greek") where row.count >= 2 { g[row[0]] = row[1] }
        greek = g
        arabic = chars(rows("arabic"), column: 1)
        ethiopic = chars(rows("ethiopic"), column: 1)
        var an: [String: String] = [:]
        for row in rows("arabic-names") where row.count >= 2 { an[row[0]] = row[1] }
        arabicNames = an
        var v: [String: String] = [:]
        for row in rows("name-variants") where row.count >= 2 {
            let canonical = row[0]
            v[canonical] = canonical
            for spelling in row[1].split(separator: ",") { v[String(spelling)] = canonical }
        }
        variants = v
        particles = Set(rows("particles").compactMap { $0.first })
    }
}
