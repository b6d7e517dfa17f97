import Foundation

/// A contact point as the rules see it: the state it belongs to and its authority's kind.
public struct ContactPoint: Sendable, Hashable, Codable {
    public var stateCode: String
    public var kind: AuthorityKind

    public init(stateCode: String, kind: AuthorityKind) {
        self.stateCode = stateCode.uppercased()
        self.kind = kind
    }
}

/// What rule R3 needs to know about a threat notification.
public struct NotificationStanding: Sendable, Equatable {
    public var validFrom: Date
    public var validUntil: Date
    public var withdrawn: Bool

    public init(validFrom: Date, validUntil: Date, withdrawn: Bool) {
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.withdrawn = withdrawn
    }

    public func isActive(at now: Date) -> Bool { !withdrawn && validFrom <= now && now < validUntil }
}

/// The rules R1–R8 of PRODUCT.md section A (from Council doc 6146/24), each once. The web
/// pages, the API and the federation inbox call these same functions; a receiving node
/// re-checks everything it can see and never trusts the sender's check.
public enum ExchangeRules {
    /// R1: across borders, immigration/asylum authorities exchange only with immigration/asylum
    /// authorities and CT authorities only with CT authorities, whatever the message kind.
    public static func checkSameKindAbroad(from: ContactPoint, to: ContactPoint) throws(PolicyError) {
        guard from.stateCode != to.stateCode else { return }
        guard from.kind == to.kind, from.kind == .immigrationAsylum || from.kind == .counterTerrorism else {
            throw PolicyError(
                .r1SameKindAbroad,
                detail:
                    "R1: across borders, immigration authorities exchange only with immigration authorities and counter-terrorism authorities only with counter-terrorism authorities (\(from.kind.rawValue) in \(from.stateCode) → \(to.kind.rawValue) in \(to.stateCode))."
            )
        }
    }

    /// The national flows between CT and immigration within one state.
    public enum NationalFlow: Sendable {
        /// A threat notification, CT → IMM.
        case notification
        /// Administrative information or an alert, IMM → CT.
        case administrativeInformation
    }

    /// R2: within one state, CT notifies the immigration contact point and the immigration
    /// contact point informs CT; a notification never leaves the node's state.
    public static func checkNationalLink(_ flow: NationalFlow, from: ContactPoint, to: ContactPoint) throws(PolicyError) {
        guard from.stateCode == to.stateCode else {
            throw PolicyError(.r2NationalOnly, detail: "R2: threat notifications and alerts stay within one state; they never go abroad.")
        }
        let expected: (AuthorityKind, AuthorityKind) =
            switch flow {
            case .notification: (.counterTerrorism, .immigrationAsylum)
            case .administrativeInformation: (.immigrationAsylum, .counterTerrorism)
            }
        guard from.kind == expected.0, to.kind == expected.1 else {
            throw PolicyError(
                .r2WrongDirection,
                detail: "R2: notifications go from the counter-terrorism authority to the immigration contact point, administrative information the other way.")
        }
    }

    /// R3: an immigration contact point sends administrative information about a person abroad
    /// only while an active notification from its national CT authority covers that person.
    public static func checkCTFirst(_ notification: NotificationStanding?, now: Date) throws(PolicyError) {
        guard let notification, notification.isActive(at: now) else {
            throw PolicyError(
                .r3NoActiveNotification,
                detail: "R3: information about a person goes abroad only while an active threat notification of the national counter-terrorism authority covers the person.")
        }
    }

    /// What a follow-up about a person stands on, for R3.
    public enum FollowUpGround: Sendable {
        /// This node asked or informed under its own notification (nil when it is gone).
        case ownNotification(NotificationStanding?)
        /// This node answers another state's request, or was sent its information, or is the
        /// receiver: the other state's notification reference is the ground, as for an answer.
        case counterpartExchange
    }

    /// The exchange a follow-up is written on, as R3 sees it.
    public struct FollowUpStanding: Sendable {
        public var exchangeKind: ExchangeKind
        public var ground: FollowUpGround
        public var withdrawn: Bool
        /// Whether the follow-up's author sent personal data on this exchange before (the
        /// request or information itself, or a "found" answer): only that can be corrected.
        public var sentPersonalData: Bool

