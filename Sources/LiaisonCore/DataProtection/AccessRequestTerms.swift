import Foundation

/// The terms of a data subject's request for access (GDPR Art. 12(3) and 15; Directive (EU)
/// 2016/680 Art. 12(3) and 14): answered without undue delay and within one month of receipt.
public enum AccessRequestTerms {
    /// The day the answer is due: the same day of the next month, or that month's last day
    /// when it is shorter (received 31 January, due 28 or 29 February).
    public static func dueDay(receivedOn day: String) -> String? {
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard ContentFormat.isCalendarDay(day), parts.count == 3 else { return nil }
        let (year, month) = parts[1] == 12 ? (parts[0] + 1, 1) : (parts[0], parts[1] + 1)
        let dueDay = min(parts[2], daysIn(month: month, year: year))
        return String(format: "%04d-%02d-%02d", year, month, dueDay)
    }

    /// Refuses a receipt day that is no calendar day or lies after today (`yyyy-MM-dd`).
    public static func checkReceipt(_ receivedOn: String, today: String) throws(PolicyError) {
        guard ContentFormat.isCalendarDay(receivedOn) else { throw ContentFormat.invalid("receivedOn", "is a date YYYY-MM-DD") }
        guard receivedOn <= today else { throw ContentFormat.invalid("receivedOn", "is today or a day before") }
    }

    /// The identity the request is about: the same fields and limits as any person (R4), and at
    /// least a family name to search with.
    public static func checkIdentity(_ identity: PersonIdentity) throws(PolicyError) {
        try identity.validate()
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
