import Foundation
import LiaisonCore
import LiaisonILO

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
