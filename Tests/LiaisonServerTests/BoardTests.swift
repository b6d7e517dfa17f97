import FluentKit
import Foundation
import LiaisonCore
@testable import LiaisonILO
@testable import LiaisonNode
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import Testing

@Suite("Steering Board: records kept by the Commission's node, votes cast from members' nodes and counted there")
struct BoardTests {
    static let chair = ILONetworkService.Actor(username: "eu.chair", requestID: nil)

    /// Delivers everything `node` has queued; returns how many envelopes were receipted.
    @discardableResult
    static func deliver(_ network: FederationDeliveryTests.Network, from node: String) async throws -> Int {
        let client = try network.client(for: node)
        let delivered = await network.worker(node).deliverDue(client: client)
        try await client.shutdown()
        return delivered
    }

    @Test("a vote cast from BE, DE and FR is a signed envelope to the Commission's node, counted there under the rules, and the count reaches every node")
    func voteFromThreeNodesCountedAtCommission() async throws {
        try await FederationDeliveryTests().withNetwork(withCommission: true) { network in
            let eu = network.nodes["eu-1"]!.network
            for (seat, username) in [("BE", "be.board"), ("DE", "de.board"), ("FR", "fr.board")] {
                _ = try await eu.save(BoardMember(seat: seat, role: .member, name: "Member for \(seat)", username: username), by: Self.chair)
            }
            let meeting = try await eu.save(BoardMeeting(title: "Board meeting", day: "2026-12-10", agenda: ["Work programme 2027-2028"]), by: Self.chair)
            #expect(meeting.record.overview != nil, "the list of deployed officers is refreshed for the meeting")
            let decision = try await eu.openVote(title: "Adopt the work programme", text: "The Board adopts it.", meeting: meeting.record.id, by: Self.chair)
            #expect(decision.record.votingSeats == ["BE", "DE", "FR"], "Member States with a node vote; the Commission does not under the standard rules")
            try await Self.deliver(network, from: "eu-1")

            for (node, username, choice) in [("be-1", "be.board", VoteChoice.inFavour), ("de-1", "de.board", .inFavour), ("fr-1", "fr.board", .against)] {
                let services = network.nodes[node]!.network
                let sent = try await services.castVote(decision.record.id, choice: choice, by: .init(username: username, requestID: nil))
                #expect(!sent.receipted, "sent, not yet counted")
                #expect(try await Self.deliver(network, from: node) == 1)
                let after = try await services.boardVotes(decision.record.id)
                #expect(after.count == 1 && after[0].receipted, "the Commission's node receipted the vote")
            }
            let counted = try await eu.boardVotes(decision.record.id)
            #expect(counted.map(\.seat) == ["BE", "DE", "FR"] && counted.map(\.originNode) == ["be-1", "de-1", "fr-1"])
            #expect(counted.map(\.voter) == ["be.board", "de.board", "fr.board"], "each vote names its member")

            let closed = try await eu.closeVote(decision.record.id, by: Self.chair)
            #expect(closed.record.tally == BoardTally(inFavour: ["BE", "DE"], against: ["FR"], abstaining: [], quorumMet: true, outcome: .adopted))
            try await Self.deliver(network, from: "eu-1")
            let atDE = try await network.nodes["de-1"]!.network.record(BoardDecision.self, id: decision.record.id)
            #expect(!atDE.own && atDE.record.state == .closed && atDE.record.tally?.outcome == .adopted)

            // Closed: a late vote is refused at its own node.
            await #expect(throws: ServiceError.self) {
                try await network.nodes["be-1"]!.network.castVote(decision.record.id, choice: .against, by: .init(username: "be.board", requestID: nil))
            }
        }
    }

    @Test("only the Commission's node chairs, only an appointed member votes, and a node cannot vote for another state's seat")
    func votesAreAttributable() async throws {
        try await FederationDeliveryTests().withNetwork(withCommission: true) { network in
            let eu = network.nodes["eu-1"]!.network, de = network.nodes["de-1"]!.network
            let member = try await eu.save(BoardMember(seat: "BE", role: .member, name: "Member for BE", username: "be.board"), by: Self.chair)
            // A seat has one member: a second is refused until the first is withdrawn.
            await #expect(throws: ServiceError.self) {
                try await eu.save(BoardMember(seat: "BE", role: .member, name: "Second member", username: "be.other"), by: Self.chair)
            }
            _ = try await eu.withdraw(member: member.record.id, by: Self.chair)
            _ = try await eu.save(BoardMember(seat: "BE", role: .member, name: "Member for BE", username: "be.board"), by: Self.chair)
            #expect(try await eu.boardMembers().map(\.record.seat) == ["BE"], "the withdrawn member is out of office")
            let decision = try await eu.openVote(title: "A question", text: "Yes or no.", meeting: nil, by: Self.chair)
            try await Self.deliver(network, from: "eu-1")

            await #expect(throws: ServiceError.self) {
                try await de.openVote(title: "Not the chair", text: "Refused.", meeting: nil, by: .init(username: "de.board", requestID: nil))
            }
            await #expect(throws: ServiceError.self) {
                try await de.castVote(decision.record.id, choice: .inFavour, by: .init(username: "de.someone", requestID: nil))
            }
            // DE forges a vote for BE's seat: the Commission's node refuses it and counts nothing.
            let forged = BoardVote(decisionID: decision.record.id, seat: "BE", voter: "be.board", choice: .against)
            try await network.nodes["de-1"]!.federation!.enqueue(
                to: "eu-1", toAuthority: "eu-1", fromAuthority: "de-1", kind: "board.vote", body: try JSONEncoder().encode(forged), on: network.nodes["de-1"]!.db)
            try await Self.deliver(network, from: "de-1")
            let outcome = try await OutboxMessageModel.query(on: network.nodes["de-1"]!.db).filter(\.$kind == "board.vote").first()
            #expect(outcome?.state == .failed, "refused by the Commission's node")
            #expect(try await eu.boardVotes(decision.record.id).isEmpty)
        }
    }

    @Test("the count follows the rules of procedure: quorum over the seats with a vote, simple, two-thirds and absolute majorities")
    func countUnderRules() {
        func decision(_ majority: BoardRules.Majority, quorum: Int = 67) -> BoardDecision {
            BoardDecision(
                meetingID: nil, title: "Q", text: "Q", votingSeats: ["AT", "BE", "DE", "FR", "IT", "NL"],
                rules: BoardRules(id: BoardRules.recordID, quorumPercent: quorum, majority: majority, commissionVotes: false, agenciesVote: false))
        }
        let votes: [String: VoteChoice] = ["AT": .inFavour, "BE": .inFavour, "DE": .against, "FR": .abstain, "CH": .against]
        // Four of six seats took part (CH has no vote and is not counted): below two thirds.
        #expect(BoardTally.count(votes, on: decision(.simple)).outcome == .noQuorum)
        #expect(BoardTally.count(votes, on: decision(.simple, quorum: 50)).outcome == .adopted)
        #expect(BoardTally.count(votes, on: decision(.twoThirds, quorum: 50)).outcome == .adopted, "2 of 3 votes for and against")
        #expect(BoardTally.count(votes, on: decision(.absolute, quorum: 50)).outcome == .rejected, "2 of 6 seats is not more than half")
        #expect(BoardTally.count(votes, on: decision(.simple, quorum: 50)).against == ["DE"])
        #expect(!BoardSeat.votes("CH", under: .standard) && BoardSeat.votes("DE", under: .standard) && !BoardSeat.votes("EU", under: .standard))
    }
}
