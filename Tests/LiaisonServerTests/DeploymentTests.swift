import Foundation
import HTTPTypes
import HummingbirdTesting
import LiaisonAPI
import LiaisonCore
@testable import LiaisonILO
@testable import LiaisonNode
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import NIOCore
import Testing

@Suite("ILO deployments: recorded at the deploying body's node, published to every node, with their history")
struct DeploymentTests {
    func decode<T: Decodable>(_ type: T.Type, _ response: TestResponse) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(T.self, from: Data(buffer: response.body))
    }

    static func body(_ fields: [String: Any]) -> ByteBuffer {
        var deployment: [String: Any] = [
            "officerName": "Anne Peeters", "deployingBody": "BE", "postingType": "diplomatic-mission", "hostCountry": "NG", "hostCity": "Lagos",
            "region": "west-africa", "startsOn": "2025-09-01", "tasks": ["migration-routes", "document-fraud"], "representedStates": ["LU"],
        ]
        for (key, value) in fields { deployment[key] = value }
        return ByteBuffer(data: try! JSONSerialization.data(withJSONObject: deployment))
    }

    @Test("a liaison officer records a deployment; it is listed, filtered, counted in the coverage, and its changes are kept as history")
    func recordAndChange() async throws {
        try await withNode { node, client in
            let officer = node.accounts[.liaisonOfficer]!
            let created = try await client.execute(uri: "/api/v1/deployments", method: .post, headers: bearer(officer.token), body: Self.body([:]))
            #expect(created.status == .created)
            let entry = try decode(API.DeploymentEntry.self, created)
            #expect(entry.own && entry.deployment.hostCountry == "NG" && entry.deployment.representedStates == ["LU"])

            let listed = try decode(
                [API.DeploymentEntry].self,
                try await client.execute(uri: "/api/v1/deployments?region=west-africa&task=document-fraud", method: .get, headers: bearer(officer.token)))
            #expect(listed.map(\.deployment.id) == [entry.deployment.id])
            let elsewhere = try decode(
                [API.DeploymentEntry].self, try await client.execute(uri: "/api/v1/deployments?hostCountry=PK", method: .get, headers: bearer(officer.token)))
            #expect(elsewhere.isEmpty)
            let coverage = try decode(
                API.DeploymentCoverage.self, try await client.execute(uri: "/api/v1/deployments/coverage", method: .get, headers: bearer(officer.token)))
            #expect(coverage.officers == 1)
            #expect(coverage.regions.first { $0.region == .westAfrica }?.gap == false)
            #expect(coverage.regions.first { $0.region == .hornOfAfrica }?.gap == true)

            // A posting yet to begin is listed, not yet counted as posted.
            let planned = try await client.execute(
                uri: "/api/v1/deployments", method: .post, headers: bearer(officer.token), body: Self.body(["startsOn": "2099-01-01", "hostCountry": "TR"]))
            #expect(planned.status == .created)
            let inTurkey = try decode(
                [API.DeploymentEntry].self, try await client.execute(uri: "/api/v1/deployments?hostCountry=TR", method: .get, headers: bearer(officer.token)))
            #expect(inTurkey.count == 1 && inTurkey[0].active == false)

            let ended = try await client.execute(
                uri: "/api/v1/deployments/\(entry.deployment.id)", method: .put, headers: bearer(officer.token),
                body: Self.body(["endsOn": node.services.network.today]))
            #expect(ended.status == .ok)
            let detail = try decode(
                API.DeploymentDetail.self, try await client.execute(uri: "/api/v1/deployments/\(entry.deployment.id)", method: .get, headers: bearer(officer.token)))
            #expect(detail.history.map(\.change) == [.ended, .created])
            #expect(detail.history.first?.changedBy == officer.username)
            let audit = try await node.services.audit.entries(.init(action: AuditAction.deploymentUpdated.rawValue), on: node.services.db)
            #expect(audit.count == 1 && audit[0].targetID == entry.deployment.id.uuidString)
        }
    }

    @Test("a deployment that does not hold is refused field by field, and nothing is written")
    func refusals() async throws {
        try await withNode { node, client in
            let officer = node.accounts[.liaisonOfficer]!
            for (fields, field) in [
                (["hostCountry": "FR"], "hostCountry"), (["deployingBody": "DE"], "deployingBody"), (["endsOn": "2025-01-01"], "endsOn"),
                (["tasks": [String]()], "tasks"), (["representedStates": ["BE"]], "representedStates"), (["partTimeShare": 150], "partTimeShare"),
                (["officerName": "Anne\u{202E}Peeters"], "officerName"), (["startsOn": "2025-02-30"], "startsOn"),
            ] as [([String: Any], String)] {
                let refused = try await client.execute(uri: "/api/v1/deployments", method: .post, headers: bearer(officer.token), body: Self.body(fields))
                #expect(refused.status == .unprocessableContent, "\(field)")
                #expect(problemCode(refused) == "input.invalid")
                #expect(String(buffer: refused.body).contains(field), "\(field)")
            }
            let unknownField = try await client.execute(
                uri: "/api/v1/deployments", method: .post, headers: bearer(officer.token), body: Self.body(["passportNumber": "X1"]))
            #expect(unknownField.status == .unprocessableContent && String(buffer: unknownField.body).contains("passportNumber"))
            let immigration = node.accounts[.immigrationOfficer]!
            #expect(try await client.execute(uri: "/api/v1/deployments", method: .post, headers: bearer(immigration.token), body: Self.body([:])).status == .forbidden)
            #expect(try await DeploymentModel.query(on: node.services.db).count() == 0)
        }
    }

    @Test("a deployment recorded at BE reaches DE as a read-only copy with its history; DE cannot change it")
    func publishedToEveryNode() async throws {
        try await FederationDeliveryTests().withNetwork { network in
            let be = network.nodes["be-1"]!, de = network.nodes["de-1"]!
            let actor = ILONetworkService.Actor(username: "be.ilo", requestID: nil)
            let recorded = try await be.network.record(
                Deployment(
                    officerName: "Anne Peeters", deployingBody: "BE", postingType: .euDelegation, hostCountry: "SN", region: .westAfrica,
                    startsOn: "2025-09-01", tasks: [.migrationRoutes]), by: actor)
            var changed = recorded.deployment
            changed.hostCity = "Dakar"
            _ = try await be.network.update(recorded.deployment.id, to: changed, by: actor)
            let client = try network.client(for: "be-1")
            #expect(await network.worker("be-1").deliverDue(client: client) == 4, "two versions to DE and to FR")
            try await client.shutdown()

            let (copy, history) = try await de.network.deployment(recorded.deployment.id)
            #expect(!copy.own && copy.originNode == "be-1" && copy.deployment.hostCity == "Dakar")
            #expect(history.map(\.change) == [.updated, .created] && history.allSatisfy { $0.changedBy == "be-1" })
            await #expect(throws: ServiceError.self) {
                try await de.network.update(recorded.deployment.id, to: changed, by: .init(username: "de.ilo", requestID: nil))
            }
        }
    }

    @Test("at start a node sends its deployments again: a node that missed them gets them once, with one history entry, and a repeat changes nothing")
    func republishedAtStart() async throws {
        try await FederationDeliveryTests().withNetwork { network in
            let be = network.nodes["be-1"]!, de = network.nodes["de-1"]!
            let recorded = try await be.network.record(
                Deployment(
                    officerName: "Anne Peeters", deployingBody: "BE", postingType: .euDelegation, hostCountry: "SN", region: .westAfrica,
                    startsOn: "2025-09-01", tasks: [.migrationRoutes]), by: .init(username: "be.ilo", requestID: nil))
            // DE lost its messages: BE's first publication never arrived.
            try await OutboxMessageModel.query(on: be.db).delete()
            #expect(try await be.network.republish() == 2)
            #expect(try await be.network.republish() == 2)
            let client = try network.client(for: "be-1")
            #expect(await network.worker("be-1").deliverDue(client: client) == 4)
            try await client.shutdown()
            let (copy, history) = try await de.network.deployment(recorded.deployment.id)
            #expect(copy.originNode == "be-1" && history.map(\.change) == [.created])
        }
    }

    @Test("a node cannot publish a deployment of another state's officer: the receiver refuses it and stores nothing")
    func otherStatesDeploymentRefused() async throws {
        try await FederationDeliveryTests().withNetwork { network in
            let be = network.nodes["be-1"]!, de = network.nodes["de-1"]!
            let forged = DeploymentPublication(
                node: "be-1", version: 1, change: .created,
                deployment: Deployment(
                    officerName: "Posing Officer", deployingBody: "DE", postingType: .diplomaticMission, hostCountry: "TR", region: .turkeyAndCaucasus,
                    startsOn: "2025-01-01", tasks: [.migrationRoutes]))
            let row = try await be.federation!.enqueue(
                to: "de-1", toAuthority: "de-1", fromAuthority: "be-1", kind: DeploymentPublication.kind, body: try JSONEncoder().encode(forged), on: be.db)
            let client = try network.client(for: "be-1")
            #expect(await network.worker("be-1").deliverDue(client: client) == 1)
            try await client.shutdown()
            let sent = try #require(try await OutboxMessageModel.find(try row.requireID(), on: be.db))
            #expect(sent.state == .failed && sent.lastError == "federation.malformed")
            #expect(try await DeploymentModel.query(on: de.db).count() == 0)
        }
    }
}
