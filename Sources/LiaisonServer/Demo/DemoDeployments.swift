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
