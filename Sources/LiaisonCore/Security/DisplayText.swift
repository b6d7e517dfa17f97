import Foundation

/// Names that officials read on every page (users' display names, authorities): text that
/// shows as it is stored. Control characters (NUL among them) and the characters that turn
/// the direction of text (the right-to-left override, isolates, marks) are refused, as they
/// let a name show as something other than what it is.
public enum DisplayText {
    public static let problem = "Letters, digits, spaces and punctuation only: no control or text-direction characters."

    public static func isPlain(_ text: String) -> Bool {
        !text.unicodeScalars.contains { scalar in
            scalar.properties.generalCategory == .control || scalar.properties.isBidiControl || scalar == "\u{FEFF}"
        }
    }
}
