import Foundation

// Templates read stored properties only (they are found by reflection): nothing here is computed.

struct BoardDecisionRowView {
    let id: String
    let title: String
    let state: String
    let open: Bool
    let outcome: String?
}

struct BoardMeetingRowView {
    let id: String
    let title: String
    let day: String
    let place: String?
}

struct BoardMemberRowView {
    let id: String
    let seat: String
    let role: String
    let name: String
    let username: String
    let mailbox: String?
    let votes: Bool
}

struct BoardDocumentRowView {
    let id: String
    let kind: String
    let period: String
    let title: String
}

/// The officers posted, by region, with the regions where nobody is.
struct OverviewView {
    struct Region {
        let region: String
        let officers: Int
        let countries: String
        let gap: Bool
    }

    let day: String
    let officers: Int
    let regions: [Region]
    let gaps: String
}

struct BoardRulesView {
    let quorumPercent: Int
    let majority: String
    let commissionVotes: Bool
    let agenciesVote: Bool
    let majorities: [Choice]
}

struct BoardView {
    let chair: Bool
    let decisions: [BoardDecisionRowView]
    let meetings: [BoardMeetingRowView]
    let members: [BoardMemberRowView]
    let documents: [BoardDocumentRowView]
    let rules: BoardRulesView
    let overview: OverviewView
    let seats: [Choice]
    let roles: [Choice]
    let documentKinds: [Choice]
    let errors: [String: String]
    let failure: String?
    let today: String
}

struct BoardMeetingView {
    let id: String
    let title: String
    let day: String
    let place: String
    let agenda: [String]
    let agendaText: String
    let minutes: String
    let overview: OverviewView?
    let decisions: [BoardDecisionRowView]
    let chair: Bool
    let errors: [String: String]
    let failure: String?
}

struct BoardVoteView {
    let seat: String
    let choice: String
    let voter: String
    let when: String
    let receipt: String
}

struct BoardDecisionView {
    let id: String
    let title: String
    let text: String
    let meetingHref: String?
    let open: Bool
    let rules: String
    let seats: String
    let votes: [BoardVoteView]
    let outcome: String?
    let tally: String?
    let canVote: Bool
    let ownSeat: String?
    let choices: [Choice]
    let chair: Bool
    let failure: String?
}

struct BoardDocumentView {
    let kind: String
    let period: String
    let title: String
    let text: String
    let overview: OverviewView?
}
