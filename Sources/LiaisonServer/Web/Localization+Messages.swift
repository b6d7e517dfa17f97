import Foundation
import LiaisonCore

/// Messages that the services (authentication, administration, the domain rules) write in
/// English, translated for pages. The services stay free of presentation: the API and the
/// CLI show their English as it is. A page looks each message up by its English form, which
/// the catalogue holds as the English text of a `message.…` key (or of the `error.<code>.detail`
/// key of an error's code), with `{name}` where the message carries a value such as a number.
extension Strings {
    /// The title of an error page or alert, by the error's stable code. A title that is not
    /// the catalogue's English for that code (an error built elsewhere with the same code)
    /// stays as it is rather than be replaced by a text that may not fit.
    public func title(of error: AppError) -> String {
        let key = "error.\(error.code).title"
        guard let translated = table[key], english[key] == error.title else { return error.title }
        return translated
    }

    /// The detail of an error: by its code where the catalogue has one that matches,
    /// otherwise as a known message, otherwise in English.
    public func detail(of error: AppError) -> String {
        let key = "error.\(error.code).detail"
        if let pattern = english[key], let values = Self.match(error.detail, pattern: pattern) {
            return self(key, values)
        }
        return message(error.detail)
    }

    /// A participating state by its name in this language ("Allemagne" for DE in French);
    /// the Commission by its own name; an unknown code as it is.
    public func stateName(_ code: String) -> String {
        if code == "EU" { return self("agency.commission") }
        guard ParticipatingState.named(code) != nil else { return code }
        return Locale(identifier: language.rawValue).localizedString(forRegionCode: code) ?? ParticipatingState.named(code)?.name ?? code
    }

    /// Per-field messages of a form, translated.
    public func fields(of error: AppError) -> [String: String] {
        error.fields.mapValues(message)
    }

    /// A known message in this language. A text made of several known sentences (password
    /// problems are joined) is translated sentence by sentence; an unknown one stays English.
    public func message(_ text: String) -> String {
        if let known = known(text) { return known }
        let sentences = Self.sentences(text)
        guard sentences.count > 1 else { return text }
        return sentences.map { known($0) ?? $0 }.joined(separator: " ")
    }

    private func known(_ text: String) -> String? {
        for (key, pattern) in english where key.hasPrefix("message.") {
            if let values = Self.match(text, pattern: pattern) { return self(key, values) }
        }
        return nil
    }

    /// Splits after a full stop followed by a space.
    static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            if character == " ", current.hasSuffix(".") {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    /// Matches `text` against a pattern whose `{name}` parts stand for one word (no spaces,
    /// so that a pattern cannot swallow the words of a longer message), and returns the words.
    static func match(_ text: String, pattern: String) -> [String: String]? {
        var values: [String: String] = [:]
        var rest = Substring(text)
        var remaining = Substring(pattern)
        while !remaining.isEmpty {
            if remaining.first == "{", let close = remaining.firstIndex(of: "}") {
                let name = String(remaining[remaining.index(after: remaining.startIndex)..<close])
                remaining = remaining[remaining.index(after: close)...]
                let literal = remaining.prefix { $0 != "{" }
                let end: Substring.Index
                if literal.isEmpty {
                    end = rest.endIndex
                } else if let found = rest.range(of: literal) {
                    end = found.lowerBound
                } else {
                    return nil
                }
                let value = rest[..<end]
                guard !value.isEmpty, !value.contains(where: \.isWhitespace) else { return nil }
                values[name] = String(value)
                rest = rest[end...]
            } else {
                // A "{" without its "}" is plain text.
                var literal = remaining.prefix { $0 != "{" }
                if literal.isEmpty { literal = remaining.prefix(1) }
                guard rest.hasPrefix(literal) else { return nil }
                rest = rest.dropFirst(literal.count)
                remaining = remaining.dropFirst(literal.count)
            }
        }
        return rest.isEmpty ? values : nil
    }
}
