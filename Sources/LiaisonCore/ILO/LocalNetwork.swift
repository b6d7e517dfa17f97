import Foundation

/// A local or regional network of liaison officers (Art. 5): the officers posted in one host
/// country, or in a whole region when no country is named. The coordinating officer's node
/// owns it.
public struct LocalNetwork: NetworkRecord {
    public static let recordKind = NetworkRecordKind.localNetwork
    public var id: UUID
    public var name: String
    public var hostCountry: String?
    public var region: HostRegion
    /// The deployment of the coordinating officer, one of the members.
    public var coordinator: UUID
    public var description: String?

    public var parentID: UUID? { nil }

    public init(id: UUID = UUID(), name: String, hostCountry: String?, region: HostRegion, coordinator: UUID, description: String? = nil) {
        self.id = id
        self.name = name
        self.hostCountry = hostCountry
        self.region = region
        self.coordinator = coordinator
        self.description = description
    }

    /// Whether an officer of `deployment` belongs to this network.
    public func admits(_ deployment: Deployment) -> Bool {
        hostCountry.map { $0 == deployment.hostCountry } ?? (deployment.region == region)
    }

    public func check(publishedBy publisher: String) throws(ServiceError) {
        var check = FieldCheck()
        check.text(name, "name", required: true, limit: 120)
        check.text(description, "description", limit: 2000)
        if let hostCountry, !DeploymentRules.isThirdCountry(hostCountry) { check.fail("hostCountry", "Not a third country") }
        try check.finish("The network")
    }
}

/// What a local network does (Art. 5(2)–(4)): meetings, training courses, positions agreed
/// towards commercial carriers, and contacts with similar networks.
public struct NetworkActivity: NetworkRecord {
    public static let recordKind = NetworkRecordKind.networkActivity

    public enum Kind: String, Codable, Sendable, CaseIterable {
        case meeting
        case training
        case carrierPosition = "carrier-position"
        case networkContact = "network-contact"
    }

    public var id: UUID
    public var networkID: UUID
    public var kind: Kind
    public var title: String
    public var day: String
    public var place: String?
    /// A meeting's agenda items, a course's programme.
    public var agenda: [String]
    /// A meeting's minutes; a course's, a position's or a contact's outcome.
    public var minutes: String?
    /// Deployments of the members who attended.
    public var attendance: [UUID]
    /// Others present (guests, the Commission's and Frontex's representatives).
    public var guests: [String]
    /// The Commission and Frontex are invited to every meeting (Art. 5(3)) unless operational
    /// considerations are recorded.
    public var commissionInvited: Bool
    public var frontexInvited: Bool
    public var notInvitedReason: String?
    public var topic: TrainingTopic?
    /// The carrier a position is towards, the similar network a contact is with.
    public var counterpart: String?

    public var parentID: UUID? { networkID }

    public init(
        id: UUID = UUID(), networkID: UUID, kind: Kind, title: String, day: String, place: String? = nil, agenda: [String] = [], minutes: String? = nil,
        attendance: [UUID] = [], guests: [String] = [], commissionInvited: Bool = true, frontexInvited: Bool = true, notInvitedReason: String? = nil,
        topic: TrainingTopic? = nil, counterpart: String? = nil
    ) {
        self.id = id
        self.networkID = networkID
        self.kind = kind
        self.title = title
        self.day = day
        self.place = place
        self.agenda = agenda
        self.minutes = minutes
        self.attendance = attendance
        self.guests = guests
        self.commissionInvited = commissionInvited
        self.frontexInvited = frontexInvited
        self.notInvitedReason = notInvitedReason
        self.topic = topic
        self.counterpart = counterpart
    }

    public func check(publishedBy publisher: String) throws(ServiceError) {
        var check = FieldCheck()
        check.text(title, "title", required: true, limit: 200)
        check.day(day, "day")
        check.text(place, "place", limit: 200)
        check.lines(agenda, "agenda", count: 40, limit: 300)
        check.text(minutes, "minutes", limit: 20_000)
        check.lines(guests, "guests", count: 40, limit: 120)
        if Set(attendance).count != attendance.count { check.fail("attendance", "An officer is listed twice") }
        switch kind {
        case .meeting:
            if agenda.isEmpty { check.fail("agenda", "At least one item") }
            let reason = notInvitedReason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            if !(commissionInvited && frontexInvited) && reason.count < 10 {
                check.fail("notInvitedReason", "The Commission and Frontex are invited unless operational considerations are recorded")
            }
            check.text(notInvitedReason, "notInvitedReason", limit: 1000)
        case .training:
            if topic == nil { check.fail("topic", "Choose one of the list") }
        case .carrierPosition, .networkContact:
            check.text(counterpart, "counterpart", required: true, limit: 200)
        }
        try check.finish("The activity")
    }
}

/// The subjects of the network's training courses (Art. 5(4)(b)).
public enum TrainingTopic: String, Codable, Sendable, CaseIterable {
    case fundamentalRights = "fundamental-rights"
    case trafficking
    case smuggling
    case documentFraud = "document-fraud"
    case internationalProtection = "international-protection"
    case consularStaff = "consular-staff"
}
