import Foundation

/// The languages of the web UI. Adding one is a catalogue file in `Localization/` and a case
/// here; until a string is translated, English is shown in its place.
public enum Language: String, Sendable, CaseIterable {
    case english = "en"
    case french = "fr"
    case german = "de"

    /// The cookie that holds a user's explicit choice; it wins over the browser's header.
    static let cookieName = "liaison_lang"

    /// Each language named in itself, so that a reader finds their own whatever the page's language.
    var endonym: String {
        switch self {
        case .english: "English"
        case .french: "Français"
        case .german: "Deutsch"
        }
    }

    /// The cookie's choice if it names a language of ours, else the browser's preference.
    static func negotiate(cookie: String?, acceptLanguage: String?) -> Language {
        if let cookie, let chosen = Language(rawValue: cookie) { return chosen }
        return acceptLanguage.flatMap(preferred(in:)) ?? .english
    }

    /// The supported language with the highest weight in an `Accept-Language` header
    /// (RFC 9110 §12.5.4); the earlier one wins a tie, `q=0` means "not this one".
    static func preferred(in header: String) -> Language? {
        var best: (language: Language, weight: Double)?
        // A header has a handful of entries; the bound keeps a hostile one cheap.
        for entry in header.split(separator: ",").prefix(32) {
            let parts = entry.split(separator: ";")
            guard let tag = parts.first?.trimmingCharacters(in: .whitespaces).lowercased() else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if pair.count == 2, pair[0].lowercased() == "q" { weight = Double(pair[1]) ?? 0 }
            }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            guard weight > 0, let language = Language(rawValue: primary) else { continue }
            if best == nil || weight > best!.weight { best = (language, weight) }
        }
        return best?.language
    }
}

/// The strings of the web UI: one flat JSON object per language (`Localization/en.json`, …),
/// keys such as `signin.title`, read once at start. A key missing from a translation falls
/// back to English, and an unknown key shows itself, so a gap is visible but never fatal.
public struct StringCatalogue: Sendable {
    /// Each language's table with English filled in where the translation has no entry.
    let tables: [Language: [String: String]]
    /// The same tables as nested dictionaries, so that templates can write `{{t.signin.title}}`:
    /// Mustache reads a dotted name as a path through nested contexts.
    let nested: [Language: NestedStrings]

    /// Immutable after `init` and made only of strings and dictionaries of strings, so it is
    /// safe to share between requests although `[String: Any]` is not `Sendable` by type.
    struct NestedStrings: @unchecked Sendable {
        let root: [String: Any]
    }

    public static var bundledDirectory: URL? {
        Bundle.module.resourceURL?.appendingPathComponent("Localization")
    }

    /// Reads `<code>.json` for every language from `directory`. English must exist.
    public init(directory: URL) throws {
        var raw: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let file = directory.appendingPathComponent("\(language.rawValue).json")
            guard let data = try? Data(contentsOf: file) else { continue }
            raw[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        guard let english = raw[.english] else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: directory.appendingPathComponent("en.json").path])
        }
        self.init(english: english, translations: raw)
    }

    init(english: [String: String], translations: [Language: [String: String]]) {
        var tables: [Language: [String: String]] = [:]
        var nested: [Language: NestedStrings] = [:]
        for language in Language.allCases {
            let table = english.merging(translations[language] ?? [:]) { _, translated in translated }
            tables[language] = table
            nested[language] = NestedStrings(root: Self.nest(table))
        }
        self.tables = tables
        self.nested = nested
    }

    /// `["a.b": x, "a.c": y]` becomes `["a": ["b": x, "c": y]]`. A key that is also the
    /// prefix of another cannot be nested; the completeness test forbids such pairs.
    static func nest(_ table: [String: String]) -> [String: Any] {
        var root: [String: Any] = [:]
        for (key, value) in table {
            insert(value, at: key.split(separator: ".").map(String.init)[...], into: &root)
        }
        return root
    }

    private static func insert(_ value: String, at path: ArraySlice<String>, into node: inout [String: Any]) {
        guard let head = path.first else { return }
        if path.count == 1 {
            if node[head] == nil { node[head] = value }
            return
        }
        var child = node[head] as? [String: Any] ?? [:]
        insert(value, at: path.dropFirst(), into: &child)
        node[head] = child
    }

    public func strings(_ language: Language) -> Strings {
        Strings(language: language, table: tables[language] ?? [:], english: tables[.english] ?? [:])
    }
}

/// The catalogue seen in one language, as route handlers use it.
public struct Strings: Sendable {
    public let language: Language
    let table: [String: String]
    let english: [String: String]

    /// The text for `key`, with `{name}` placeholders filled from `values`.
    public func callAsFunction(_ key: String, _ values: [String: String] = [:]) -> String {
        Self.fill(table[key] ?? key, values)
    }

    /// The text for `key` if the catalogue has it: for values read from storage, which
    /// are shown as they are when no translation is known.
    public func lookup(_ key: String) -> String? { table[key] }

    /// A count with its noun: `key.one` or `key.other` by the language's rule (in French
    /// 0 and 1 take the singular), `{count}` filled in.
    public func plural(_ key: String, count: Int, _ values: [String: String] = [:]) -> String {
        let one = language == .french ? count <= 1 : count == 1
        return self("\(key).\(one ? "one" : "other")", values.merging(["count": String(count)]) { current, _ in current })
    }

    static func fill(_ text: String, _ values: [String: String]) -> String {
        guard !values.isEmpty, text.contains("{") else { return text }
        var result = text
        for (name, value) in values { result = result.replacingOccurrences(of: "{\(name)}", with: value) }
        return result
    }
}
