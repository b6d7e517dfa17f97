import Foundation

/// Personal data a liaison officer may process (Art. 10 of Regulation (EU) 2019/1240): only for
/// the tasks of Art. 3(6), each item tagged with its purpose and deleted on a set day.
public struct OfficerPersonalData: Codable, Sendable, Hashable {
    /// The tasks of Art. 3(6) for which an officer may hold personal data.
    public enum Purpose: String, Codable, Sendable, CaseIterable {
        case identityForReturn = "identity-for-return"
        case returnPassengerList = "return-passenger-list"
        case legalMigration = "legal-migration"
        case resettlement
        case smugglingAndTrafficking = "smuggling-and-trafficking"
    }

    public var id: UUID
    public var purpose: Purpose
    /// Who the item is about, as the officer's case names them.
    public var subject: String
    public var content: String
    /// The day it is deleted, at the latest (`yyyy-MM-dd`).
    public var deleteOn: String

    /// Nothing is kept longer than a year; the officer sets an earlier day when the task ends sooner.
    public static let longestKeptDays = 365

    public init(id: UUID = UUID(), purpose: Purpose, subject: String, content: String, deleteOn: String) {
        self.id = id
        self.purpose = purpose
        self.subject = subject
        self.content = content
        self.deleteOn = deleteOn
    }

    /// Refuses an item without a future deletion day within the longest period, or out of its limits.
    public func check(today: String) throws(ServiceError) {
        var check = FieldCheck()
        check.text(subject, "subject", required: true, limit: 200)
        check.text(content, "content", required: true, limit: 10_000)
        check.day(deleteOn, "deleteOn")
        if ContentFormat.isCalendarDay(deleteOn), ContentFormat.isCalendarDay(today) {
            let latest = Self.day(adding: Self.longestKeptDays, to: today)
            if deleteOn <= today { check.fail("deleteOn", "A day after today") } else if deleteOn > latest { check.fail("deleteOn", "At most a year from today (\(latest))") }
        }
        try check.finish("The item")
    }

    static func day(adding days: Int, to day: String) -> String {
        let style = Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day()
        guard let date = try? Date(day, strategy: style) else { return day }
        return date.addingTimeInterval(Double(days) * 86400).formatted(style)
    }
}
