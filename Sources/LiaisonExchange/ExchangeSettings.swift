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

    public init() {}
}
