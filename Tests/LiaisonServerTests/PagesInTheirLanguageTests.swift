import Foundation
import LiaisonAccess
@testable import LiaisonCore
import LiaisonExchange
@testable import LiaisonServer
import LiaisonStore
import Testing

/// Every string an official reads comes from the catalogue, domain text included: the
/// matcher's explanations, the summaries of alerts, the audit trail's actions, the names of
/// states. A French or German page's main content holds no English word beyond names and codes.
@Suite("French and German pages hold no English")
struct PagesInTheirLanguageTests {
    /// Words that are English and neither French nor German: one of them in a French or German
    /// page's main content is a string that escaped the catalogue.
    static let englishOnly: Set<String> = [
        "the", "and", "with", "from", "is", "are", "this", "that", "which", "has", "have", "been", "were", "will", "your", "you", "there",
        "what", "when", "who", "equal", "differs", "overdue", "pending", "withdrawn", "answered", "received", "nothing", "none", "due", "new", "request",
        "answer", "approval", "deadline", "sent", "birth", "family", "given", "nationality", "changed", "record", "procedure", "awaited",
    ]

    /// The words of `html`'s main content, leaving out names (`dir="auto"`) and codes.
    static func mainWords(_ html: String) -> [String] {
        guard let start = html.range(of: "<main"), let end = html.range(of: "</main>") else { return [] }
        var text = String(html[start.lowerBound..<end.upperBound])
        for pattern in [#"<code[^>]*>.*?</code>"#, #"<(span|td|dd|p)[^>]*dir="auto"[^>]*>.*?</\1>"#, #"<[^>]+>"#] {
            text = text.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return text.lowercased().split { !$0.isLetter }.map(String.init)
    }

    static let explanation =
        "family name الهاشمي ≈ AL-HASHIMI (via arabic, 0.93); given name عمر = OMAR (via arabic); birth date equal; nationality SYR equal; sex equal; document number differs by one character"

    static func pages(in language: Language) async throws -> [(String, String)] {
        let renderer = try await GoldenPageTests.renderer()
        let strings = renderer.catalogue.strings(language)
        let now = GoldenPageTests.now
        let present = ExchangePresentation(strings: strings, now: now)
        func render(_ template: String, _ view: Any, _ reader: Principal, _ path: String) -> String {
            renderer.render(template, layout: renderer.layout(title: "Liaison", language: language, back: nil, currentPath: path, principal: reader), view: view)
        }
        var pages: [(String, String)] = []
        let figures = DashboardFigures(
            openRequests: [.init(id: "3f1c2a9e-0000-4000-8000-000000000001", counterpartState: "DE", deadline: now.addingTimeInterval(-3600))],
            arrivals: [.init(id: "3f1c2a9e-0000-4000-8000-000000000004", arrival: "correction", counterpartState: "FR", at: now.addingTimeInterval(-60))],
            awaitedAnswers: [.init(id: "3f1c2a9e-0000-4000-8000-000000000003", counterpartState: "NL", deadline: now.addingTimeInterval(5 * 3600))],
            awaitingApproval: 1, unseenAlerts: 3, matchesToDecide: 2, users: (total: 12, pendingEnrolment: 2), authorities: 4,
            audit: (lastSequence: 1234, failedSignIns: 1), deployments: (posted: 17, recordedHere: 4, gaps: 5), reports: (published: 3, drafts: 1))
        for role in Role.allCases {
            let reader = GoldenPageTests.principal(role)
            pages.append(("dashboard of \(role.rawValue)", render("dashboard", DashboardView(principal: reader, figures: figures, strings: strings, now: now), reader, "/dashboard")))
        }
        let officer = GoldenPageTests.principal(.immigrationOfficer)
        let open = try GoldenPageTests.request(number: 1, from: "DE", urgency: .urgent, state: .received, deadline: now.addingTimeInterval(3600))
        open.arrival = "request"
        let inbox = ExchangeListView(
            heading: strings("inbox.title"), intro: strings("inbox.intro"), empty: strings("inbox.empty"), rows: [present.row(open, unread: true)], listID: "inbox",
            canMessage: false)
        pages.append(("inbox", render("exchanges", inbox, officer, "/inbox")))

        let model = try GoldenPageTests.request(number: 4, from: "DE", urgency: .normal, state: .received, deadline: now.addingTimeInterval(-60))
        var decided = GoldenPageTests.asylum
        decided.procedures[0].status = .rejected
        let correction = FollowUpBody(exchangeID: model.id!, followUp: .correction, reason: "—", situation: decided, handlingCode: .h0, marking: .unclassified)
        let withdrawal = FollowUpBody(exchangeID: model.id!, followUp: .withdrawal, reason: FollowUpBody.notificationWithdrawnReason, handlingCode: .h0, marking: .unclassified)
        let events = [
            ExchangeEventModel(exchangeID: model.id!, at: now.addingTimeInterval(-86400), event: "approved", actor: "a.peeters"),
            ExchangeEventModel(exchangeID: model.id!, at: now.addingTimeInterval(-600), event: "correction", actor: "node:de-1", body: try ExchangeMessage.followUp(correction).encoded()),
            ExchangeEventModel(exchangeID: model.id!, at: now, event: "withdrawal", actor: "node:de-1", body: try ExchangeMessage.followUp(withdrawal).encoded()),
        ]
        var view = try ExchangeDetailView(
            ExchangeView(exchange: model, events: events, deliveries: []), reader: officer, readerAuthority: GoldenPageTests.authority, strings: strings, now: now)
        let record = AdministrativeRecordModel(
            reference: "BE-IMM-0042", subject: try JSONEncoder().encode(GoldenPageTests.omar), situation: try JSONEncoder().encode(GoldenPageTests.asylum),
            rightToStay: "pending", now: now)
        view.candidates = [try present.candidate(record, MatchCandidate(id: "BE-IMM-0042", score: 0.93, isMatch: true, explanation: explanation), first: true)]
        pages.append(("exchange with candidates and history", render("exchange", view, officer, "/inbox")))
        return pages
    }

    @Test("a French or German page's main content holds no English word beyond names and codes", arguments: [Language.french, .german])
    func noEnglishInMainContent(language: Language) async throws {
        for (name, html) in try await Self.pages(in: language) {
            let english = Set(Self.mainWords(html)).intersection(Self.englishOnly)
            #expect(english.isEmpty, "\(language.rawValue) \(name): \(english.sorted())")
        }
        // The check can fail: the same pages in English are full of such words.
        let englishPage = try await Self.pages(in: .english).map(\.1).joined()
        #expect(Set(Self.mainWords(englishPage)).intersection(Self.englishOnly).count > 10)
    }

    @Test("every reason the matcher gives, every alert summary and every audit action reads in French and German")
    func domainTextIsTranslated() async throws {
        let renderer = try await GoldenPageTests.renderer()
        let (q, r) = (BirthDate("1990-03-14")!, BirthDate("1990-14-03") ?? BirthDate("1991-03-14")!)
        let agreements: [BirthDate.Agreement] = [.exact, .dayMonthSwapped, .yearMonth, .placeholderYear, .year, .yearOffByOneSameDay, .dayTypo, .yearOffByOne, .differentDay, .different]
        var reasons = agreements.map { IdentityScorer.describe($0, q, r) }
        reasons += [[UInt8]("N0123456".utf8), Array("NO123456".utf8), Array("N0123457".utf8), Array("X9".utf8)].map { IdentityScorer.documentEvidence(Array("N0123456".utf8), $0).1 }
        reasons += [
            "sex equal", "sex differs", "nationality SYR equal", "nationality differs (SYR / AFG)", "names equal when parts are joined (merged/split parts)",
            "given/family order swapped", "matched an alias", "names differ",
        ]
        let summaries = ["international-protection: lodged → rejected", "visa: new procedure, lodged", "right to stay: none → pending", "administrative record changed"]
        for language in [Language.french, .german] {
            let strings = renderer.catalogue.strings(language)
            for reason in reasons { #expect(strings.explanation(reason) != reason, "\(language.rawValue): \(reason)") }
            #expect(!Set(strings.explanation(Self.explanation).lowercased().split { !$0.isLetter }.map(String.init)).contains("family"))
            for summary in summaries {
                let translated = strings.alertSummary(summary)
                #expect(translated != summary && Set(translated.lowercased().split { !$0.isLetter }.map(String.init)).isDisjoint(with: Self.englishOnly), "\(language.rawValue): \(translated)")
            }
            for action in AuditAction.allCases { #expect(strings.lookup("audit.action.\(action.rawValue)") != nil, "\(language.rawValue): \(action.rawValue)") }
            #expect(strings.stateName("DE") != "Germany" && strings.stateName("EU") != "European Commission")
        }
        #expect(renderer.catalogue.strings(.french).alertSummary("international-protection: lodged → rejected").contains("protection internationale"))
    }
}
