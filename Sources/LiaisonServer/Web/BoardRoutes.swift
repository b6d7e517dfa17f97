import Foundation
import Hummingbird
import LiaisonCore
import LiaisonILO

/// The Steering Board (Art. 7, 8): its members, meetings, decisions and votes, rules of
/// procedure and biennial documents. The Commission's node chairs and keeps every record; a
/// member votes from their own node.
struct BoardRoutes {
    let services: LiaisonServices

    struct MemberForm: Decodable {
        var seat: String?
        var role: String?
        var name: String?
        var username: String?
        var mailbox: String?
    }

    struct MeetingForm: Decodable {
        var title: String?
        var day: String?
        var place: String?
        var agenda: String?
        var minutes: String?
    }

    struct RulesForm: Decodable {
        var quorumPercent: String?
        var majority: String?
        var commissionVotes: String?
        var agenciesVote: String?
    }

    struct DocumentForm: Decodable {
        var kind: String?
        var period: String?
        var title: String?
        var text: String?
    }

    struct DecisionForm: Decodable {
        var title: String?
        var text: String?
    }

    struct VoteForm: Decodable {
        var choice: String?
    }

    func register(on routes: ProtectedRoutes) {
        let network = services.network
        routes.get("/board", .viewBoard) { _, context in try await boardPage(context) }
        routes.post("/board/members", .manageBoard) { request, context in
            let form = try await services.form(MemberForm.self, from: request, context: context)
            return try await onBoardPage(context) {
                guard let role = BoardMember.Role(rawValue: form.role ?? "") else {
                    throw ServiceError.invalid("Choose member or alternate.", fields: ["role": "Choose one of the list."])
                }
                _ = try await network.save(
                    BoardMember(seat: form.seat ?? "", role: role, name: FormText.trimmed(form.name) ?? "", username: FormText.trimmed(form.username) ?? "", mailbox: FormText.trimmed(form.mailbox)),
                    by: context.networkActor)
                return "/board#members"
            }
        }
        routes.post("/board/members/{id}/withdraw", .manageBoard) { request, context in
            _ = try await services.form(VoteForm.self, from: request, context: context)
            let id = try APIRoutes.id(context)
            return try await onBoardPage(context) {
                _ = try await network.withdraw(member: id, by: context.networkActor)
                return "/board#members"
            }
        }
        routes.post("/board/rules", .manageBoard) { request, context in
            let form = try await services.form(RulesForm.self, from: request, context: context)
            return try await onBoardPage(context) {
                guard let quorum = Int(form.quorumPercent ?? ""), let majority = BoardRules.Majority(rawValue: form.majority ?? "") else {
                    throw ServiceError.invalid("The quorum is a whole number of per cent; choose a majority.", fields: ["quorumPercent": "A whole number."])
                }
                _ = try await network.saveRules(
                    BoardRules(
                        id: BoardRules.recordID, quorumPercent: quorum, majority: majority, commissionVotes: form.commissionVotes != nil,
                        agenciesVote: form.agenciesVote != nil), by: context.networkActor)
                return "/board#rules"
            }
        }
        routes.post("/board/meetings", .manageBoard) { request, context in
            let form = try await services.form(MeetingForm.self, from: request, context: context)
            return try await onBoardPage(context) {
                let saved = try await network.save(meeting(from: form), by: context.networkActor)
                return "/board/meetings/\(saved.record.id.uuidString)"
            }
        }
        routes.post("/board/documents", .manageBoard) { request, context in
            let form = try await services.form(DocumentForm.self, from: request, context: context)
            return try await onBoardPage(context) {
                guard let kind = BoardDocument.Kind(rawValue: form.kind ?? "") else {
                    throw ServiceError.invalid("Choose the kind of document.", fields: ["kind": "Choose one of the list."])
                }
                let saved = try await network.save(
                    BoardDocument(kind: kind, period: FormText.trimmed(form.period) ?? "", title: FormText.trimmed(form.title) ?? "", text: FormText.trimmed(form.text) ?? ""),
                    by: context.networkActor)
                return "/board/documents/\(saved.record.id.uuidString)"
            }
        }
        routes.get("/board/meetings/{id}", .viewBoard) { _, context in try await meetingPage(context, id: try APIRoutes.id(context)) }
        routes.post("/board/meetings/{id}", .manageBoard) { request, context in
            let id = try APIRoutes.id(context)
            let form = try await services.form(MeetingForm.self, from: request, context: context)
            do {
                var meeting = meeting(from: form)
                meeting.id = id
                _ = try await network.save(meeting, by: context.networkActor)
                return Response.redirect("/board/meetings/\(id.uuidString)")
            } catch let presentable as any Presentable {
                return try await meetingPage(context, id: id, error: presentable.presented)
            }
        }
        routes.post("/board/meetings/{id}/decisions", .manageBoard) { request, context in
            let id = try APIRoutes.id(context)
            let form = try await services.form(DecisionForm.self, from: request, context: context)
            do {
                let decision = try await network.openVote(title: form.title ?? "", text: form.text ?? "", meeting: id, by: context.networkActor)
                return Response.redirect("/board/decisions/\(decision.record.id.uuidString)")
            } catch let presentable as any Presentable {
                return try await meetingPage(context, id: id, error: presentable.presented)
            }
        }
        routes.get("/board/decisions/{id}", .viewBoard) { _, context in try await decisionPage(context, id: try APIRoutes.id(context)) }
        routes.post("/board/decisions/{id}/vote", .voteInBoard) { request, context in
            let id = try APIRoutes.id(context)
            let form = try await services.form(VoteForm.self, from: request, context: context)
            do {
                guard let choice = VoteChoice(rawValue: form.choice ?? "") else {
                    throw ServiceError.invalid("Choose for, against or abstain.", fields: ["choice": "Choose one of the list."])
                }
                _ = try await network.castVote(id, choice: choice, by: context.networkActor)
                return Response.redirect("/board/decisions/\(id.uuidString)")
            } catch let presentable as any Presentable {
                return try await decisionPage(context, id: id, error: presentable.presented)
            }
        }
        routes.post("/board/decisions/{id}/close", .manageBoard) { request, context in
            let id = try APIRoutes.id(context)
            _ = try await services.form(VoteForm.self, from: request, context: context)
            do {
                _ = try await network.closeVote(id, by: context.networkActor)
                return Response.redirect("/board/decisions/\(id.uuidString)")
            } catch let presentable as any Presentable {
                return try await decisionPage(context, id: id, error: presentable.presented)
            }
        }
        routes.get("/board/documents/{id}", .viewBoard) { _, context in try await documentPage(context, id: try APIRoutes.id(context)) }
    }

