import Foundation

/// An immigration liaison officer's deployment (Regulation (EU) 2019/1240, Art. 2, 4, 6):
/// who, deployed by whom, where, for how long, to do what, and for which other states.
/// The deploying body's node owns the record; every other node keeps a read-only copy.
public struct Deployment: Codable, Sendable, Hashable {
    public var id: UUID
    public var officerName: String
    /// The officer's function mailbox and telephone at the posting.
    public var mailbox: String?
    public var phone: String?
    /// A participating state's code (BE), `EU` for the Commission, or an agency (`FRONTEX`).
    public var deployingBody: String
    public var postingType: PostingType
    /// ISO 3166-1 alpha-2 code of the host country (a third country).
    public var hostCountry: String
    public var hostCity: String?
    public var region: HostRegion
    /// First and last day of the posting (`yyyy-MM-dd`); no last day while it lasts.
    public var startsOn: String
    public var endsOn: String?
    public var tasks: [ILOTask]
    /// States this officer also represents by agreement (Art. 4(2)).
    public var representedStates: [String]
    /// Tasks shared with officers of other states at the same posting (Art. 4(1)).
    public var sharedTasks: String?
    /// Share of the officer's time spent on immigration matters, in per cent; nil is full time.
    public var partTimeShare: Int?

    public init(
        id: UUID = UUID(), officerName: String, mailbox: String? = nil, phone: String? = nil, deployingBody: String, postingType: PostingType,
        hostCountry: String, hostCity: String? = nil, region: HostRegion, startsOn: String, endsOn: String? = nil, tasks: [ILOTask],
        representedStates: [String] = [], sharedTasks: String? = nil, partTimeShare: Int? = nil
    ) {
        self.id = id
        self.officerName = officerName
        self.mailbox = mailbox
        self.phone = phone
        self.deployingBody = deployingBody
        self.postingType = postingType
        self.hostCountry = hostCountry
        self.hostCity = hostCity
        self.region = region
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.tasks = tasks
        self.representedStates = representedStates
        self.sharedTasks = sharedTasks
        self.partTimeShare = partTimeShare
    }

    /// Whether the officer is at the posting on `day` (`yyyy-MM-dd`).
    public func isActive(on day: String) -> Bool { startsOn <= day && (endsOn.map { day <= $0 } ?? true) }
}

/// Where an officer is posted (Art. 2(1)).
public enum PostingType: String, Codable, Sendable, CaseIterable {
    case diplomaticMission = "diplomatic-mission"
    case thirdCountryAuthority = "third-country-authority"
    case internationalOrganisation = "international-organisation"
    case euDelegation = "eu-delegation"
}

/// What an officer does: the information they collect and the help they give (Art. 3).
public enum ILOTask: String, Codable, Sendable, CaseIterable {
    case migrationRoutes = "migration-routes"
    case smugglingAndTrafficking = "smuggling-and-trafficking"
    case documentFraud = "document-fraud"
    case returnAndReadmission = "return-and-readmission"
    case accessToProtection = "access-to-protection"
    case legalMigration = "legal-migration"
    case identityAndNationality = "identity-and-nationality"
    case resettlement = "resettlement"
    case admissionOfLegalMigrants = "admission-of-legal-migrants"
    case informationSharing = "information-sharing"
}

/// The regions the network plans deployments by; gaps are counted per region.
public enum HostRegion: String, Codable, Sendable, CaseIterable {
    case westernBalkans = "western-balkans"
    case easternNeighbourhood = "eastern-neighbourhood"
    case turkeyAndCaucasus = "turkey-and-caucasus"
    case northAfrica = "north-africa"
    case westAfrica = "west-africa"
    case sahel = "sahel"
    case hornOfAfrica = "horn-of-africa"
    case centralAndSouthernAfrica = "central-and-southern-africa"
    case middleEast = "middle-east"
    case gulf = "gulf"
    case centralAsia = "central-asia"
    case southAsia = "south-asia"
    case eastAndSouthEastAsia = "east-and-south-east-asia"
    case americas = "americas"
    case oceania = "oceania"
}

/// The EU agencies that deploy liaison officers (Art. 2(1)), by the code they publish under.
public enum DeployingAgency: String, Sendable, CaseIterable {
    case frontex = "FRONTEX"
    case europol = "EUROPOL"
    case euaa = "EUAA"
}
