import FluentKit
import Foundation
import LiaisonCore
import LiaisonFederation
import LiaisonNode
import LiaisonStore

/// A vote as one node holds it: at the Commission's, a counted vote; at a member's node, the
/// vote it sent and whether the Commission's node has receipted it.
public struct BoardVoteEntry: Sendable {
    public var seat: String
    public var choice: VoteChoice
    public var voter: String
    public var originNode: String
    public var castAt: Date
    public var envelopeID: UUID
    /// For a vote sent from here: whether the Commission's node signed its receipt.
    public var receipted: Bool
    public var deliveryFailed: Bool
}

extension ILONetworkService {
    /// The Commission's node chairs the Board and keeps its records (Art. 7(4)).
    public var isChair: Bool { stateCode == "EU" }

    /// The seats this node speaks for: its state's, and at the Commission's also the agencies'.
    public var ownSeats: [String] { isChair ? ["EU"] + DeployingAgency.allCases.map(\.rawValue) : [stateCode] }

    public func boardRules() async throws -> BoardRules {
        try await records(BoardRules.self).first?.record ?? .standard
    }

    /// The members and alternates in office, by seat.
    public func boardMembers() async throws -> [StoredRecord<BoardMember>] {
        try await records(BoardMember.self).filter { $0.record.withdrawnOn == nil }.sorted {
            ($0.record.seat, $0.record.role.rawValue, $0.record.name) < ($1.record.seat, $1.record.role.rawValue, $1.record.name)
        }
    }

    /// The seat `username` holds at this node, if they are a member or alternate of one.
    public func seat(of username: String) async throws -> String? {
        try await boardMembers().first { $0.record.username == username && ownSeats.contains($0.record.seat) }?.record.seat
    }

    public func saveRules(_ rules: BoardRules, by actor: Actor) async throws -> BoardRules {
        try requireChair()
        var rules = rules
        rules.id = BoardRules.recordID
        let saved = rules
        return try await db.transaction { tx in try await publish(saved, by: actor, on: tx) }.record
    }

    /// Appoints a member or alternate; a seat has as many of each as it has places.
    public func save(_ member: BoardMember, by actor: Actor) async throws -> StoredRecord<BoardMember> {
        try requireChair()
        let taken = try await boardMembers().filter { $0.record.seat == member.seat && $0.record.role == member.role && $0.record.id != member.id }
        guard taken.count < BoardSeat.places(member.seat) else {
            throw ServiceError.invalid(
                "The seat \(member.seat) already has its \(member.role.rawValue)s; change the one appointed instead.", fields: ["seat": "Seat taken"])
        }
        return try await db.transaction { tx in try await publish(member, by: actor, on: tx) }
    }

    /// Ends a member's or alternate's appointment; the seat's place is free again.
    public func withdraw(member id: UUID, by actor: Actor) async throws -> StoredRecord<BoardMember> {
        try requireChair()
        var member = try await record(BoardMember.self, id: id).record
        guard member.withdrawnOn == nil else { return try await record(BoardMember.self, id: id) }
        member.withdrawnOn = today
        let withdrawn = member
        return try await db.transaction { tx in try await publish(withdrawn, by: actor, on: tx) }
    }

    public func boardMeetings() async throws -> [StoredRecord<BoardMeeting>] {
        try await records(BoardMeeting.self).sorted { $0.record.day > $1.record.day }
    }

    /// Convenes or changes a meeting; each save refreshes the list of deployed officers the
    /// meeting works from.
    public func save(_ meeting: BoardMeeting, by actor: Actor) async throws -> StoredRecord<BoardMeeting> {
        try requireChair()
        var meeting = meeting
        meeting.agenda = meeting.agenda.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        meeting.overview = try await deploymentOverview()
        let saved = meeting
        return try await db.transaction { tx in try await publish(saved, by: actor, on: tx) }
    }

    /// Records the biennial work programme or activity report.
    public func save(_ document: BoardDocument, by actor: Actor) async throws -> StoredRecord<BoardDocument> {
        try requireChair()
        return try await db.transaction { tx in try await publish(document, by: actor, on: tx) }
    }

    public func deploymentOverview() async throws -> DeploymentOverview {
        let coverage = try await coverage()
        return DeploymentOverview(
            day: coverage.day, officers: coverage.officers,
            regions: coverage.regions.map { .init(region: $0.region, officers: $0.officers, countries: $0.countries) })
    }