        public init(exchangeKind: ExchangeKind, ground: FollowUpGround, withdrawn: Bool, sentPersonalData: Bool) {
            self.exchangeKind = exchangeKind
            self.ground = ground
            self.withdrawn = withdrawn
            self.sentPersonalData = sentPersonalData
        }
    }

    /// R3 for updates, corrections and withdrawals, checked when one is written, when it is
    /// approved, and by the receiver (which judges only what it can see of the exchange).
    ///
    /// - A withdrawal ends the exchange and carries nothing about the person: always allowed.
    /// - An update is new information about the person: the ground of the exchange must still
    ///   stand (the own notification active, the exchange not withdrawn).
    /// - A correction rectifies what was sent. The duty to tell each recipient of inaccurate
    ///   data (Art. 16(6) Directive (EU) 2016/680, Art. 19 GDPR) outlives the notification, so
    ///   it goes after a withdrawal or expiry too, under four eyes (R8). Where nothing about
    ///   the person was sent before, a correction carrying data is new information and is
    ///   judged as an update.
    /// - A contact-point message is followed up only by its withdrawal: it is about no person.
    public static func checkCTFirst(followUp: FollowUpBody, on exchange: FollowUpStanding, now: Date) throws(PolicyError) {
        let carriesData = followUp.subject != nil || followUp.situation != nil
        guard exchange.exchangeKind != .contactMessage || followUp.followUp == .withdrawal else {
            throw PolicyError(.r3NoActiveNotification, detail: "R3: a contact-point message is about no person; it can only be withdrawn.")
        }
        switch followUp.followUp {
        case .withdrawal:
            return
        case .correction where !carriesData || exchange.sentPersonalData:
            return
        case .correction, .update:
            if exchange.withdrawn {
                throw PolicyError(
                    .r3NoActiveNotification,
                    detail: "R3: this exchange was withdrawn; nothing new about the person goes on it (a correction of what was sent still may).")
            }
            if case .ownNotification(let standing) = exchange.ground { try checkCTFirst(standing, now: now) }
        }
    }

    /// R3 for answers: the answer stands on the request it answers (which carries the asking
    /// state's notification reference); once the request is withdrawn, no answer goes or is taken.
    public static func checkRequestStands(withdrawn: Bool) throws(PolicyError) {
        guard !withdrawn else {
            throw PolicyError(.r3NoActiveNotification, detail: "R3: the request was withdrawn; it is answered no more.")
        }
    }

    /// R3 at the receiver: a request or spontaneous information must carry the sending
    /// state's notification reference.
    public static func checkCarriesNotificationReference(_ reference: String) throws(PolicyError) {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 80 else {
            throw PolicyError(.r3NoActiveNotification, detail: "R3: the message does not carry the reference of a threat notification.")
        }
    }

    /// R4: identity and administrative situation only. The schema itself has no other field
    /// (`AdministrativeContent` refuses unknown fields); here, the free text is bounded.
    public static func checkAdministrativeOnly(subject: PersonIdentity?, situation: AdministrativeSituation?, remarks: String?) throws(PolicyError) {
        try subject?.validate()
        try situation?.validate()
        try ContentFormat.text(remarks, "remarks", max: AdministrativeSituation.remarksLimit, code: .r4NotAdministrative)
    }

    /// R5: the subject is a third-country national or a stateless person in a migratory
    /// procedure; a national of an EU or Schengen state is never the subject of an exchange.
    /// Nationalities are read in their canonical ICAO form (`Nationality`), so no spelling
    /// ("D<<", "deu", "REU" for a French national) gets a national past this rule, and a code
    /// that is not a nationality at all is refused.
    public static func checkForeigner(_ subject: PersonIdentity) throws(PolicyError) {
        try subject.validateNationalityCodes()
        if let national = subject.nationalities.first(where: ParticipatingState.isParticipatingNationality) {
            throw PolicyError(
                .r5NotAForeigner,
                detail: "R5: the person holds the nationality \(Nationality.spelled(national)) of an EU or Schengen state; exchanges concern foreigners only.")
        }
        guard !subject.nationalities.isEmpty else {
            throw PolicyError(.r5NotAForeigner, detail: "R5: give the person's nationality (XXA for a stateless person, XXX if unknown).")
        }
    }

