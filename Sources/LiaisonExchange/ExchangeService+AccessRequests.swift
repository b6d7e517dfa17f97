import FluentKit
import Foundation
import LiaisonCore
import LiaisonStore

/// One piece of the node's data that the matcher found for an access request: what it is,
/// why it is held, who received it and until when it is kept.
public struct AccessFinding: Sendable {
    public var person: String
    public var category: ProcessingCategory
    /// What the officer and the report call it: the notification's or the record's reference,
    /// the exchange's kind and counterpart.
    public var label: String
    public var identity: PersonIdentity?
    public var score: Double
    public var explanation: String
    public var confirmed: Bool
    public var purpose: String
    public var legalBasis: String
    /// States and bodies the data went to, or came from and were answered to.
    public var recipients: [String]
    /// The day the data are erased at the latest; nil while the national registry holds them.
    public var retainedUntil: String?
    public var restricted: Bool
    public var erased: Bool
    public var exchangeID: UUID?
    public var recordReference: String?
}

/// An access request with what the node holds about the person.
public struct AccessRequestView: Sendable {
    public var request: AccessRequestModel
    public var identity: PersonIdentity?
    /// The confirmed findings first, then the matcher's suggestions, best first.
    public var findings: [AccessFinding]
    /// Who read the confirmed data, and the audit entries about them, newest first.
    public var reads: [PersonReadModel]
    public var auditEntries: [AuditEntryModel]
    /// The asks for rectification made under the request.
    public var asks: [RectificationAskModel] = []

    public var confirmed: [AccessFinding] { findings.filter(\.confirmed) }
}

/// Data subjects' requests for access (GDPR Art. 15; Directive (EU) 2016/680, Art. 14): the
/// data protection officer enters the identity the person gave, the identity matcher finds
/// every notification, exchange, record and liaison officer's item about that person at this
/// node, the officer confirms which are the person's, and the report lists them with their
/// purpose, legal basis, recipients and retention. The request is answered within one month.
extension ExchangeService {
    /// Suggestions below this score are not shown: they are other people.
    static let accessFindingFloor = 0.5
    static let accessFindingsShown = 50

    public func openAccessRequest(identity: PersonIdentity, receivedOn: String, by actor: Actor) async throws -> AccessRequestModel {
        let today = DisplayDay.string(clock())
        try await enforce(actor, target: "access-request") {
            // The same fields and limits as any person (R4), a family name included.
            try identity.validate()
            try AccessRequestTerms.checkReceipt(receivedOn, today: today)
        }
        let year = String(receivedOn.prefix(4))
        let count = try await AccessRequestModel.query(on: db).filter(\.$reference =~ "AR-\(year)-").count()
        let request = AccessRequestModel(
            reference: String(format: "AR-%@-%04d", year, count + 1), identity: try Self.encode(identity), receivedOn: receivedOn,
            dueOn: AccessRequestTerms.dueDay(receivedOn: receivedOn) ?? receivedOn, openedBy: actor.username, openedAt: clock())
        try await db.transaction { tx in
            try await request.create(on: tx)
            try await record(actor, .accessRequestOpened, targetType: "access-request", targetID: request.reference, detail: "received=\(receivedOn)", on: tx)
        }
        return request
    }

    /// The node's access requests, open ones first by due day.
    public func accessRequests() async throws -> [AccessRequestModel] {
        let rows = try await AccessRequestModel.query(on: db).sort(\.$dueOn).limit(500).all()
        return rows.filter { $0.state == .open } + rows.filter { $0.state != .open }.sorted { $0.openedAt > $1.openedAt }
    }

