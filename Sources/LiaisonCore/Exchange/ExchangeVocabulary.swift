import Foundation

/// What a message between contact points is. The kind travels as the envelope kind, so a
/// receiving node knows which rules to apply before it reads the body.
public enum ExchangeKind: String, Sendable, Codable, CaseIterable {
    /// Administrative-situation request, IMM → IMM abroad.
    case request = "exchange.request"
    /// The answer to a request, IMM → IMM abroad.
    case answer = "exchange.answer"
    /// Administrative information sent without a request, IMM → IMM abroad.
    case spontaneous = "exchange.spontaneous"
    /// A change to something sent before: update, correction or withdrawal.
    case followUp = "exchange.followUp"
    /// A contact-point message (text only) between contact points of the same kind.
    case contactMessage = "exchange.contactMessage"

    /// Whether this kind belongs to the administrative exchange between immigration contact
    /// points (R4); whether one message carries personal data is `ExchangeMessage`'s to say.
    public var isAdministrative: Bool {
        switch self {
        case .request, .answer, .spontaneous, .followUp: true
        case .contactMessage: false
        }
    }
}

/// What a follow-up does to the message it refers to.
public enum FollowUpKind: String, Sendable, Codable, CaseIterable {
    case update, correction, withdrawal
}

/// Handling codes as used in SIENA practice: how the receiver may use the information.
public enum HandlingCode: String, Sendable, Codable, CaseIterable {
    /// For the purposes of the exchange only.
    case h0 = "H0"
    /// Not to be used in judicial proceedings without the sender's permission.
    case h1 = "H1"
    /// Not to be disseminated further without the sender's permission.
    case h2 = "H2"
    /// Other restrictions, stated in the message.
    case h3 = "H3"
}

public enum Urgency: String, Sendable, Codable, CaseIterable {
    case normal, urgent
}

/// Security classification levels of EU classified information, lowest first.
public enum Classification: String, Sendable, Codable, CaseIterable, Comparable {
    case unclassified = "UNCLASSIFIED"
    case restricted = "RESTREINT UE/EU RESTRICTED"
    case confidential = "CONFIDENTIEL UE/EU CONFIDENTIAL"
    case secret = "SECRET UE/EU SECRET"
    case topSecret = "TRES SECRET UE/EU TOP SECRET"

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The marking a message carries (R7): a classification and, optionally, the LIMITE
/// distribution marking, which is not a classification.
public struct Marking: Sendable, Codable, Hashable {
    public var classification: Classification
    public var limite: Bool

    public init(classification: Classification = .unclassified, limite: Bool = false) {
        self.classification = classification
        self.limite = limite
    }

    public static let unclassified = Marking()

    public var label: String { limite ? "\(classification.rawValue) · LIMITE" : classification.rawValue }
}

/// The highest marking a node is accredited to hold and send (R7).
public struct MarkingCeiling: Sendable, Codable, Equatable {
    public var classification: Classification
    public var allowsLimite: Bool

    public init(classification: Classification = .unclassified, allowsLimite: Bool = true) {
        self.classification = classification
        self.allowsLimite = allowsLimite
    }

    /// Unclassified, with LIMITE allowed: the default of PRODUCT.md.
    public static let `default` = MarkingCeiling()

    public func admits(_ marking: Marking) -> Bool {
        marking.classification <= classification && (!marking.limite || allowsLimite)
    }
}

/// Source evaluation (the reliability of the source) of the 4×4 system.
public enum SourceEvaluation: String, Sendable, Codable, CaseIterable {
    case a = "A", b = "B", c = "C", x = "X"
}

/// Information evaluation (the accuracy of the information) of the 4×4 system.
public enum InformationEvaluation: String, Sendable, Codable, CaseIterable {
    case one = "1", two = "2", three = "3", four = "4"
}

/// Categories of administrative information a request may ask for (R4: nothing else).
public enum RequestedCategory: String, Sendable, Codable, CaseIterable {
    case identity
    case internationalProtection = "international-protection"
    case dublin
    case `return`
    case visa
    case residencePermit = "residence-permit"
    case otherLegalStatus = "other-legal-status"
    case entryBan = "entry-ban"
}

/// How a contact point answers a request.
public enum AnswerOutcome: String, Sendable, Codable, CaseIterable {
    case found
    case notFound = "not-found"
    case needsMoreIdentifiers = "needs-more-identifiers"
    case refused
}

// Written into text (audit details, string-catalogue keys, logs) as the raw value, the
// form they are stored and sent in, never as the Swift case name.
extension ExchangeKind: CustomStringConvertible { public var description: String { rawValue } }
extension FollowUpKind: CustomStringConvertible { public var description: String { rawValue } }
extension HandlingCode: CustomStringConvertible { public var description: String { rawValue } }
extension Urgency: CustomStringConvertible { public var description: String { rawValue } }
