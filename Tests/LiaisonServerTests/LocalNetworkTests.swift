import Foundation
import HTTPTypes
import HummingbirdTesting
import LiaisonAPI
import LiaisonCore
@testable import LiaisonILO
import LiaisonServer
import LiaisonTestSupport
import NIOCore
import Testing

@Suite("Local networks (Art. 5): formed from the officers in one country or region, with meetings, minutes and attendance")
struct LocalNetworkTests {
    func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: response.body))
    }

    static func json(_ object: [String: Any]) -> ByteBuffer { ByteBuffer(data: try! JSONSerialization.data(withJSONObject: object)) }

    @Test("an officer forms a network in Nigeria; members see each other's contact details; a meeting invites the Commission and Frontex unless a reason is recorded; minutes and attendance are added")
    func meetingWithMinutes() async throws {
        try await withNode { node, client in
            let officer = node.accounts[.liaisonOfficer]!
            var ids: [String] = []
            for (name, mailbox) in [("Anne Peeters", "ilo.lagos@be.example"), ("Marc Dubois", "ilo.abuja@be.example")] {
                let created = try await client.execute(
                    uri: "/api/v1/deployments", method: .post, headers: bearer(officer.token),
                    body: DeploymentTests.body(["officerName": name, "mailbox": mailbox, "phone": "+234 1 000 0000"]))
                ids.append(try decode(API.DeploymentEntry.self, created).deployment.id.uuidString)
            }
            let formed = try await client.execute(
                uri: "/api/v1/networks", method: .post, headers: bearer(officer.token),
                body: Self.json(["name": "ILO network Nigeria", "hostCountry": "NG", "region": "west-africa", "coordinator": ids[0]]))
            #expect(formed.status == .created)
            let network = try decode(API.LocalNetworkEntry.self, formed)
            #expect(network.members.count == 2 && network.memberNode && network.own)
            #expect(Set(network.members.compactMap(\.deployment.mailbox)) == ["ilo.lagos@be.example", "ilo.abuja@be.example"])
            let path = "/api/v1/networks/\(network.network.id.uuidString)/activities"

            let uninvited = try await client.execute(
                uri: path, method: .post, headers: bearer(officer.token),
                body: Self.json(["kind": "meeting", "title": "Quarterly meeting", "day": "2026-12-03", "agenda": ["Routes"], "frontexInvited": false]))
            #expect(uninvited.status == .unprocessableContent && problemCode(uninvited) == "input.invalid")
            #expect(String(buffer: uninvited.body).contains("notInvitedReason"))

            let convened = try await client.execute(
                uri: path, method: .post, headers: bearer(officer.token),
                body: Self.json(["kind": "meeting", "title": "Quarterly meeting", "day": "2026-12-03", "agenda": ["Routes", "Document fraud"]]))
            #expect(convened.status == .created)
            let meeting = try decode(API.NetworkActivityEntry.self, convened).activity
            #expect(meeting.commissionInvited && meeting.frontexInvited)

            let stranger = try await client.execute(
                uri: "\(path)/\(meeting.id.uuidString)", method: .put, headers: bearer(officer.token),
                body: Self.json(["kind": "meeting", "title": "Quarterly meeting", "day": "2026-12-03", "agenda": ["Routes"], "attendance": [UUID().uuidString]]))
            #expect(stranger.status == .unprocessableContent, "attendance names members only")

            let minuted = try await client.execute(
                uri: "\(path)/\(meeting.id.uuidString)", method: .put, headers: bearer(officer.token),
                body: Self.json([
                    "kind": "meeting", "title": "Quarterly meeting", "day": "2026-12-03", "agenda": ["Routes", "Document fraud"],
                    "minutes": "Routes through Agadez shifted west.", "attendance": ids, "guests": ["European Commission"],
                ]))
            #expect(minuted.status == .ok)
            let detail = try decode(
                API.LocalNetworkDetail.self,
                try await client.execute(uri: "/api/v1/networks/\(network.network.id.uuidString)", method: .get, headers: bearer(officer.token)))
            #expect(detail.activities.count == 1 && detail.activities[0].activity.minutes == "Routes through Agadez shifted west.")
            #expect(detail.activities[0].activity.attendance.map(\.uuidString).sorted() == ids.sorted())

            let training = try await client.execute(
                uri: path, method: .post, headers: bearer(officer.token), body: Self.json(["kind": "training", "title": "Course", "day": "2026-12-05"]))
            #expect(training.status == .unprocessableContent, "a training course names its subject")
        }
    }

    @Test("a network is published to every node; a node without an officer in it cannot record its activities")
    func onlyMemberNodesRecord() async throws {
        try await FederationDeliveryTests().withNetwork { network in
            let be = network.nodes["be-1"]!.network, de = network.nodes["de-1"]!.network
            let actor = ILONetworkService.Actor(username: "be.ilo", requestID: nil)
            let posted = try await be.record(
                Deployment(
                    officerName: "Anne Peeters", deployingBody: "BE", postingType: .diplomaticMission, hostCountry: "NG", region: .westAfrica,
                    startsOn: "2025-09-01", tasks: [.migrationRoutes]), by: actor)
            let formed = try await be.save(
                LocalNetwork(name: "ILO network Nigeria", hostCountry: "NG", region: .westAfrica, coordinator: posted.deployment.id), by: actor)
            try await BoardTests.deliver(network, from: "be-1")
            let (copy, _) = try await de.localNetwork(formed.network.record.id)
            #expect(!copy.network.own && copy.members.count == 1 && !copy.isMemberNode)
            await #expect(throws: ServiceError.self) {
                try await de.save(
                    NetworkActivity(networkID: formed.network.record.id, kind: .training, title: "Course", day: "2026-12-05", topic: .documentFraud),
                    by: .init(username: "de.ilo", requestID: nil))
            }
            // The coordinator must be an officer of the forming node.
            await #expect(throws: ServiceError.self) {
                try await de.save(
                    LocalNetwork(name: "Taken over", hostCountry: "NG", region: .westAfrica, coordinator: posted.deployment.id),
                    by: .init(username: "de.ilo", requestID: nil))
            }
        }
    }
}