    /// The request with what the matcher found; reading it is a read of every person shown,
    /// for the purpose of the request.
    public func accessRequest(_ reference: String, by actor: Actor) async throws -> AccessRequestView {
        let request = try await findAccessRequest(reference)
        let identity = request.erasedAt == nil ? try? Self.decode(PersonIdentity.self, request.identity) : nil
        var findings = try await accessFindings(for: identity, confirmed: request.confirmedPersons)
        findings.sort { ($0.confirmed ? 1 : 0, $0.score) > ($1.confirmed ? 1 : 0, $1.score) }
        let confirmed = request.confirmedPersons
        let reads = confirmed.isEmpty ? [] : try await PersonReadModel.query(on: db).filter(\.$person ~~ confirmed).sort(\.$occurredAt, .descending).limit(1_000).all()
        let targets = findings.filter(\.confirmed).flatMap(Self.auditTargets)
        let entries =
            targets.isEmpty
            ? []
            : try await AuditEntryModel.query(on: db).filter(\.$targetID ~~ targets).filter(\.$action != AuditAction.personalDataRead.rawValue)
                .sort(\.$id, .descending).limit(1_000).all()
        try await recordRead(
            actor, targetType: "access-request", targetID: request.reference, reason: "access request \(request.reference)", persons: findings.map(\.person))
        return AccessRequestView(
            request: request, identity: identity, findings: findings, reads: reads, auditEntries: entries, asks: try await rectificationAsks(of: reference))
    }

