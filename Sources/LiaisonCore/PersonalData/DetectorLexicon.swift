import Foundation

/// The word lists of the detector (`PersonalData/Lexicon`, made by `scripts/generate-pii-tables`
/// from published name, word-frequency and place datasets), loaded once, folded to lower case
/// without diacritics.
struct DetectorLexicon: Sendable {
    let givenNames: Set<String>
    let familyNames: Set<String>
    /// The most frequent words of English, French and German.
    let commonWords: Set<String>
    /// Countries, and towns whose names share a word with a person's name (Port Said).
    let places: Set<String>

    static let shared = DetectorLexicon()

    init() {
        func words(_ name: String) -> Set<String> {
            guard let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Lexicon"),
                let text = try? String(contentsOf: url, encoding: .utf8)
            else {
                // Without its lexicon the detector would pass names through: a packaging error.
                fatalError("lexicon \(name).txt missing from the LiaisonCore bundle")
            }
            return Set(text.split(whereSeparator: \.isNewline).lazy.filter { !$0.hasPrefix("#") }.map(String.init))
        }
        let compiled = words("names-compiled")
        givenNames = words("given-names").union(compiled)
        familyNames = words("family-names").union(compiled)
        commonWords = words("common-words")
        places = words("places").union(words("places-compiled"))
    }

    /// Lower case without diacritics, as the lists are written.
    static func fold(_ word: some StringProtocol) -> String {
        word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).replacingOccurrences(of: "ß", with: "ss")
    }
}
