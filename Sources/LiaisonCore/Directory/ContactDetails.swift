import Foundation

/// How an authority is reached (PRODUCT.md section B): the unit, its function mailbox and
/// telephone, when it answers, in which languages, whether it is the state's central contact
/// point, and how the national arrangements work. The owning node edits it; every node keeps
/// a copy.
public struct ContactDetails: Codable, Sendable, Hashable {
    public var unit: String
    public var mailbox: String
    public var phone: String?
    /// When the unit answers, e.g. "Mon–Fri 08:00–18:00 CET; on call at night".
    public var hours: String?
    /// ISO 639-1 codes of the languages the unit works in.
    public var languages: [String]
    /// The state's central contact point for the cooperation (doc 6146/24).
    public var central: Bool
    /// How the cooperation with the other side is organised nationally: part of the classified overview.
    public var arrangements: String?

    public init(
        unit: String, mailbox: String, phone: String? = nil, hours: String? = nil, languages: [String] = [], central: Bool = false, arrangements: String? = nil
    ) {
        self.unit = unit
        self.mailbox = mailbox
        self.phone = phone
        self.hours = hours
        self.languages = languages
        self.central = central
        self.arrangements = arrangements
    }

    public func check() throws(ServiceError) {
        var check = FieldCheck()
        check.text(unit, "unit", required: true, limit: 160)
        check.text(mailbox, "mailbox", required: true, limit: 120)
        check.mailbox(mailbox, "mailbox")
        check.text(phone, "phone", limit: 40)
        if let phone, !phone.isEmpty, !phone.allSatisfy({ $0.isNumber || " +()-./".contains($0) }) { check.fail("phone", "Digits, spaces and + ( ) - . / only") }
        check.text(hours, "hours", limit: 200)
        check.text(arrangements, "arrangements", limit: 5000)
        if languages.isEmpty { check.fail("languages", "At least one language") }
        if let unknown = languages.first(where: { !Self.languageCodes.contains($0) }) { check.fail("languages", "“\(unknown)” is not an ISO 639-1 code") }
        if Set(languages).count != languages.count { check.fail("languages", "A language is listed twice") }
        try check.finish("The contact point")
    }

    /// The two-letter ISO 639-1 codes.
    public static let languageCodes: Set<String> = Set(Locale.LanguageCode.isoLanguageCodes.map(\.identifier).filter { $0.count == 2 })

    /// The day by which an entry confirmed at `confirmedAt` must be confirmed again.
    public static func reconfirmBy(_ confirmedAt: Date, months: Int) -> Date {
        Calendar(identifier: .gregorian).date(byAdding: .month, value: months, to: confirmedAt) ?? confirmedAt
    }
}
