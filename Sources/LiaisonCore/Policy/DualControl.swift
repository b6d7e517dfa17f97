/// Separation of duties between administering the node and seeing personal data.
///
/// An administrator alone could otherwise reach personal data: by giving themselves an
/// officer's role, by creating a user and completing its enrolment, or by re-enrolling an
/// officer and signing in as them. So an administrator never gives themselves a role that sees
/// personal data; giving one to anyone else, enrolling a user who holds one, or resetting such
/// a user's credentials takes two administrators: one asks, another approves. The enrolment
/// that follows is split between them (the link to the one who asked, an approval code to the
/// one who approved), so that neither alone can complete it. The data protection officer sees
/// every such change. Administration itself is given the same way: a second administrator
/// account in one person's hands would approve that person's requests.
///
/// Credentials that one administrator handed over alone (an enrolment link for a role without
/// personal data) may have been used by that administrator. Giving such a user a role that
/// sees personal data is therefore an enrolment under dual control, not a bare grant.
public enum DualControl {
    /// The roles that need a second administrator when a change adds them.
    public static func rolesNeedingApproval(addedFrom old: Set<Role>, to new: Set<Role>) -> Set<Role> {
        new.subtracting(old).filter(\.needsDualControl)
    }

    /// May `actor` ask for this change? Never about their own access.
    public static func checkRequest(actorID: String, targetID: String) throws(PolicyError) {
        if actorID == targetID {
            throw PolicyError(.selfGrant, detail: "You cannot give yourself a role that sees personal data, nor reset your own credentials this way.")
        }
    }

    /// May `approver` approve a change that `requester` asked for, about `target`?
    public static func checkApproval(approverID: String, requesterID: String, targetID: String) throws(PolicyError) {
        if approverID == requesterID {
            throw PolicyError(.ownRequest, detail: "A second administrator must approve what you asked for.")
        }
        try checkDecision(deciderID: approverID, targetID: targetID)
    }

    /// May `decider` approve or refuse a change about `target`? Never about their own access.
    public static func checkDecision(deciderID: String, targetID: String) throws(PolicyError) {
        if deciderID == targetID {
            throw PolicyError(.selfGrant, detail: "You cannot decide on a change to your own access.")
        }
    }
}
