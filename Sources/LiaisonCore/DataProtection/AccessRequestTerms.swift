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
        let dueDay = min(parts[2], ContentFormat.daysIn(month: month, year: year))
        return String(format: "%04d-%02d-%02d", year, month, dueDay)
    }

    /// Refuses a receipt day that is no calendar day or lies after today (`yyyy-MM-dd`).
    public static func checkReceipt(_ receivedOn: String, today: String) throws(PolicyError) {
        guard ContentFormat.isCalendarDay(receivedOn) else { throw ContentFormat.invalid("receivedOn", "is a date YYYY-MM-DD") }
        guard receivedOn <= today else { throw ContentFormat.invalid("receivedOn", "is today or a day before") }
    }

}
