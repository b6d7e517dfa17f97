import Foundation

/// What a form's text fields hold once the blanks around them are gone.
enum FormText {
    /// The text, trimmed; nil when nothing is left.
    static func trimmed(_ text: String?) -> String? {
        let value = text?.trimmingCharacters(in: .whitespacesAndNewlines)
        return value?.isEmpty == false ? value : nil
    }

    /// One item per non-blank line: an agenda, a list of guests.
    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
