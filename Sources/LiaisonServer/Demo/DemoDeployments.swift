import Foundation
import LiaisonCore
import LiaisonILO

/// The demo network's liaison officers: BE, DE and FR, and the Commission's agencies, posted
/// in a dozen host countries, with one posting already ended. The names are invented.
enum DemoDeployments {
    struct Plan {
        let officer: String
        let body: String
        let posting: PostingType
        let country: String
        let city: String
        let region: HostRegion
        let tasks: [ILOTask]
        var represented: [String] = []
        var partTime: Int? = nil
        var endedMonthsAgo: Int? = nil
    }

    static func plans(state: String) -> [Plan] {
        switch state {
        case "BE":
            [
                Plan(
                    officer: "Els Vermeulen", body: "BE", posting: .diplomaticMission, country: "MA", city: "Rabat", region: .northAfrica,
                    tasks: [.migrationRoutes, .smugglingAndTrafficking, .returnAndReadmission], represented: ["LU", "NL"]),
                Plan(
                    officer: "Koen De Wilde", body: "BE", posting: .diplomaticMission, country: "CD", city: "Kinshasa", region: .centralAndSouthernAfrica,
                    tasks: [.documentFraud, .legalMigration, .identityAndNationality]),
                Plan(
                    officer: "Sarah Lemaire", body: "BE", posting: .euDelegation, country: "TR", city: "Ankara", region: .turkeyAndCaucasus,
                    tasks: [.migrationRoutes, .accessToProtection, .resettlement], partTime: 50),
                Plan(
                    officer: "Bart Hermans", body: "BE", posting: .diplomaticMission, country: "GN", city: "Conakry", region: .westAfrica,
                    tasks: [.returnAndReadmission, .identityAndNationality], endedMonthsAgo: 3),
            ]
        case "DE":
            [
                Plan(
                    officer: "Jana Hoffmann", body: "DE", posting: .diplomaticMission, country: "TR", city: "Istanbul", region: .turkeyAndCaucasus,
                    tasks: [.smugglingAndTrafficking, .documentFraud, .informationSharing]),
                Plan(
                    officer: "Tobias Krüger", body: "DE", posting: .thirdCountryAuthority, country: "RS", city: "Belgrade", region: .westernBalkans,
                    tasks: [.migrationRoutes, .smugglingAndTrafficking], represented: ["AT"]),
                Plan(
                    officer: "Miriam Schulte", body: "DE", posting: .diplomaticMission, country: "NG", city: "Lagos", region: .westAfrica,
                    tasks: [.documentFraud, .legalMigration, .admissionOfLegalMigrants]),
                Plan(
                    officer: "Felix Brandt", body: "DE", posting: .diplomaticMission, country: "PK", city: "Islamabad", region: .southAsia,
                    tasks: [.identityAndNationality, .returnAndReadmission, .legalMigration]),
                Plan(
                    officer: "Lena Vogel", body: "DE", posting: .internationalOrganisation, country: "JO", city: "Amman", region: .middleEast,
                    tasks: [.resettlement, .accessToProtection]),
            ]
        case "FR":
            [
                Plan(
                    officer: "Camille Roux", body: "FR", posting: .diplomaticMission, country: "SN", city: "Dakar", region: .westAfrica,
                    tasks: [.migrationRoutes, .smugglingAndTrafficking, .documentFraud]),
                Plan(
                    officer: "Hugo Marchand", body: "FR", posting: .diplomaticMission, country: "TN", city: "Tunis", region: .northAfrica,
                    tasks: [.returnAndReadmission, .identityAndNationality, .informationSharing]),
                Plan(
                    officer: "Léa Fontaine", body: "FR", posting: .thirdCountryAuthority, country: "NE", city: "Niamey", region: .sahel,
                    tasks: [.migrationRoutes, .smugglingAndTrafficking, .accessToProtection], represented: ["BE"]),
                Plan(
                    officer: "Julien Mercier", body: "FR", posting: .diplomaticMission, country: "VN", city: "Hanoi", region: .eastAndSouthEastAsia,
                    tasks: [.documentFraud, .smugglingAndTrafficking]),
                Plan(
                    officer: "Inès Garnier", body: "FR", posting: .diplomaticMission, country: "GE", city: "Tbilisi", region: .turkeyAndCaucasus,
                    tasks: [.legalMigration, .returnAndReadmission], partTime: 60),
            ]
        case "EU":
            [
                Plan(
                    officer: "Marta Kowalczyk", body: "FRONTEX", posting: .euDelegation, country: "SN", city: "Dakar", region: .westAfrica,
                    tasks: [.migrationRoutes, .informationSharing]),
                Plan(
                    officer: "Andrei Popescu", body: "EUAA", posting: .euDelegation, country: "TR", city: "Ankara", region: .turkeyAndCaucasus,
                    tasks: [.accessToProtection, .resettlement]),
            ]
        default:
            []
        }
    }

