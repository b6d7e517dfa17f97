import FluentKit
import Foundation
import LiaisonCore
import LiaisonStore

/// Every read is answerable (PRODUCT.md F): the data protection officer asks who read which
/// person, when and why, by user, by person and by period, and sees what stands out: many
/// reads by one user in a day, reads outside working hours, reads of persons with no open
/// exchange.
extension ExchangeService {
    public struct PersonReadFilter: Sendable {
        public var user: String?
        public var person: String?
        public var from: Date?
        /// Exclusive.
        public var until: Date?

        public init(user: String? = nil, person: String? = nil, from: Date? = nil, until: Date? = nil) {
            self.user = user
            self.person = person
            self.from = from
            self.until = until
        }
    }

    public struct PersonRead: Sendable {
        public var at: Date
        public var user: String
        public var person: String
        public var purpose: String
        public var auditSequence: Int64
        public var outsideWorkingHours: Bool
        /// The person has no open exchange, notification in force or pending match here.
        public var noOpenExchange: Bool
        /// The user read more persons that day than the node's threshold.
        public var manyReadsThatDay: Bool
    }

    public struct HeavyReader: Sendable, Equatable {
        public var user: String
        public var day: String
        public var reads: Int
    }

    public struct ReadReview: Sendable {
        /// Newest first, at most `shownReads`.
        public var reads: [PersonRead]
        /// All reads the filter matched, up to `examinedReads`.
        public var matched: Int
        public var heavyReaders: [HeavyReader]
        public var outsideWorkingHours: Int
        public var noOpenExchange: Int
    }

    /// How many reads a review examines, and how many it lists.
    static let examinedReads = 50_000
    static let shownReads = 1_000

    /// The reads the filter matches, with what stands out; the review itself is audited.
    public func reviewReads(_ filter: PersonReadFilter, by actor: Actor) async throws -> ReadReview {
        var query = PersonReadModel.query(on: db)
        if let user = filter.user { query = query.filter(\.$actor == user) }
        if let person = filter.person { query = query.filter(\.$person == person) }
        if let from = filter.from { query = query.filter(\.$occurredAt >= from) }
        if let until = filter.until { query = query.filter(\.$occurredAt < until) }
        let rows = try await query.sort(\.$occurredAt, .descending).sort(\.$auditSequence, .descending).limit(Self.examinedReads).all()

        let hours = settings.readReview
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = hours.timeZone
        let dayFormat = DateFormatter()
        dayFormat.calendar = calendar
        dayFormat.timeZone = hours.timeZone
        dayFormat.dateFormat = "yyyy-MM-dd"
        var perDay: [String: [String: Int]] = [:]
        for row in rows { perDay[row.actor, default: [:]][dayFormat.string(from: row.occurredAt), default: 0] += 1 }
        let heavy = perDay.flatMap { user, days in
            days.filter { $0.value > hours.readsPerDay }.map { HeavyReader(user: user, day: $0.key, reads: $0.value) }
        }.sorted { ($0.day, $0.reads, $0.user) > ($1.day, $1.reads, $1.user) }
        let heavyDays = Set(heavy.map { "\($0.user) \($0.day)" })
        let open = try await openPersons(Set(rows.map(\.person)))

        var outside = 0, unopened = 0
        var reads: [PersonRead] = []
        for row in rows {
            let hour = calendar.component(.hour, from: row.occurredAt)
            let isOutside = !hours.workingHours.contains(hour) || calendar.isDateInWeekend(row.occurredAt)
            let isUnopened = !open.contains(row.person)
            if isOutside { outside += 1 }
            if isUnopened { unopened += 1 }
            guard reads.count < Self.shownReads else { continue }
            reads.append(
                PersonRead(
                    at: row.occurredAt, user: row.actor, person: row.person, purpose: row.purpose, auditSequence: row.auditSequence,
                    outsideWorkingHours: isOutside, noOpenExchange: isUnopened,
                    manyReadsThatDay: heavyDays.contains("\(row.actor) \(dayFormat.string(from: row.occurredAt))")))
        }
        try await audit.append(
            AuditEvent(
                actor: actor.username, action: .auditViewed, targetType: "person-reads", targetID: filter.person ?? filter.user ?? "all",
                reason: "review of reads of personal data", detail: "reads=\(rows.count)", requestID: actor.requestID), on: db)
        return ReadReview(reads: reads, matched: rows.count, heavyReaders: heavy, outsideWorkingHours: outside, noOpenExchange: unopened)
    }

    /// Of the persons named, those with something open at this node: a notification in force,
    /// an exchange not yet answered, withdrawn or refused, or a record paired with a
    /// notification in force and not rejected.
    func openPersons(_ persons: Set<String>) async throws -> Set<String> {
        func references(_ prefix: String) -> [String] { persons.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } }
        let now = clock()
        var open: Set<String> = []
        let notificationRefs = references("notification/")
        if !notificationRefs.isEmpty {
            for row in try await ThreatNotificationModel.query(on: db).filter(\.$reference ~~ notificationRefs).all()
            where row.state == .active && row.standing.isActive(at: now) {
                open.insert(PersonReadModel.notification(row.reference))
            }
        }
        let exchangeIDs = references("exchange/").compactMap(UUID.init(uuidString:))
        if !exchangeIDs.isEmpty {
            let waiting: Set<ExchangeModel.State> = [.awaitingApproval, .sent, .received]
            for row in try await ExchangeModel.query(on: db).filter(\.$id ~~ exchangeIDs).all()
            where waiting.contains(row.state) || row.answerState == .awaitingApproval {
                open.insert(PersonReadModel.exchange(row.id))
            }
        }
        let recordRefs = references("record/")
        if !recordRefs.isEmpty {
            let pairs = try await MatchDecisionModel.query(on: db).filter(\.$recordReference ~~ recordRefs).filter(\.$state != .rejected).all()
            let inForce = Set(
                try await ThreatNotificationModel.query(on: db).filter(\.$id ~~ Set(pairs.map(\.notificationID))).all()
                    .filter { $0.state == .active && $0.standing.isActive(at: now) }.compactMap(\.id))
            for pair in pairs where inForce.contains(pair.notificationID) { open.insert(PersonReadModel.record(pair.recordReference)) }
        }
        return open
    }
}
