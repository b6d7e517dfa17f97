/// CSV as spreadsheets read it: every cell quoted, and a cell that a spreadsheet would run as a
/// formula (=, +, -, @, tab, carriage return first) prefixed with an apostrophe.
enum CSVText {
    static func field(_ text: String) -> String {
        let safe = text.first.map { "=+-@\t\r".contains($0) } == true ? "'" + text : text
        return "\"" + safe.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func line(_ cells: [String]) -> String { cells.map(field).joined(separator: ",") }
}