    /// Records this node's plans through the service, so that they are published like any other.
    static func seed(_ network: ILONetworkService, state: String, now: Date) async throws {
        let calendar = Calendar(identifier: .gregorian)
        func day(monthsAgo: Int) -> String {
            let date = calendar.date(byAdding: .month, value: -monthsAgo, to: now) ?? now
            return String(ISO8601DateFormatter.string(from: date, timeZone: TimeZone(identifier: "UTC")!, formatOptions: [.withFullDate]))
        }
        let actor = ILONetworkService.Actor(username: "\(state.lowercased()).ilo", requestID: nil)
        for (index, plan) in plans(state: state).enumerated() {
            _ = try await network.record(
                Deployment(
                    officerName: plan.officer, mailbox: "ilo.\(plan.city.lowercased())@\(state.lowercased()).liaison.example", deployingBody: plan.body,
                    postingType: plan.posting, hostCountry: plan.country, hostCity: plan.city, region: plan.region,
                    startsOn: day(monthsAgo: 30 - index * 4), endsOn: plan.endedMonthsAgo.map { day(monthsAgo: $0) }, tasks: plan.tasks,
                    representedStates: plan.represented, partTimeShare: plan.partTime), by: actor)
        }
    }
}

/// The demo network's published strategic reports, one per state, written without personal data.
enum DemoReports {
    static func reports(state: String) -> [StrategicReport] {
        switch state {
        case "BE":
            [
                StrategicReport(
                    title: "Morocco: departures towards the Canary Islands", period: "2026-Q3", hostCountry: "MA", region: .northAfrica,
                    flowsAndRoutes: "Departures from the Atlantic coast south of Agadir rose by about a fifth on the previous quarter; most boats carry 40 to 60 people.",
                    smugglingAndTrafficking: "Crossings are sold as packages including a second attempt; prices range from EUR 2 000 to 3 500.",
                    riskAnalysis: "Weather in the autumn months will lower departures; a shift towards longer routes from further south is likely.",
                    riskLevel: .moderate)
            ]
        case "DE":
            [
                StrategicReport(
                    title: "Western Balkans: document fraud on the northern route", period: "2026-Q3", hostCountry: "RS", region: .westernBalkans,
                    incidentsAndTrends: "Detections at the Hungarian border fell while those at the Croatian border rose.",
                    documentFraud:
                        "Counterfeit residence permits of two Member States are offered online; the security features most often imitated are the optically variable ink and the laser-engraved photo.",
                    riskAnalysis: "The displacement towards Bosnia and Herzegovina is expected to continue.", riskLevel: .high)
            ]
        case "FR":
            [
                StrategicReport(
                    title: "Niger: transit through Agadez", period: "2026-Q2", hostCountry: "NE", region: .sahel,
                    flowsAndRoutes: "Transit towards Libya resumed after the repeal of the 2015 law; weekly convoys leave for Séguédine and Dirkou.",
                    accessToProtection: "Access to asylum procedures in Niamey remains limited; the reception centres run at full capacity.",
                    riskAnalysis: "A further rise in transit is likely during the dry season.", riskLevel: .high)
            ]
        default:
            []
        }
    }

    static func seed(_ network: ILONetworkService, state: String) async throws {
        let actor = ILONetworkService.Actor(username: "\(state.lowercased()).ilo", requestID: nil)
        for report in reports(state: state) {
            let draft = try await network.saveDraft(report, by: actor)
            _ = try await network.publish(draft.report.id, by: actor)
        }
    }
}
