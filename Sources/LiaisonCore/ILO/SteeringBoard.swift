import Foundation

/// The Steering Board's seats (Art. 7(1)): one per Member State, two for the Commission, one
/// each for Frontex, Europol and the EU Agency for Asylum, and one per Schengen-associated
/// state without a vote.
public enum BoardSeat {
    public static let all: [String] = ParticipatingState.all.map(\.code) + DeployingAgency.allCases.map(\.rawValue)

    /// How many members (and as many alternates) a seat has.
    public static func places(_ seat: String) -> Int { seat == "EU" ? 2 : 1 }

    /// Whether `seat` votes under `rules`: Member States always, Schengen-associated states
    /// never, the Commission and the agencies as the rules of procedure say.
    public static func votes(_ seat: String, under rules: BoardRules) -> Bool {
        if DeployingAgency(rawValue: seat) != nil { return rules.agenciesVote }
        guard let state = ParticipatingState.named(seat), state.code == seat else { return false }
        switch state.membership {
        case .memberState: return true
        case .schengenAssociated: return false
        case .commission: return rules.commissionVotes
        }
    }
}

/// The rules of procedure the Board votes under, set by its chair. A decision keeps the rules
/// it was opened under.
public struct BoardRules: NetworkRecord {
    public static let recordKind = NetworkRecordKind.boardRules

    public enum Majority: String, Codable, Sendable, CaseIterable {
        /// More votes for than against, of the votes cast.
        case simple
        /// At least two thirds of the votes cast for and against.
        case twoThirds = "two-thirds"
        /// More than half of the seats with a vote.
        case absolute
    }

    /// One record per network; its id never changes.
    public var id: UUID
    /// Share of the seats with a vote that must take part (abstentions count), in per cent.
    public var quorumPercent: Int
    public var majority: Majority
    public var commissionVotes: Bool
    public var agenciesVote: Bool

    public static let recordID = UUID(uuidString: "00000000-0000-0000-0000-0000000000B0")!
    public static let standard = BoardRules(id: recordID, quorumPercent: 67, majority: .simple, commissionVotes: false, agenciesVote: false)

    public var parentID: UUID? { nil }

    public init(id: UUID, quorumPercent: Int, majority: Majority, commissionVotes: Bool, agenciesVote: Bool) {
        self.id = id
        self.quorumPercent = quorumPercent
        self.majority = majority
        self.commissionVotes = commissionVotes
        self.agenciesVote = agenciesVote
    }

    public func check(publishedBy publisher: String) throws(ServiceError) {
        var check = FieldCheck()
        if !(1...100).contains(quorumPercent) { check.fail("quorumPercent", "A share between 1 and 100 per cent") }
        if id != Self.recordID { check.fail("id", "The rules of procedure are one record") }
        try check.finish("The rules of procedure")
    }
}

/// A member or alternate of a seat, with the account they vote from at their own node.
public struct BoardMember: NetworkRecord {
    public static let recordKind = NetworkRecordKind.boardMember

    public enum Role: String, Codable, Sendable, CaseIterable {
        case member, alternate
    }

    public var id: UUID
    public var seat: String
    public var role: Role
    public var name: String
    /// The user name at the seat's node; a vote from that node names it.
    public var username: String
    public var mailbox: String?
    /// The day the member left the Board; the record stays, as the votes they cast do.
    public var withdrawnOn: String?

    public var parentID: UUID? { nil }

    public init(id: UUID = UUID(), seat: String, role: Role, name: String, username: String, mailbox: String? = nil, withdrawnOn: String? = nil) {
        self.id = id
        self.seat = seat
        self.role = role
        self.name = name
        self.username = username
        self.mailbox = mailbox
        self.withdrawnOn = withdrawnOn
    }

    public func check(publishedBy publisher: String) throws(ServiceError) {
        var check = FieldCheck()
        if !BoardSeat.all.contains(seat) { check.fail("seat", "Not a seat of the Board") }
        check.text(name, "name", required: true, limit: 120)
        check.text(username, "username", required: true, limit: 64)
        check.mailbox(mailbox, "mailbox")
        check.day(withdrawnOn, "withdrawnOn", required: false)
        try check.finish("The member")
    }
}

/// A meeting of the Board, with the overview of deployed officers as last refreshed for it.
public struct BoardMeeting: NetworkRecord {
    public static let recordKind = NetworkRecordKind.boardMeeting
    public var id: UUID
    public var title: String
    public var day: String
    public var place: String?
    public var agenda: [String]
    public var minutes: String?
    /// The list of deployed officers refreshed before the meeting (Art. 7(3)).
    public var overview: DeploymentOverview?

    public var parentID: UUID? { nil }

    public init(id: UUID = UUID(), title: String, day: String, place: String? = nil, agenda: [String], minutes: String? = nil, overview: DeploymentOverview? = nil) {
        self.id = id
        self.title = title
        self.day = day
        self.place = place
        self.agenda = agenda
        self.minutes = minutes
        self.overview = overview
    }

    public func check(publishedBy publisher: String) throws(ServiceError) {
        var check = FieldCheck()
        check.text(title, "title", required: true, limit: 200)
        check.day(day, "day")
        check.text(place, "place", limit: 200)
        check.lines(agenda, "agenda", required: true, count: 40, limit: 300)
        check.text(minutes, "minutes", limit: 20_000)
        try check.finish("The meeting")
    }
}

/// Officers posted on a day, by region: what the Board plans deployments and gaps from.
public struct DeploymentOverview: Codable, Sendable, Hashable {
    public struct Region: Codable, Sendable, Hashable {
        public var region: HostRegion
        public var officers: Int
        public var countries: [String]

