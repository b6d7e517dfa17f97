import Foundation

/// Collects what does not hold in a submitted record, field by field, so that one refusal
/// names every field at once.
public struct FieldCheck: Sendable {
    public private(set) var fields: [String: String] = [:]

    public init() {}

    /// A line or a text that the pages can show as it is, within `limit` characters.
    public mutating func text(_ value: String?, _ field: String, required: Bool = false, limit: Int) {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            if required { fields[field] = "Required" }
            return
        }
        if value.count > limit {
            fields[field] = "At most \(limit) characters"
        } else if !DisplayText.isPlain(value) {
            fields[field] = "Holds characters that cannot be shown"
        }
    }

    /// A list of lines, each checked like `text`, at most `count` of them.
    public mutating func lines(_ values: [String], _ field: String, required: Bool = false, count: Int, limit: Int) {
        if required && values.isEmpty { fields[field] = "Required" }
        if values.count > count { fields[field] = "At most \(count) items" }
        for value in values { text(value, field, required: true, limit: limit) }
    }

    /// A real day written YYYY-MM-DD, in this century or the next.
    public mutating func day(_ value: String?, _ field: String, required: Bool = true) {
        guard let value, !value.isEmpty else {
            if required { fields[field] = "Required" }
            return
        }
        if !(ContentFormat.isCalendarDay(value) && ("2000"..."2100").contains(value.prefix(4))) { fields[field] = "A date as yyyy-mm-dd" }
    }

    /// A function mailbox: one address, no blanks.
    public mutating func mailbox(_ value: String?, _ field: String) {
        guard let value, !value.isEmpty else { return }
        if value.count > 120 || !value.contains("@") || value.contains(where: \.isWhitespace) || !DisplayText.isPlain(value) {
            fields[field] = "Not an e-mail address"
        }
    }

    public mutating func fail(_ field: String, _ message: String) { fields[field] = message }

    /// Throws the refusal naming every field that does not hold, if any.
    public func finish(_ what: String) throws(ServiceError) {
        guard fields.isEmpty else {
            throw ServiceError.invalid("\(what) cannot be recorded as it is: \(fields.keys.sorted().joined(separator: ", ")).", fields: fields)
        }
    }
}