    /// Records which findings are the person's: the report lists those, and only those.
    public func confirmAccessFindings(_ reference: String, persons: [String], by actor: Actor) async throws -> AccessRequestModel {
        let request = try await findAccessRequest(reference)
        guard request.state == .open else {
            throw ServiceError.conflict(PolicyError(.wrongState, detail: "The request \(reference) is answered; its findings are final."))
        }
        let identity = try? Self.decode(PersonIdentity.self, request.identity)
        let known = Set(try await accessFindings(for: identity, confirmed: request.confirmedPersons).map(\.person))
        let unknown = persons.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw ServiceError.invalid("Confirm only what was found for this request.", fields: ["persons": unknown.joined(separator: ", ")])
        }
        request.confirmedPersons = Array(Set(persons)).sorted()
        try await db.transaction { tx in
            try await request.save(on: tx)
            try await record(actor, .accessRequestConfirmed, targetType: "access-request", targetID: reference, detail: "items=\(persons.count)", on: tx)
        }
        return request
    }

    /// Marks the request answered: the report was sent to the person.
    public func answerAccessRequest(_ reference: String, by actor: Actor) async throws -> AccessRequestModel {
        let request = try await findAccessRequest(reference)
        guard request.state == .open else { throw ServiceError.conflict(PolicyError(.wrongState, detail: "The request \(reference) is answered already.")) }
        request.state = .answered
        request.answeredAt = clock()
        let late = DisplayDay.string(clock()) > request.dueOn
        try await db.transaction { tx in
            try await request.save(on: tx)
            try await record(actor, .accessRequestAnswered, targetType: "access-request", targetID: reference, detail: late ? "late" : "on time", on: tx)
        }
        return request
    }

    func findAccessRequest(_ reference: String) async throws -> AccessRequestModel {
        guard let request = try await AccessRequestModel.query(on: db).filter(\.$reference == reference).first() else { throw ServiceError.notFound }
        return request
    }

    /// How the audit trail names the item a finding is about (an exchange's id in either case).
    static func auditTargets(_ finding: AccessFinding) -> [String] {
        if let id = finding.exchangeID { return [id.uuidString, id.uuidString.lowercased()] }
        return [PersonReadModel.key(of: finding.person)]
    }

    /// Erases one exchange at the data protection officer's decision (GDPR Art. 17; Directive
    /// (EU) 2016/680, Art. 16), as the retention job would, and tells the other side. The reason
    /// goes to the audit trail: it names the request, never the person.
    public func eraseExchange(_ id: UUID, reason: String?, by actor: Actor) async throws {
        guard let exchange = try await ExchangeModel.find(id, on: db) else { throw ServiceError.notFound }
        let reason = try await enforce(actor, target: id.uuidString) { try DecisionReason.checked(reason) }
        guard exchange.erasedAt == nil else { throw ServiceError.conflict(PolicyError(.wrongState, detail: "This exchange is erased already.")) }
        guard exchange.state != .awaitingApproval, exchange.answerState != .awaitingApproval else {
            throw ServiceError.conflict(PolicyError(.wrongState, detail: "A supervisor still has to decide on this exchange; it is erased once decided."))
        }
        let events = try await ExchangeEventModel.query(on: db).filter(\.$exchangeID == id).all()
        try await db.transaction { tx in
            try await erase(exchange, events: events, detail: "category=exchanges; erasure on request", by: actor, reason: reason, on: tx)
            try await tellOtherSide(exchange, ground: .erasure, on: tx)
        }
    }

    // MARK: Finding the person

    /// Every item of the node whose person the matcher puts near the identity, and every
    /// confirmed item even when it no longer matches (it was erased or corrected since).
    func accessFindings(for identity: PersonIdentity?, confirmed: [String]) async throws -> [AccessFinding] {
        var held: [String: AccessFinding] = [:]
        var identities: [IdentityRecord] = []
        for finding in try await notificationFindings() + exchangeFindings() + recordFindings() + officerDataFindings() {
            held[finding.person] = finding
            if let person = finding.identity { identities.append(person.identityRecord(id: finding.person)) }
        }
        var shown: [String: AccessFinding] = [:]
        if let identity {
            let index = IdentityIndex(records: identities)
            for candidate in index.candidates(for: identity.identityRecord(id: "request"), limit: Self.accessFindingsShown)
            where candidate.score >= Self.accessFindingFloor && shown[candidate.id] == nil {
                guard var finding = held[candidate.id] else { continue }
                finding.score = candidate.score
                finding.explanation = candidate.explanation
                shown[candidate.id] = finding
            }
        }
        for person in confirmed {
            var finding = shown[person] ?? held[person] ?? Self.goneFinding(person)
            finding.confirmed = true
            shown[person] = finding
        }
        return Array(shown.values)
    }

    /// A confirmed item that is no longer at the node: erased since it was confirmed.
    static func goneFinding(_ person: String) -> AccessFinding {
        let category: ProcessingCategory =
            person.hasPrefix("notification/") ? .notification : person.hasPrefix("record/") ? .record : person.hasPrefix("exchange/") ? .exchange : .officerData
        return AccessFinding(
            person: person, category: category, label: person, score: 0, explanation: "", confirmed: true, purpose: category.purpose,
            legalBasis: category.legalBasis, recipients: [], retainedUntil: nil, restricted: false, erased: true)
    }

    private func notificationFindings() async throws -> [AccessFinding] {
        let months = settings.retention.notificationsMonths
        return try await ThreatNotificationModel.query(on: db).filter(\.$erasedAt == nil).all().compactMap { notification in
            guard let subject = try? Self.decode(PersonIdentity.self, notification.subject) else { return nil }
            let ended = notification.state == .withdrawn ? notification.updatedAt : notification.validUntil
            return AccessFinding(
                person: PersonReadModel.notification(notification.reference), category: .notification, label: notification.reference, identity: subject,
                score: 0, explanation: "", confirmed: false, purpose: ProcessingCategory.notification.purpose,
                legalBasis: ProcessingCategory.notification.legalBasis, recipients: ["The national immigration and asylum contact point"],
                retainedUntil: Self.day(ended, plusMonths: months), restricted: false, erased: false)
        }
    }

    private func exchangeFindings() async throws -> [AccessFinding] {
        let months = settings.retention.exchangesMonths
        let exchanges = try await ExchangeModel.query(on: db).filter(\.$erasedAt == nil).filter(\.$kind ~~ [.request, .spontaneous]).all()
        var lastEvents: [UUID: Date] = [:]
        for event in try await ExchangeEventModel.query(on: db).filter(\.$exchangeID ~~ exchanges.compactMap(\.id)).all() {
            lastEvents[event.exchangeID] = max(lastEvents[event.exchangeID] ?? event.at, event.at)
        }
        return exchanges.compactMap { exchange in
            guard let id = exchange.id, let message = try? ExchangeMessage.decode(kind: exchange.kind, body: exchange.body) else { return nil }
            let (subject, purpose, legalBasis): (PersonIdentity, String, String)
            switch message {
            case .request(let body): (subject, purpose, legalBasis) = (body.subject, body.purpose, body.legalBasis)
            case .spontaneous(let body): (subject, purpose, legalBasis) = (body.subject, body.purpose, body.legalBasis)
            default: return nil
            }
            let answered = exchange.answer.flatMap { try? Self.decode(AnswerBody.self, $0) }?.subject
            let lastStep = ([exchange.createdAt, exchange.decidedAt, exchange.answeredAt, lastEvents[id]].compactMap { $0 }).max() ?? exchange.createdAt
            let outgoing = exchange.direction == .outgoing
            let label = "\(exchange.kind.rawValue) \(outgoing ? "to" : "from") \(exchange.counterpartState), \(DisplayDay.string(exchange.createdAt))"
            return AccessFinding(
                person: PersonReadModel.exchange(id), category: .exchange, label: label, identity: answered ?? subject, score: 0, explanation: "",
                confirmed: false, purpose: purpose, legalBasis: legalBasis, recipients: [exchange.counterpartState],
                retainedUntil: Self.day(lastStep, plusMonths: months), restricted: false, erased: false, exchangeID: id)
        }
    }

    private func recordFindings() async throws -> [AccessFinding] {
        var answeredTo: [String: Set<String>] = [:]
        let written = try await ExchangeEventModel.query(on: db).filter(\.$event == "answer-written").all()
        let exchanges = try await ExchangeModel.query(on: db).filter(\.$id ~~ written.map(\.exchangeID)).all()
        let counterparts = Dictionary(exchanges.compactMap { e in e.id.map { ($0, e.counterpartState) } }, uniquingKeysWith: { a, _ in a })
        for event in written {
            guard let body = event.body, let reference = String(data: body, encoding: .utf8), let state = counterparts[event.exchangeID] else { continue }
            answeredTo[reference, default: []].insert(state)
        }
        return try await AdministrativeRecordModel.query(on: db).all().compactMap { record in
            guard let subject = try? record.person() else { return nil }
            return AccessFinding(
                person: PersonReadModel.record(record.reference), category: .record, label: record.reference, identity: subject, score: 0,
                explanation: "", confirmed: false, purpose: ProcessingCategory.record.purpose, legalBasis: ProcessingCategory.record.legalBasis,
                recipients: (answeredTo[record.reference] ?? []).sorted(), retainedUntil: nil, restricted: record.restrictedAt != nil, erased: false,
                recordReference: record.reference)
        }
    }

    private func officerDataFindings() async throws -> [AccessFinding] {
        try await OfficerPersonalDataModel.query(on: db).all().compactMap { item in
            guard let id = item.id else { return nil }
            let purpose = OfficerPersonalData.Purpose(rawValue: item.purpose)
            return AccessFinding(
                person: "officer-data/\(id.uuidString.lowercased())", category: .officerData, label: "\(item.purpose), \(DisplayDay.string(item.recordedAt))",
                identity: PersonIdentity(familyNames: item.subject), score: 0, explanation: "", confirmed: false,
                purpose: purpose.map { "\(ProcessingCategory.officerData.purpose) (\($0.rawValue))" } ?? ProcessingCategory.officerData.purpose,
                legalBasis: ProcessingCategory.officerData.legalBasis, recipients: [], retainedUntil: item.deleteOn, restricted: false, erased: false)
        }
    }

    static func day(_ date: Date, plusMonths months: Int) -> String {
        DisplayDay.string(Calendar.utc.date(byAdding: .month, value: months, to: date) ?? date)
    }
}