        public init(region: HostRegion, officers: Int, countries: [String]) {
            self.region = region
            self.officers = officers
            self.countries = countries
        }
    }

    public var day: String
    public var officers: Int
    public var regions: [Region]

    public init(day: String, officers: Int, regions: [Region]) {
        self.day = day
        self.officers = officers
        self.regions = regions
    }

    public var gaps: [HostRegion] { regions.filter { $0.officers == 0 }.map(\.region) }
}

/// How a seat votes.
public enum VoteChoice: String, Codable, Sendable, CaseIterable {
    case inFavour = "for"
    case against
    case abstain
}

/// A question put to the Board's vote, and, once closed, its count.
public struct BoardDecision: NetworkRecord {
    public static let recordKind = NetworkRecordKind.boardDecision

    public enum State: String, Codable, Sendable {
        case open, closed
    }

    public var id: UUID
    public var meetingID: UUID?
    public var title: String
    public var text: String
    public var state: State
    /// The seats with a vote when it opened, and the rules it is counted under.
    public var votingSeats: [String]
    public var rules: BoardRules
    public var tally: BoardTally?

    public var parentID: UUID? { meetingID }

    public init(
        id: UUID = UUID(), meetingID: UUID?, title: String, text: String, state: State = .open, votingSeats: [String], rules: BoardRules,
        tally: BoardTally? = nil
    ) {
        self.id = id
        self.meetingID = meetingID
        self.title = title
        self.text = text
        self.state = state
        self.votingSeats = votingSeats
        self.rules = rules
        self.tally = tally
    }

    public func check(publishedBy publisher: String) throws(ServiceError) {
        var check = FieldCheck()
        check.text(title, "title", required: true, limit: 200)
        check.text(text, "text", required: true, limit: 10_000)
        if votingSeats.isEmpty || !votingSeats.allSatisfy({ BoardSeat.votes($0, under: rules) }) {
            check.fail("votingSeats", "Only seats with a vote under the rules of procedure")
        }
        if state == .closed && tally == nil { check.fail("tally", "A closed vote has its count") }
        try check.finish("The decision")
    }
}

/// The count of a closed vote.
public struct BoardTally: Codable, Sendable, Hashable {
    public enum Outcome: String, Codable, Sendable {
        case adopted, rejected
        case noQuorum = "no-quorum"
    }

    public var inFavour: [String]
    public var against: [String]
    public var abstaining: [String]
    public var quorumMet: Bool
    public var outcome: Outcome

    public init(inFavour: [String], against: [String], abstaining: [String], quorumMet: Bool, outcome: Outcome) {
        self.inFavour = inFavour
        self.against = against
        self.abstaining = abstaining
        self.quorumMet = quorumMet
        self.outcome = outcome
    }

    /// Counts the votes of the seats that may vote on `decision`; any other vote is ignored.
    public static func count(_ votes: [String: VoteChoice], on decision: BoardDecision) -> BoardTally {
        let voting = Set(decision.votingSeats)
        let cast = votes.filter { voting.contains($0.key) }
        func seats(_ choice: VoteChoice) -> [String] { cast.filter { $0.value == choice }.map(\.key).sorted() }
        let (yes, no) = (seats(.inFavour).count, seats(.against).count)
        let quorumMet = !voting.isEmpty && cast.count * 100 >= decision.rules.quorumPercent * voting.count
        let carried: Bool
        switch decision.rules.majority {
        case .simple: carried = yes > no
        case .twoThirds: carried = yes > 0 && yes * 3 >= (yes + no) * 2
        case .absolute: carried = yes * 2 > voting.count
        }
        return BoardTally(
            inFavour: seats(.inFavour), against: seats(.against), abstaining: seats(.abstain), quorumMet: quorumMet,
            outcome: !quorumMet ? .noQuorum : carried ? .adopted : .rejected)
    }
}

/// A vote as the member's node sends it to the Commission's, signed by that node.
public struct BoardVote: Codable, Sendable, Hashable {
    public var decisionID: UUID
    public var seat: String
    /// The member's user name at the sending node.
    public var voter: String
    public var choice: VoteChoice

    public init(decisionID: UUID, seat: String, voter: String, choice: VoteChoice) {
        self.decisionID = decisionID
        self.seat = seat
        self.voter = voter
        self.choice = choice
    }
}

/// The Board's biennial documents (Art. 7(3)): the work programme and the activity report.
public struct BoardDocument: NetworkRecord {
    public static let recordKind = NetworkRecordKind.boardDocument

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case workProgramme = "work-programme"
        case activityReport = "activity-report"
    }

    public var id: UUID
    public var kind: Kind
    /// Two years, as `2027-2028`.
    public var period: String
    public var title: String
    public var text: String
    /// The decision that adopted it, if any.
    public var decisionID: UUID?

    public var parentID: UUID? { nil }

    public init(id: UUID = UUID(), kind: Kind, period: String, title: String, text: String, decisionID: UUID? = nil) {
        self.id = id
        self.kind = kind
        self.period = period
        self.title = title
        self.text = text
        self.decisionID = decisionID
    }

    public func check(publishedBy publisher: String) throws(ServiceError) {
        var check = FieldCheck()
        let years = period.split(separator: "-").compactMap { Int($0) }
        if years.count != 2 || years[1] != years[0] + 1 || !(2000...2100).contains(years[0]) { check.fail("period", "Two consecutive years, as 2027-2028") }
        check.text(title, "title", required: true, limit: 200)
        check.text(text, "text", required: true, limit: 50_000)
        try check.finish("The document")
    }
}