    /// Runs a change of the Board's page; a refusal shows the page again with its message.
    private func onBoardPage(_ context: AuthenticatedContext, _ change: () async throws -> String) async throws -> Response {
        do {
            return Response.redirect(try await change())
        } catch let presentable as any Presentable {
            return try await boardPage(context, error: presentable.presented)
        }
    }

    private func meeting(from form: MeetingForm) -> BoardMeeting {
        BoardMeeting(
            title: FormText.trimmed(form.title) ?? "", day: FormText.trimmed(form.day) ?? "", place: FormText.trimmed(form.place),
            agenda: FormText.lines(form.agenda),
            minutes: FormText.trimmed(form.minutes))
    }

    // MARK: pages

    private func decisionRow(_ stored: StoredRecord<BoardDecision>, _ strings: Strings) -> BoardDecisionRowView {
        let decision = stored.record
        return BoardDecisionRowView(
            id: decision.id.uuidString, title: decision.title, state: strings("board.state.\(decision.state.rawValue)"), open: decision.state == .open,
            outcome: decision.tally.map { strings("board.outcome.\($0.outcome.rawValue)") })
    }

    private func overview(_ overview: DeploymentOverview, _ present: ILOPresentation) -> OverviewView {
        OverviewView(
            day: overview.day, officers: overview.officers,
            regions: overview.regions.map {
                .init(
                    region: present.strings("region.\($0.region.rawValue)"), officers: $0.officers, countries: $0.countries.map(present.country).joined(separator: ", "),
                    gap: $0.officers == 0)
            },
            gaps: overview.gaps.map { present.strings("region.\($0.rawValue)") }.joined(separator: ", "))
    }

    private func boardPage(_ context: AuthenticatedContext, error: AppError? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let present = ILOPresentation(strings: strings, language: context.language)
        let network = services.network
        let rules = try await network.boardRules()
        let view = BoardView(
            chair: network.isChair && context.principal.may(.manageBoard),
            decisions: try await network.boardDecisions().map { decisionRow($0, strings) },
            meetings: try await network.boardMeetings().map {
                BoardMeetingRowView(id: $0.record.id.uuidString, title: $0.record.title, day: $0.record.day, place: $0.record.place)
            },
            members: try await network.boardMembers().map {
                BoardMemberRowView(
                    id: $0.record.id.uuidString, seat: present.body($0.record.seat), role: strings("board.role.\($0.record.role.rawValue)"), name: $0.record.name, username: $0.record.username,
                    mailbox: $0.record.mailbox, votes: BoardSeat.votes($0.record.seat, under: rules))
            },
            documents: try await network.records(BoardDocument.self).map {
                BoardDocumentRowView(id: $0.record.id.uuidString, kind: strings("board.document.\($0.record.kind.rawValue)"), period: $0.record.period, title: $0.record.title)
            },
            rules: rulesView(rules, strings), overview: overview(try await network.deploymentOverview(), present),
            seats: BoardSeat.all.map { Choice(value: $0, title: present.body($0)) },
            roles: BoardMember.Role.allCases.map { Choice(value: $0.rawValue, title: strings("board.role.\($0.rawValue)")) },
            documentKinds: BoardDocument.Kind.allCases.map { Choice(value: $0.rawValue, title: strings("board.document.\($0.rawValue)")) },
            errors: error.map(strings.fields) ?? [:], failure: error.map(strings.detail), today: network.today)
        return services.renderer.page(
            "board", title: strings("board.title"), request: context, principal: context.principal, currentPath: "/board", view: view,
            status: error?.status ?? .ok)
    }

