/// The node's record of processing (Directive (EU) 2016/680 Art. 24; GDPR Art. 30): each
/// category of personal data with its purpose and legal basis, as an access report states them.
/// An exchange states its own purpose and legal basis; these are the defaults of its category.
public enum ProcessingCategory: String, Sendable, Codable, CaseIterable {
    case notification
    case exchange
    case record
    case officerData = "officer-data"

    public var purpose: String {
        switch self {
        case .notification:
            "To ask the immigration and asylum authorities whether a person notified by the counter-terrorism authority is known to them (Council document 8700/25)."
        case .exchange:
            "Administrative information on a person's identity and situation, exchanged between contact points of EU and Schengen states."
        case .record:
            "The immigration and asylum authority's own administrative record, consulted to answer requests and to check notified persons."
        case .officerData:
            "A task of an immigration liaison officer under Art. 3(6) of Regulation (EU) 2019/1240."
        }
    }

    public var legalBasis: String {
        switch self {
        case .notification: "Directive (EU) 2016/680, Art. 8, with the national law of the counter-terrorism authority."
        case .exchange: "Directive (EU) 2016/680, Art. 8, or Regulation (EU) 2016/679, Art. 6(1)(e), as the exchange states."
        case .record: "Regulation (EU) 2016/679, Art. 6(1)(e), with the national law on immigration and asylum."
        case .officerData: "Regulation (EU) 2019/1240, Art. 10."
        }
    }
}
