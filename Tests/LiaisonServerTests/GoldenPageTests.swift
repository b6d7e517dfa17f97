import Foundation
import LiaisonAccess
import LiaisonCore
import LiaisonExchange
import LiaisonStore
import Testing

@testable import LiaisonServer

/// The main pages, rendered from their view models with fixed data and compared byte for
/// byte with the pages in Tests/Golden. A change to a template, a view model or a text shows
/// as a diff to review; after reviewing, `LIAISON_RECORD_GOLDEN=1 swift test --filter
/// GoldenPageTests` writes the new pages.
@Suite("Golden pages: the main pages, byte for byte")
struct GoldenPageTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")
    static let now = Date(timeIntervalSince1970: 1_796_117_400)  // 2026-12-01 09:30 UTC
    static let authority = UUID(uuidString: "00000000-0000-4000-8000-0000000000a1")!

    @Test("the dashboard of every role shows the tiles that role may see", arguments: Role.allCases)
    func dashboard(role: Role) async throws {
        let figures = DashboardFigures(
            openRequests: [
                .init(id: "3f1c2a9e-0000-4000-8000-000000000001", counterpartState: "DE", deadline: Self.now.addingTimeInterval(-3600)),
                .init(id: "3f1c2a9e-0000-4000-8000-000000000002", counterpartState: "NL", deadline: Self.now.addingTimeInterval(6 * 86400)),
            ],
            awaitingApproval: 1, unseenAlerts: 3, matchesToDecide: 2, users: (total: 12, pendingEnrolment: 2), authorities: 4, audit: (lastSequence: 1234, failedSignIns: 1),
            deployments: (posted: 17, recordedHere: 4, gaps: 5), reports: (published: 3, drafts: 1))
        let reader = Self.principal(role)
        let view = DashboardView(principal: reader, figures: figures, strings: try await Self.strings(), now: Self.now)
        try await Self.expect("dashboard", view: view, reader: reader, path: "/dashboard", matches: "dashboard-\(role.rawValue)")
    }

    @Test("the notifications page: names in their own script with Latin beside, a withdrawn one, and the form")
    func notifications() async throws {
        let reader = Self.principal(.counterTerrorismOfficer)
        let present = ExchangePresentation(strings: try await Self.strings(), now: Self.now)
        let view = NotificationsView(
            notifications: [
                .init(
                    id: "6a1d0000-0000-4000-8000-000000000001", reference: "BE-CT-2026-0007", person: present.person(Self.omar), validity: "2026-11-01 – 2027-04-30",
                    handlingCode: "H1", active: true, status: "Active", canRequest: true, canWithdraw: true),
                .init(
                    id: "6a1d0000-0000-4000-8000-000000000002", reference: "BE-CT-2026-0003", person: present.person(Self.olena), validity: "2026-06-01 – 2026-11-30",
                    handlingCode: "H0", active: false, status: "Withdrawn", canRequest: false, canWithdraw: false),
            ],
            canCreate: true, fields: NotificationFieldsView(nil, strings: try await Self.strings(), now: Self.now))
        try await Self.expect("notifications", view: view, reader: reader, path: "/notifications", matches: "notifications")
    }

    @Test("a refused notification form keeps what was typed, escaped, and says why with the rule's code")
    func notificationRefused() async throws {
        let reader = Self.principal(.counterTerrorismOfficer)
        let typed = ExchangeRoutes.NotificationForm(
            familyNames: "<script>alert(1)</script>", givenNames: "Jean", sex: "M", birthDate: "1990-02-30", nationality: "FRA", documentNumber: nil, mrz: nil,
            validUntil: "2027-05-31", handlingCode: "H2")
        let view = NotificationsView(
            notifications: [], canCreate: true, fields: NotificationFieldsView(typed, strings: try await Self.strings(), now: Self.now),
            failure: PageFailure(detail: "A notification is about a foreigner: FRA is a participating state's nationality.", code: "policy.R5.notAForeigner"))
        try await Self.expect("notifications", view: view, reader: reader, path: "/notifications", matches: "notifications-refused")
    }

    @Test("the inbox: an urgent overdue request, an answered one, and an answer waiting for approval")
    func inbox() async throws {
        let reader = Self.principal(.immigrationOfficer)
        let present = ExchangePresentation(strings: try await Self.strings(), now: Self.now)
        let overdue = try Self.request(number: 1, from: "DE", urgency: .urgent, state: .received, deadline: Self.now.addingTimeInterval(-600))
        let answered = try Self.request(number: 2, from: "NL", urgency: .normal, state: .answered, deadline: Self.now.addingTimeInterval(86400))
        answered.answer = try JSONEncoder().encode(AnswerBody(exchangeID: answered.id!, outcome: .notFound, handlingCode: .h0, marking: .unclassified))
        let pending = try Self.request(number: 3, from: "FR", urgency: .normal, state: .received, deadline: Self.now.addingTimeInterval(2 * 86400))
        pending.answerState = .awaitingApproval
        let strings = try await Self.strings()
        let view = ExchangeListView(
            heading: strings("inbox.title"), intro: strings("inbox.intro"), empty: strings("inbox.empty"), rows: [overdue, answered, pending].map { present.row($0) },
            listID: "inbox", canMessage: false)
        try await Self.expect("exchanges", view: view, reader: reader, path: "/inbox", matches: "inbox")
    }

    @Test("an incoming request to answer: the person, the request, ranked candidates and the answer form")
    func exchangeToAnswer() async throws {
        let reader = Self.principal(.immigrationOfficer)
        let strings = try await Self.strings()
        let present = ExchangePresentation(strings: strings, now: Self.now)
        let model = try Self.request(number: 4, from: "DE", urgency: .normal, state: .received, deadline: Self.now.addingTimeInterval(-60))
        let received = ExchangeEventModel(exchangeID: model.id!, at: Self.now.addingTimeInterval(-86400), event: "received", actor: "node:de-1")
        var view = try ExchangeDetailView(
            ExchangeView(exchange: model, events: [received], deliveries: []), reader: reader, readerAuthority: Self.authority, strings: strings, now: Self.now)
        let record = AdministrativeRecordModel(
            reference: "BE-IMM-0042", subject: try JSONEncoder().encode(Self.omar), situation: try JSONEncoder().encode(Self.asylum), rightToStay: "pending",
            now: Self.now)
        view.candidates = [
            try present.candidate(record, MatchCandidate(id: "BE-IMM-0042", score: 0.93, isMatch: true, explanation: "Family name and date of birth agree"), first: true)
        ]
        #expect(view.canAnswer && view.late)
        try await Self.expect("exchange", view: view, reader: reader, path: "/inbox", matches: "exchange-to-answer")
    }

    @Test("an answer without a person shows none: the requested person is never shown as the one found")
    func exchangeAnsweredNotFound() async throws {
        let reader = Self.principal(.counterTerrorismOfficer)
        let model = try Self.request(number: 5, from: "DE", urgency: .normal, state: .answered, deadline: nil, direction: .outgoing)
        model.answer = try JSONEncoder().encode(
            AnswerBody(exchangeID: model.id!, outcome: .notFound, reason: "No record under these identifiers", handlingCode: .h1, marking: .unclassified))
        model.answeredAt = Self.now.addingTimeInterval(-1800)
        model.outboxMessageID = UUID(uuidString: "0b0b0000-0000-4000-8000-000000000005")
        let delivery = OutboxMessageModel(
            id: model.outboxMessageID!, toNode: "de-1", kind: ExchangeKind.request.rawValue, envelope: Data(), now: Self.now.addingTimeInterval(-7200))
        delivery.state = .delivered
        delivery.attempts = 1
        delivery.deliveredAt = Self.now.addingTimeInterval(-7190)
        let view = try ExchangeDetailView(
            ExchangeView(exchange: model, events: [], deliveries: [delivery]), reader: reader, readerAuthority: Self.authority, strings: try await Self.strings(),
            now: Self.now)
        let html = try await Self.expect("exchange", view: view, reader: reader, path: "/exchanges", matches: "exchange-answered-not-found")
        let answer = try #require(html.range(of: #"id="answer""#)).lowerBound
        #expect(!html[answer...].prefix(1500).contains("Omar"), "the answer section shows the requested person")
    }

    // MARK: Fixed data

    static let omar = PersonIdentity(
        familyNames: "الهاشمي", givenNames: "عمر", sex: "M", birthDate: "1991-03-14", nationalities: ["SYR"],
        documents: [TravelDocument(type: "P", number: "N0123456", issuingState: "SYR")])
    static let olena = PersonIdentity(familyNames: "Коваленко", givenNames: "Олена", sex: "F", birthDate: "1987", nationalities: ["UKR"])
    static let asylum = AdministrativeSituation(
        procedures: [Procedure(type: .internationalProtection, status: .underExamination, competentAuthority: "CGRS", fileReference: "CG-2026-118")],
        rightToStay: .pending)

    static func principal(_ role: Role) -> Principal {
        let kind: AuthorityKind = role == .counterTerrorismOfficer ? .counterTerrorism : .immigrationAsylum
        return Principal(
            userID: UUID(uuidString: "00000000-0000-4000-8000-0000000000b1")!, username: "a.peeters",
            displayName: "Anna Peeters", roles: [role],
            authority: Authority(id: authority.uuidString, name: "Belgium — \(kind.rawValue)", kind: kind, stateCode: "BE"),
            credential: .session(id: UUID(uuidString: "00000000-0000-4000-8000-0000000000c1")!, csrfToken: "golden-csrf-token"))
    }

    static func request(
        number: Int, from state: String, urgency: Urgency, state exchangeState: ExchangeModel.State, deadline: Date?, direction: ExchangeModel.Direction = .incoming
    ) throws -> ExchangeModel {
        let id = UUID(uuidString: "e0000000-0000-4000-8000-00000000000\(number)")!
        let body = RequestBody(
            exchangeID: id, notificationReference: "\(state)-CT-2026-001\(number)", recipientState: "BE", subject: omar, purpose: "Counter-terrorism check",
            legalBasis: "Council conclusions 6146/24", urgency: urgency, handlingCode: .h1, marking: Marking(limite: true),
            requestedCategories: [.identity, .internationalProtection])
        let model = ExchangeModel(
            id: id, direction: direction, kind: .request, localAuthorityID: authority, counterpartNode: state.lowercased() + "-1", counterpartState: state,
            counterpartAuthority: "\(state) contact point", body: try JSONEncoder().encode(body), urgency: urgency, state: exchangeState,
            now: now.addingTimeInterval(-Double(number) * 86400))
        model.deadline = deadline
        return model
    }

    // MARK: Rendering and comparing

    /// One renderer for all the pages: it reads every template and catalogue when made.
    static let rendering = Task { try await WebRenderer(nodeTitle: "Liaison · Belgium") }

    static func renderer() async throws -> WebRenderer { try await rendering.value }

    static func strings() async throws -> Strings { try await renderer().catalogue.strings(.english) }

    /// Renders and compares; returns the page for further checks.
    @discardableResult
    static func expect(_ template: String, view: Any, reader: Principal, path: String, matches name: String) async throws -> String {
        let renderer = try await renderer()
        let layout = renderer.layout(title: "Liaison", language: .english, back: nil, currentPath: path, principal: reader)
        let html = renderer.render(template, layout: layout, view: view)
        let file = folder.appendingPathComponent("\(name).html")
        if ProcessInfo.processInfo.environment["LIAISON_RECORD_GOLDEN"] != nil {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try html.write(to: file, atomically: true, encoding: .utf8)
            return html
        }
        let golden = try #require(try? String(contentsOf: file, encoding: .utf8), "Tests/Golden/\(name).html is missing; record it")
        if html != golden {
            let (mine, theirs) = (html.split(separator: "\n", omittingEmptySubsequences: false), golden.split(separator: "\n", omittingEmptySubsequences: false))
            let line = zip(mine, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(mine.count, theirs.count)
            let got = line < mine.count ? String(mine[line]) : "(end)"
            let expected = line < theirs.count ? String(theirs[line]) : "(end)"
            Issue.record("\(name).html differs at line \(line + 1):\n  expected: \(expected)\n  rendered: \(got)")
        }
        return html
    }
}