    /// R6: a request to several states is several bilateral exchanges. Returns the states,
    /// each once, in order; refuses none, the node's own state, or a state outside the network.
    public static func bilateralTargets(_ states: [String], ownState: String, network: Set<String>) throws(PolicyError) -> [String] {
        var targets: [String] = []
        for state in states.map({ $0.uppercased() }) where !targets.contains(state) { targets.append(state) }
        guard !targets.isEmpty else { throw PolicyError(.r6NotBilateral, detail: "R6: name at least one state to ask.") }
        if targets.contains(ownState.uppercased()) {
            throw PolicyError(.r6NotBilateral, detail: "R6: a request goes to other states; your own state is answered nationally.")
        }
        if let unknown = targets.first(where: { !network.contains($0) }) {
            throw PolicyError(.r6NotBilateral, detail: "R6: \(unknown) has no node in the network.")
        }
        return targets
    }

    /// R6 at the receiver: the exchange is with this state and no other.
    public static func checkBilateral(recipientState: String, receiverState: String) throws(PolicyError) {
        guard recipientState.uppercased() == receiverState.uppercased() else {
            throw PolicyError(.r6NotBilateral, detail: "R6: the exchange is addressed to \(recipientState), not to this state.")
        }
    }

    /// R7: nothing above the node's accredited ceiling.
    public static func checkMarking(_ marking: Marking, ceiling: MarkingCeiling) throws(PolicyError) {
        guard ceiling.admits(marking) else {
            throw PolicyError(.r7AboveCeiling, detail: "R7: the marking \(marking.label) is above what this node may exchange; the network carries non-classified information only.")
        }
    }

    /// R8: every exchange names its purpose and legal basis.
    public static func checkPurpose(purpose: String, legalBasis: String) throws(PolicyError) {
        let p = purpose.trimmingCharacters(in: .whitespacesAndNewlines), l = legalBasis.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !p.isEmpty, !l.isEmpty else {
            throw PolicyError(.r8PurposeRequired, detail: "R8: every exchange names its purpose and its legal basis.")
        }
        guard p.count <= 500, l.count <= 300 else {
            throw PolicyError(.r8PurposeRequired, detail: "R8: the purpose is at most 500 characters and the legal basis 300.")
        }
    }

    /// R8 four eyes: a supervisor approves what someone else wrote, never their own. Both are
    /// named by user id; a message whose author is not recorded cannot be shown to be someone
    /// else's, so it is refused.
    public static func checkFourEyes(author: String?, approver: String) throws(PolicyError) {
        guard let author, author != approver else {
            throw PolicyError(.r8FourEyes, detail: "R8: a second person approves; you cannot approve a message you wrote.")
        }
    }

    /// R8: whether a message waits for a supervisor before it may leave the node: when it
    /// carries personal data or free text about the person.
    public static func needsApproval(_ message: ExchangeMessage, approvalRequired: Bool) -> Bool {
        approvalRequired && message.needsReview
    }

    /// R8: personal data and free text leave the node only once approved, where the node requires it.
    public static func checkMayLeave(_ message: ExchangeMessage, approvalRequired: Bool, approvedBy: String?) throws(PolicyError) {
        guard !needsApproval(message, approvalRequired: approvalRequired) || approvedBy != nil else {
            throw PolicyError(.r8ApprovalRequired, detail: "R8: this message carries personal data or free text about a person and leaves the node only after a supervisor's approval.")
        }
    }

    /// A late answer states why it is late.
    public static func checkLateReason(answeredAt: Date, deadline: Date, lateReason: String?) throws(PolicyError) {
        guard answeredAt > deadline else { return }
        guard let lateReason, !lateReason.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw PolicyError(.lateReasonRequired, detail: "The deadline has passed: state why the answer is late.")
        }
    }
}
