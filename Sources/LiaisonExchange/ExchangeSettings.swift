import Foundation
import LiaisonCore
import LiaisonNode

/// What a node decides for itself about the exchange (PRODUCT.md section A).
public struct ExchangeSettings: Sendable {
    /// R8: personal data leave the node only after a supervisor's approval.
    public var approvalRequired = true
    /// R7: the highest marking the node is accredited for.
    public var ceiling = MarkingCeiling.default
    /// Answer deadlines (Directive (EU) 2023/977 as the reference).
    public var deadlines = DeadlinePolicy.default
    /// Whether a pair sharing a travel document and a full date of birth confirms itself
    /// without an officer (audited as automatic). Off unless the operator turns it on.
    public var autoConfirmExactMatches = false
    /// What the data protection officer's review of reads flags.
    public var readReview = ReadReviewSettings()
    /// How long each category of personal data is kept before the daily job erases it.
    public var retention = RetentionSettings()

    public init() {}
}

/// What stands out in the reads of personal data: reads outside the node's working hours
/// (and at weekends), and more reads by one user in a day than the threshold.
public struct ReadReviewSettings: Sendable {
    /// Hours of the day, in `timeZone`, when officials work: 7 to 19 by default.
    public var workingHours = 7..<19
    public var timeZone = TimeZone(identifier: "Europe/Brussels") ?? .gmt
    /// Persons read by one user in one day above which the day is flagged.
    public var readsPerDay = 200

    public init() {}
}

/// How long each category of personal data is kept, in months after the data stop being
/// needed (Directive (EU) 2016/680, Art. 5: time limits for erasure set by the controller;
/// the defaults are a starting point for the national rules, documented in docs/SECURITY.md).
public struct RetentionSettings: Sendable {
    /// A notification's person, after the notification ended (withdrawn or expired), with its
    /// matches and alerts.
    public var notificationsMonths = 12
    /// The personal data of an exchange (request, information, answer, follow-ups), after its
    /// last step, unless a supervisor still has to decide on it.
    public var exchangesMonths = 24
    /// The rows of who read which person (the chained audit entries of the views stay).
    public var readsMonths = 24
    /// The bodies of signed envelopes sent and received (their digests and receipts stay, as
    /// proof of what was exchanged).
    public var envelopesMonths = 24

    public init() {}
}
