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
