import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
import LiaisonILO

/// The Steering Board in `/api/v1` (tag "steering-board" of openapi.yaml).
struct BoardAPIRoutes {
    let services: LiaisonServices

    func register(on routes: ProtectedRoutes) {
        let network = services.network
        let services = services
        routes.get("/board", .viewBoard) { _, _ in
            try json(
                API.BoardOverview(
                    chair: network.isChair, rules: try await network.boardRules(), members: try await network.boardMembers().map(\.record),
                    meetings: try await network.boardMeetings().map(\.record), decisions: try await network.boardDecisions().map(\.record),
                    documents: try await network.records(BoardDocument.self).map(\.record), deployments: try await network.deploymentOverview()))
        }
        routes.on(.put, "/board/rules", .manageBoard) { request, context in
            let input = try await services.closedJSON(API.BoardRulesInput.self, from: request, context: context)
            let rules = BoardRules(
                id: BoardRules.recordID, quorumPercent: input.quorumPercent, majority: input.majority, commissionVotes: input.commissionVotes,
                agenciesVote: input.agenciesVote)
            return try json(try await network.saveRules(rules, by: context.networkActor))
        }
        routes.post("/board/members", .manageBoard) { request, context in
            let input = try await services.closedJSON(API.BoardMemberInput.self, from: request, context: context)
            let member = BoardMember(seat: input.seat, role: input.role, name: input.name, username: input.username, mailbox: input.mailbox)
            return try json(try await network.save(member, by: context.networkActor).record, status: .created)
        }
        routes.post("/board/members/{id}/withdraw", .manageBoard) { _, context in
            try json(try await network.withdraw(member: try APIRoutes.id(context), by: context.networkActor).record)
        }
        routes.post("/board/meetings", .manageBoard) { request, context in
            let input = try await services.closedJSON(API.BoardMeetingInput.self, from: request, context: context)
            return try json(try await network.save(Self.meeting(input), by: context.networkActor).record, status: .created)
        }
        routes.on(.put, "/board/meetings/{id}", .manageBoard) { request, context in
            let input = try await services.closedJSON(API.BoardMeetingInput.self, from: request, context: context)
            let id = try APIRoutes.id(context)
            _ = try await network.record(BoardMeeting.self, id: id)
            var meeting = Self.meeting(input)
            meeting.id = id
            return try json(try await network.save(meeting, by: context.networkActor).record)
        }
        routes.post("/board/decisions", .manageBoard) { request, context in
            let input = try await services.closedJSON(API.BoardDecisionInput.self, from: request, context: context)
            let meeting = try input.meetingID.map { try uuid($0, "meetingID") }
            return try json(
                try await network.openVote(title: input.title, text: input.text, meeting: meeting, by: context.networkActor).record, status: .created)
        }
        routes.get("/board/decisions/{id}", .viewBoard) { _, context in
            let id = try APIRoutes.id(context)
            let decision = try await network.record(BoardDecision.self, id: id).record
            return try json(API.BoardDecisionDetail(decision: decision, votes: try await network.boardVotes(id).map(Self.vote)))
        }
        routes.post("/board/decisions/{id}/votes", .voteInBoard) { request, context in
            let input = try await services.closedJSON(API.BoardVoteInput.self, from: request, context: context)
            return try json(Self.vote(try await network.castVote(try APIRoutes.id(context), choice: input.choice, by: context.networkActor)), status: .created)
        }
        routes.post("/board/decisions/{id}/close", .manageBoard) { _, context in
            try json(try await network.closeVote(try APIRoutes.id(context), by: context.networkActor).record)
        }
        routes.post("/board/documents", .manageBoard) { request, context in
            let input = try await services.closedJSON(API.BoardDocumentInput.self, from: request, context: context)
            let document = BoardDocument(kind: input.kind, period: input.period, title: input.title, text: input.text)
            return try json(try await network.save(document, by: context.networkActor).record, status: .created)
        }
    }

    static func meeting(_ input: API.BoardMeetingInput) -> BoardMeeting {
        BoardMeeting(title: input.title, day: input.day, place: input.place, agenda: input.agenda, minutes: input.minutes)
    }

    static func vote(_ vote: BoardVoteEntry) -> API.BoardVoteEntry {
        API.BoardVoteEntry(
            seat: vote.seat, choice: vote.choice, voter: vote.voter, originNode: vote.originNode, castAt: vote.castAt, envelopeID: vote.envelopeID.uuidString,
            receipted: vote.receipted)
    }
}
