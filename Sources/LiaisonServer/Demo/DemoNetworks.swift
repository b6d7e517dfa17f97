import Foundation
import LiaisonCore
import LiaisonILO

/// The demo's local networks and Steering Board: BE coordinates the network in Türkiye, FR
/// the regional network of West Africa, each with a meeting and its minutes; the Commission's
/// node has the Board's members for BE, DE and FR, a meeting, and a vote left open for them.
enum DemoNetworks {
    static func seed(_ network: ILONetworkService, state: String, now: Date) async throws {
        let actor = ILONetworkService.Actor(username: "\(state.lowercased()).ilo", requestID: nil)
        let own = try await network.deployments().filter(\.own)
        func officer(_ name: String) -> UUID? { own.first { $0.deployment.officerName == name }?.deployment.id }
        let day = { (offset: Int) in
            (Calendar(identifier: .gregorian).date(byAdding: .day, value: offset, to: now) ?? now).formatted(
                Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
        }
        switch state {
        case "BE":
            guard let coordinator = officer("Sarah Lemaire") else { return }
            let formed = try await network.save(
                LocalNetwork(
                    name: "ILO network Türkiye", hostCountry: "TR", region: .turkeyAndCaucasus, coordinator: coordinator,
                    description: "Officers posted in Ankara and Istanbul."), by: actor)
            let id = formed.network.record.id
            _ = try await network.save(
                NetworkActivity(
                    networkID: id, kind: .meeting, title: "Quarterly meeting", day: day(-20), place: "Ankara, Embassy of Belgium",
                    agenda: ["Arrivals along the Eastern Mediterranean route", "Document fraud seen at Istanbul airport", "Return cooperation"],
                    minutes:
                        "Arrivals by sea fell in the quarter while land crossings rose. Forged residence permits of one issuing state were seen at Istanbul airport; a common alert to carriers is prepared. Next meeting in three months.",
                    attendance: [coordinator], guests: ["European Commission (DG HOME)", "Frontex liaison officer"]), by: actor)
            _ = try await network.upload(
                to: id, existing: nil, title: "Terms of reference", readers: .members, fileName: "terms-of-reference.txt",
                content: Data(
                    "Terms of reference of the ILO network Türkiye\n\n1. The network meets every quarter in Ankara or Istanbul.\n2. The coordinator keeps the agenda and the minutes.\n3. The Commission and Frontex are invited to every meeting.\n"
                        .utf8), by: actor)
            _ = try await network.save(
                NetworkActivity(
                    networkID: id, kind: .carrierPosition, title: "Boarding checks on flights to Brussels and Frankfurt", day: day(-12),
                    minutes: "Carriers are asked to refer holders of residence permits of the series seen in the quarter to the liaison officers before boarding.",
                    counterpart: "Airlines operating from Istanbul Airport"), by: actor)
        case "FR":
            guard let coordinator = officer("Camille Roux") else { return }
            let formed = try await network.save(
                LocalNetwork(
                    name: "Regional ILO network West Africa", hostCountry: nil, region: .westAfrica, coordinator: coordinator,
                    description: "Officers posted in Senegal, Nigeria and neighbouring states."), by: actor)
            let id = formed.network.record.id
            _ = try await network.save(
                NetworkActivity(
                    networkID: id, kind: .meeting, title: "Regional meeting", day: day(-35), place: "Dakar",
                    agenda: ["Departures from the Atlantic coast", "Smuggling networks in the Sahel", "Access to protection"],
                    minutes:
                        "Departures from the coast of Senegal rose sharply; the network shares its monthly figures with the Frontex liaison officer. The next meeting takes up return cooperation.",
                    attendance: [coordinator], guests: ["Frontex liaison officer"]), by: actor)
            _ = try await network.save(
                NetworkActivity(
                    networkID: id, kind: .training, title: "Detecting forged travel documents", day: day(-10), place: "Dakar",
                    agenda: ["Security features of ECOWAS passports", "Look-alike fraud"], attendance: [coordinator], topic: .documentFraud), by: actor)
        case "EU":
            let chair = ILONetworkService.Actor(username: "eu.board", requestID: nil)
            for (seat, username, name) in [
                ("EU", "eu.board", "Chair — European Commission"), ("BE", "be.board", "Member for Belgium"), ("DE", "de.board", "Member for Germany"),
                ("FR", "fr.board", "Member for France"),
            ] {
                _ = try await network.save(BoardMember(seat: seat, role: .member, name: name, username: username), by: chair)
            }
            let meeting = try await network.save(
                BoardMeeting(
                    title: "Steering Board — ordinary meeting", day: day(7), place: "Brussels",
                    agenda: ["Deployment gaps in the Horn of Africa and Central Asia", "Work programme 2027-2028", "Activity report 2025-2026"]), by: chair)
            _ = try await network.save(
                BoardDocument(
                    kind: .workProgramme, period: "2027-2028", title: "Work programme 2027-2028",
                    text:
                        "Priorities: close the deployment gaps in the Horn of Africa and Central Asia; common training on fundamental rights for every new officer; strategic reports on routes each quarter."
                ),
                by: chair)
            _ = try await network.openVote(
                title: "Adopt the work programme 2027-2028", text: "The Steering Board adopts the work programme 2027-2028 as proposed by the chair.",
                meeting: meeting.record.id, by: chair)
        default:
            return
        }
    }
}