    public func boardDecisions(meeting: UUID? = nil) async throws -> [StoredRecord<BoardDecision>] {
        try await records(BoardDecision.self, parent: meeting).sorted { $0.updatedAt > $1.updatedAt }
    }

    /// Puts a question to the vote of the seats that vote under the current rules and whose
    /// states are in the network.
    public func openVote(title: String, text: String, meeting: UUID?, by actor: Actor) async throws -> StoredRecord<BoardDecision> {
        try requireChair()
        if let meeting { _ = try await record(BoardMeeting.self, id: meeting) }
        let rules = try await boardRules()
        let decision = BoardDecision(
            meetingID: meeting, title: title.trimmingCharacters(in: .whitespacesAndNewlines), text: text.trimmingCharacters(in: .whitespacesAndNewlines),
            votingSeats: await seatsInNetwork().filter { BoardSeat.votes($0, under: rules) }.sorted(), rules: rules)
        return try await db.transaction { tx in try await publish(decision, by: actor, on: tx) }
    }

    /// Closes a vote and publishes its count.
    public func closeVote(_ id: UUID, by actor: Actor) async throws -> StoredRecord<BoardDecision> {
        try requireChair()
        var decision = try await record(BoardDecision.self, id: id).record
        guard decision.state == .open else { throw Self.voteClosed }
        let votes = try await boardVotes(id)
        decision.tally = BoardTally.count(Dictionary(votes.map { ($0.seat, $0.choice) }, uniquingKeysWith: { last, _ in last }), on: decision)
        decision.state = .closed
        let closed = decision
        return try await db.transaction { tx in
            let stored = try await publish(closed, by: actor, on: tx)
            try await audit.append(
                AuditEvent(
                    actor: actor.username, action: .boardVoteClosed, targetType: "board-decision", targetID: id.uuidString,
                    detail: closed.tally?.outcome.rawValue, requestID: actor.requestID), on: tx)
            return stored
        }
    }

    /// The votes this node holds on a decision: all counted ones at the Commission's node,
    /// the one it sent elsewhere.
    public func boardVotes(_ decision: UUID) async throws -> [BoardVoteEntry] {
        let votes = try await BoardVoteModel.query(on: db).filter(\.$decisionID == decision).sort(\.$seat).all()
        let sent = try await OutboxMessageModel.query(on: db).filter(\.$id ~~ votes.map(\.envelopeID)).all()
        return votes.map { vote in
            let message = sent.first { $0.id == vote.envelopeID }
            return BoardVoteEntry(
                seat: vote.seat, choice: VoteChoice(rawValue: vote.choice) ?? .abstain, voter: vote.voter, originNode: vote.originNode,
                castAt: vote.castAt, envelopeID: vote.envelopeID, receipted: message.map { $0.state == .delivered } ?? (vote.originNode != nodeID || isChair),
                deliveryFailed: message?.state == .failed)
        }
    }

    /// Casts the vote of the seat `actor` holds here. At a member's node it becomes a signed
    /// envelope to the Commission's node, which counts it; a later vote replaces an earlier one
    /// while the vote is open.
    public func castVote(_ decisionID: UUID, choice: VoteChoice, by actor: Actor) async throws -> BoardVoteEntry {
        let decision = try await record(BoardDecision.self, id: decisionID).record
        guard let seat = try await seat(of: actor.username) else {
            throw ServiceError.conflict(
                code: "board.notMember", title: "Not a member of the Board",
                detail: "Only a member or alternate appointed for this node's seat votes; the Commission's node keeps the list.")
        }
        guard decision.state == .open else { throw Self.voteClosed }
        guard decision.votingSeats.contains(seat) else {
            throw ServiceError.conflict(code: "board.noVote", title: "No vote", detail: "The seat \(seat) has no vote on this decision under the rules of procedure.")
        }
        let vote = BoardVote(decisionID: decisionID, seat: seat, voter: actor.username, choice: choice)
        let now = clock()
        try await db.transaction { tx in
            let envelopeID: UUID
            if isChair {
                envelopeID = UUID()
            } else {
                guard let federation, let chair = await federation.manifest.current.nodes.first(where: { $0.stateCode == "EU" && !$0.revoked }) else {
                    throw ServiceError.conflict(code: "board.noChair", title: "No Commission node", detail: "The network has no Commission node to count the vote.")
                }
                let message = try await federation.enqueue(
                    to: chair.nodeID, toAuthority: chair.nodeID, fromAuthority: nodeID, kind: BoardVoteReceiver.kind, body: try JSONEncoder().encode(vote),
                    on: tx)
                envelopeID = try message.requireID()
            }
            try await BoardVoteReceiver.keep(vote, from: nodeID, envelopeID: envelopeID, at: now, on: tx)
            try await audit.append(
                AuditEvent(
                    actor: actor.username, action: .boardVoteCast, targetType: "board-decision", targetID: decisionID.uuidString, detail: seat,
                    requestID: actor.requestID), on: tx)
        }
        guard let entry = try await boardVotes(decisionID).first(where: { $0.seat == seat }) else { throw ServiceError.notFound }
        return entry
    }