    private func rulesView(_ rules: BoardRules, _ strings: Strings) -> BoardRulesView {
        BoardRulesView(
            quorumPercent: rules.quorumPercent, majority: strings("board.majority.\(rules.majority.rawValue)"), commissionVotes: rules.commissionVotes,
            agenciesVote: rules.agenciesVote,
            majorities: BoardRules.Majority.allCases.map { Choice(value: $0.rawValue, title: strings("board.majority.\($0.rawValue)"), selected: $0 == rules.majority) })
    }

    private func meetingPage(_ context: AuthenticatedContext, id: UUID, error: AppError? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let present = ILOPresentation(strings: strings, language: context.language)
        let meeting = try await services.network.record(BoardMeeting.self, id: id).record
        let view = BoardMeetingView(
            id: id.uuidString, title: meeting.title, day: meeting.day, place: meeting.place ?? "", agenda: meeting.agenda,
            agendaText: meeting.agenda.joined(separator: "\n"), minutes: meeting.minutes ?? "", overview: meeting.overview.map { overview($0, present) },
            decisions: try await services.network.boardDecisions(meeting: id).map { decisionRow($0, strings) },
            chair: services.network.isChair && context.principal.may(.manageBoard), errors: error.map(strings.fields) ?? [:],
            failure: error.map(strings.detail))
        return services.renderer.page(
            "board-meeting", title: meeting.title, request: context, principal: context.principal, currentPath: "/board", view: view,
            status: error?.status ?? .ok)
    }

    private func decisionPage(_ context: AuthenticatedContext, id: UUID, error: AppError? = nil) async throws -> Response {
        let strings = services.renderer.strings(context)
        let present = ILOPresentation(strings: strings, language: context.language)
        let network = services.network
        let decision = try await network.record(BoardDecision.self, id: id).record
        let ownSeat = try await network.seat(of: context.principal.username)
        let votes = try await network.boardVotes(id).map { vote in
            BoardVoteView(
                seat: present.body(vote.seat), choice: strings("board.choice.\(vote.choice.rawValue)"), voter: vote.voter, when: DisplayFormat.second(vote.castAt),
                receipt: network.isChair
                    ? strings("board.receipt.received", ["node": vote.originNode])
                    : vote.deliveryFailed ? strings("board.receipt.refused") : vote.receipted ? strings("board.receipt.counted") : strings("board.receipt.sent"))
        }
        let rules = strings(
            "board.rulesLine", ["quorum": String(decision.rules.quorumPercent), "majority": strings("board.majority.\(decision.rules.majority.rawValue)")])
        let view = BoardDecisionView(
            id: id.uuidString, title: decision.title, text: decision.text, meetingHref: decision.meetingID.map { "/board/meetings/\($0.uuidString)" },
            open: decision.state == .open, rules: rules, seats: decision.votingSeats.map(present.body).joined(separator: ", "), votes: votes,
            outcome: decision.tally.map { strings("board.outcome.\($0.outcome.rawValue)") },
            tally: decision.tally.map {
                strings(
                    "board.tallyLine",
                    ["for": String($0.inFavour.count), "against": String($0.against.count), "abstain": String($0.abstaining.count), "seats": String(decision.votingSeats.count)])
            },
            canVote: decision.state == .open && ownSeat.map(decision.votingSeats.contains) == true && context.principal.may(.voteInBoard),
            ownSeat: ownSeat.map(present.body),
            choices: VoteChoice.allCases.map { Choice(value: $0.rawValue, title: strings("board.choice.\($0.rawValue)")) },
            chair: network.isChair && context.principal.may(.manageBoard), failure: error.map(strings.detail))
        return services.renderer.page(
            "board-decision", title: decision.title, request: context, principal: context.principal, currentPath: "/board", view: view,
            status: error?.status ?? .ok)
    }

    private func documentPage(_ context: AuthenticatedContext, id: UUID) async throws -> Response {
        let strings = services.renderer.strings(context)
        let present = ILOPresentation(strings: strings, language: context.language)
        let document = try await services.network.record(BoardDocument.self, id: id).record
        let view = BoardDocumentView(
            kind: strings("board.document.\(document.kind.rawValue)"), period: document.period, title: document.title, text: document.text,
            overview: document.kind == .activityReport ? overview(try await services.network.deploymentOverview(), present) : nil)
        return services.renderer.page(
            "board-document", title: document.title, request: context, principal: context.principal, currentPath: "/board", view: view)
    }
}
