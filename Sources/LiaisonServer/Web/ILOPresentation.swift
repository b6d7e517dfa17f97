import Foundation
import LiaisonCore
import LiaisonILO

/// How the ILO network reads on a page, in the reader's language: countries and deploying
/// bodies by their names, deployments as rows.
struct ILOPresentation {
    let strings: Strings
    let language: Language

    func country(_ code: String) -> String {
        Locale(identifier: language.rawValue).localizedString(forRegionCode: code) ?? code
    }

    /// A state by its name, the Commission and the agencies by theirs.
    func body(_ code: String) -> String {
        if let agency = DeployingAgency(rawValue: code) { return strings("agency.\(agency.rawValue.lowercased())") }
        if code == "EU" { return strings("agency.commission") }
        return ParticipatingState.named(code).map { Locale(identifier: language.rawValue).localizedString(forRegionCode: $0.code) ?? $0.name } ?? code
    }

    func period(_ deployment: Deployment) -> String {
        deployment.endsOn.map { strings("deployments.period", ["from": deployment.startsOn, "to": $0]) }
            ?? strings("deployments.since", ["from": deployment.startsOn])
    }

    func row(_ entry: DeploymentEntry) -> DeploymentRowView {
        let deployment = entry.deployment
        return DeploymentRowView(
            id: deployment.id.uuidString, officer: deployment.officerName, deployingBody: body(deployment.deployingBody),
            country: country(deployment.hostCountry), city: deployment.hostCity, region: strings("region.\(deployment.region.rawValue)"),
            posting: strings("posting.\(deployment.postingType.rawValue)"), period: period(deployment),
            tasks: deployment.tasks.map { strings("task.\($0.rawValue)") }.joined(separator: ", "), origin: entry.originNode, own: entry.own,
            status: entry.isActive ? nil : strings(entry.isPlanned ? "deployments.planned" : "deployments.ended"))
    }

    /// One version in a line: where, for whom, when.
    func summary(_ deployment: Deployment) -> String {
        [country(deployment.hostCountry), deployment.hostCity, strings("posting.\(deployment.postingType.rawValue)"), period(deployment)]
            .compactMap { $0 }.joined(separator: " · ")
    }
}