    /// Registers the receiver of votes: only the Commission's node counts them.
    func registerBoardKinds(with node: FederationNode) {
        node.kinds.register(BoardVoteReceiver.kind) { envelope, database in
            guard isChair else { throw FederationRefusal(.malformed, "Only the Commission's node counts the Board's votes.") }
            let manifest = await node.manifest.current
            let vote = try await BoardVoteReceiver.admit(envelope, manifest: manifest, on: database)
            try await BoardVoteReceiver.keep(vote, from: envelope.fromNode, envelopeID: envelope.id, at: clock(), on: database)
            try await audit.append(
                AuditEvent(
                    actor: "node:\(envelope.fromNode)", action: .boardVoteCounted, targetType: "board-decision", targetID: vote.decisionID.uuidString,
                    detail: vote.seat), on: database)
        }
    }

    private func seatsInNetwork() async -> [String] {
        guard let federation else { return ownSeats }
        let states = Set(await federation.manifest.current.nodes.filter { !$0.revoked }.map(\.stateCode))
        return BoardSeat.all.filter { states.contains($0) || (states.contains("EU") && DeployingAgency(rawValue: $0) != nil) }
    }

    private func requireChair() throws(ServiceError) {
        guard isChair else {
            throw ServiceError.conflict(code: "board.notChair", title: "Not the chair", detail: "The Commission's node chairs the Board and keeps its records.")
        }
    }

    static var voteClosed: ServiceError { .conflict(code: "board.voteClosed", title: "Vote closed", detail: "This vote is closed; its count is final.") }
}

/// The Board's votes as envelopes from a member's node to the Commission's.
enum BoardVoteReceiver {
    static let kind = "board.vote"

    /// The vote an envelope carries, if its sender speaks for the seat, the voter is the
    /// seat's member or alternate, and the decision is open to that seat.
    static func admit(_ envelope: Envelope, manifest: NetworkManifest, on database: any Database) async throws -> BoardVote {
        let vote: BoardVote
        do {
            vote = try AdministrativeContent.decode(BoardVote.self, from: envelope.body)
        } catch {
            throw FederationRefusal(.malformed, "A vote must be sent whole, in the form of the network.")
        }
        guard let sender = manifest.node(envelope.fromNode), sender.stateCode == vote.seat else {
            throw FederationRefusal(.malformed, "A node votes for its own state's seat only.")
        }
        guard let model = try await NetworkRecordModel.find(vote.decisionID, on: database), model.kind == BoardDecision.recordKind.rawValue,
            let decision = try? JSONDecoder().decode(BoardDecision.self, from: model.record)
        else { throw FederationRefusal(.malformed, "No such decision is put to the vote.") }
        guard decision.state == .open, decision.votingSeats.contains(vote.seat) else {
            throw FederationRefusal(.malformed, "The vote is closed, or the seat has no vote on it.")
        }
        let members = try await NetworkRecordModel.query(on: database).filter(\.$kind == BoardMember.recordKind.rawValue).all()
            .compactMap { try? JSONDecoder().decode(BoardMember.self, from: $0.record) }
        guard members.contains(where: { $0.seat == vote.seat && $0.username == vote.voter && $0.withdrawnOn == nil }) else {
            throw FederationRefusal(.malformed, "The voter is not a member or alternate of the seat.")
        }
        return vote
    }

    /// Keeps `vote` as the seat's vote on its decision, replacing an earlier one.
    static func keep(_ vote: BoardVote, from node: String, envelopeID: UUID, at now: Date, on database: any Database) async throws {
        try await BoardVoteModel.query(on: database).filter(\.$decisionID == vote.decisionID).filter(\.$seat == vote.seat).delete()
        try await BoardVoteModel(
            decisionID: vote.decisionID, seat: vote.seat, choice: vote.choice.rawValue, voter: vote.voter, originNode: node, envelopeID: envelopeID,
            castAt: now
        ).create(on: database)
    }
}
