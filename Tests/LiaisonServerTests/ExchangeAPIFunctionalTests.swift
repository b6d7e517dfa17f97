import FluentKit
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LiaisonAccess
import LiaisonCore
@testable import LiaisonExchange
@testable import LiaisonNode
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import NIOCore
import Testing

/// Every route of the exchange API over HTTP, between two real nodes (mutual TLS, signed
/// envelopes, separate databases): each route's success, and each refusal it can give,
/// with its status and problem code.
@Suite("Exchange API: every route, its success and its refusals", .serialized)
struct ExchangeAPIFunctionalTests {
    typealias Network = FederationDeliveryTests.Network

    /// A JSON answer: status, problem code (if any) and the decoded body.
    struct Answer {
        let status: HTTPResponse.Status
        let json: Any?
        var code: String? { (json as? [String: Any])?["code"] as? String }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        var list: [[String: Any]] { json as? [[String: Any]] ?? (object["exchanges"] as? [[String: Any]]) ?? [] }
    }

    /// One node's HTTP client and the API tokens of its officials.
    struct Node {
        let client: any TestClientProtocol
        let tokens: [String: String]

        func call(_ method: HTTPRequest.Method, _ path: String, as official: String, _ body: String? = nil) async throws -> Answer {
            let response = try await client.execute(
                uri: "/api/v1" + path, method: method, headers: [.authorization: "Bearer \(tokens[official]!)", .contentType: "application/json"],
                body: body.map { ByteBuffer(string: $0) })
            let data = Data(buffer: response.body)
            return Answer(status: response.status, json: data.isEmpty ? nil : try? JSONSerialization.jsonObject(with: data))
        }
    }

    /// Officials with tokens: `ct`, `imm`, `supervisor` (of the immigration contact point).
    static func officials(_ services: LiaisonServices) async throws -> [String: String] {
        let state = services.configuration.stateCode
        let imm = AuthorityModel(name: "\(state) immigration", kind: .immigrationAsylum, stateCode: state)
        let ct = AuthorityModel(name: "\(state) counter-terrorism", kind: .counterTerrorism, stateCode: state)
        try await imm.create(on: services.db)
        try await ct.create(on: services.db)
        var tokens: [String: String] = [:]
        for (name, authority, role) in [("ct", ct, Role.counterTerrorismOfficer), ("imm", imm, .immigrationOfficer), ("supervisor", imm, .supervisor)] {
            let user = UserModel(username: "\(state.lowercased()).\(name)", displayName: name, authorityID: try authority.requireID(), roles: [role])
            try await user.create(on: services.db)
            _ = try await services.auth.setCredentials(for: user, password: "correct horse \(name) battery staple", totp: TOTP.generate())
            tokens[name] = try await services.auth.issueToken(userID: try user.requireID(), actor: "test", name: "test", lifetimeDays: 1, requestID: nil).token
        }
        return tokens
    }

    func withNodes(_ body: @escaping @Sendable (Network, Node, Node) async throws -> Void) async throws {
        let network = try Network(clock: TestClock(Date()))
        do {
            for id in ["be-1", "de-1", "fr-1"] { try await network.start(id) }
            let (beServices, deServices) = (network.nodes["be-1"]!, network.nodes["de-1"]!)
            let (beTokens, deTokens) = (try await Self.officials(beServices), try await Self.officials(deServices))
            let beApp = Application(router: buildRouter(services: beServices, metrics: nil).0, logger: TestDatabase.quietLogger)
            let deApp = Application(router: buildRouter(services: deServices, metrics: nil).0, logger: TestDatabase.quietLogger)
            try await beApp.test(.router) { be in
                try await deApp.test(.router) { de in
                    try await body(network, Node(client: ContractCheckedClient(be), tokens: beTokens), Node(client: ContractCheckedClient(de), tokens: deTokens))
                }
            }
        } catch {
            await network.shutdown()
            throw error
        }
        await network.shutdown()
    }

    static let omar = #"{"familyNames":"AL-HASHIMI","givenNames":"Omar","sex":"M","birthDate":"1990-03-14","nationalities":["SYR"]}"#
    static let validUntil = ISO8601DateFormatter().string(from: Date().addingTimeInterval(90 * 86400))

    func deliver(_ network: Network, from node: String) async throws {
        let client = try network.client(for: node)
        while await network.worker(node).deliverDue(client: client) > 0 {}
        try await client.shutdown()
    }

    func request(_ notification: String, to states: String = #"["DE"]"#) -> String {
        """
        {"notificationId":"\(notification)","targetStates":\(states),"purpose":"Follow-up of a threat notification",
        "legalBasis":"Art. 6(1)(e) GDPR","urgency":"normal","handlingCode":"H0","marking":{"classification":"UNCLASSIFIED","limite":false},
        "requestedCategories":["international-protection"]}
        """
    }

    @Test("notifications, records, requests, approvals, inbox, candidates, answers, follow-ups, spontaneous information, messages, matches decided by an officer, alerts and the return list")
    func everyRoute() async throws {
        try await withNodes { network, be, de in
            let missing = UUID().uuidString

            // Notifications (BE CT → BE immigration).
            let notification = try await be.call(.post, "/notifications", as: "ct", #"{"subject":\#(Self.omar),"validUntil":"\#(Self.validUntil)","handlingCode":"H1"}"#)
            #expect(notification.status == .created)
            let notificationID = try #require(notification.object["id"] as? String)
            let past = try await be.call(.post, "/notifications", as: "ct", #"{"subject":\#(Self.omar),"validUntil":"2001-01-01T00:00:00Z","handlingCode":"H1"}"#)
            #expect(past.status == .unprocessableContent && past.code == "input.invalid")
            #expect(try await be.call(.post, "/notifications", as: "imm", #"{"subject":\#(Self.omar),"validUntil":"\#(Self.validUntil)","handlingCode":"H1"}"#).code == "auth.forbidden")
            #expect(try await be.call(.get, "/notifications", as: "imm").list.contains { $0["id"] as? String == notificationID })
            #expect(try await be.call(.get, "/notifications/\(notificationID)", as: "imm").object["active"] as? Bool == true)
            #expect(try await be.call(.get, "/notifications/\(missing)", as: "imm").status == .notFound)
            let updated = try await be.call(.put, "/notifications/\(notificationID)", as: "ct", #"{"subject":\#(Self.omar),"validUntil":"\#(Self.validUntil)","handlingCode":"H2"}"#)
            #expect(updated.status == .ok && updated.object["handlingCode"] as? String == "H2")
            #expect(try await be.call(.put, "/notifications/\(missing)", as: "ct", #"{"subject":\#(Self.omar),"validUntil":"\#(Self.validUntil)","handlingCode":"H2"}"#).status == .notFound)

            // Records (DE's own), by one, by update and by import.
            let situation = #"{"procedures":[{"type":"international-protection","status":"lodged"}],"rightToStay":"pending"}"#
            let record = try await de.call(.post, "/administrative-records", as: "imm", #"{"reference":"DE-5","subject":\#(Self.omar),"situation":\#(situation)}"#)
            #expect(record.status == .created && record.object["version"] as? Int == 1)
            #expect(try await de.call(.post, "/administrative-records", as: "imm", #"{"reference":"DE-5","subject":\#(Self.omar),"situation":\#(situation)}"#).status == .conflict)
            let rejected = #"{"procedures":[{"type":"international-protection","status":"rejected"}],"rightToStay":"no"}"#
            let changed = try await de.call(.put, "/administrative-records/DE-5", as: "imm", #"{"subject":\#(Self.omar),"situation":\#(rejected)}"#)
            #expect(changed.status == .ok && changed.object["version"] as? Int == 2)
            let mismatch = try await de.call(.put, "/administrative-records/DE-5", as: "imm", #"{"reference":"DE-6","subject":\#(Self.omar),"situation":\#(rejected)}"#)
            #expect(mismatch.status == .unprocessableContent && mismatch.code == "input.invalid")
            #expect(try await de.call(.put, "/administrative-records/DE-404", as: "imm", #"{"subject":\#(Self.omar),"situation":\#(rejected)}"#).status == .notFound)
            let imported = try await de.call(.post, "/administrative-records/import?format=csv", as: "imm", "reference,familyNames,nationality\nDE-7,DIALLO,GIN\n")
            #expect(imported.status == .ok && imported.object["created"] as? Int == 1)
            let badImport = try await de.call(.post, "/administrative-records/import?format=csv", as: "imm", "reference,familyNames,birthDate\nDE-8,DIALLO,1990-02-30\n")
            #expect(badImport.status == .unprocessableContent && badImport.code == "input.invalid")
            #expect(try await de.call(.post, "/administrative-records/import?format=xml", as: "imm", "x").status == .unprocessableContent)

            // A request to DE, approved by BE's supervisor.
            let opened = try await be.call(.post, "/requests", as: "imm", request(notificationID))
            #expect(opened.status == .created)
            let exchangeID = try #require(opened.list.first?["id"] as? String)
            #expect(opened.list.first?["state"] as? String == "awaiting-approval")
            #expect(try await be.call(.post, "/requests", as: "imm", request(notificationID, to: #"["BE"]"#)).code == "policy.R6.notBilateral")
            #expect(try await be.call(.post, "/requests", as: "imm", request(missing)).code == "policy.R3.noActiveNotification")
            #expect(try await be.call(.get, "/approvals", as: "supervisor").list.contains { $0["id"] as? String == exchangeID })
            #expect(try await be.call(.post, "/requests/\(exchangeID)/approve", as: "supervisor").object["state"] as? String == "sent")
            let again = try await be.call(.post, "/requests/\(exchangeID)/approve", as: "supervisor")
            #expect(again.status == .conflict && again.code == "exchange.wrongState")
            #expect(try await be.call(.post, "/requests/\(missing)/approve", as: "supervisor").status == .notFound)
            try await deliver(network, from: "be-1")

            // DE's inbox, candidates and answer, approved by DE's supervisor.
            #expect(try await de.call(.get, "/inbox", as: "imm").list.contains { $0["id"] as? String == exchangeID })
            let candidates = try await de.call(.get, "/inbox/\(exchangeID)/candidates", as: "imm")
            #expect((candidates.json as? [[String: Any]])?.first?["reference"] as? String == "DE-5")
            #expect(try await de.call(.get, "/inbox/\(missing)/candidates", as: "imm").status == .notFound)
            let unknownRecord = try await de.call(.post, "/inbox/\(exchangeID)/answer", as: "imm", #"{"outcome":"found","recordReference":"DE-404"}"#)
            #expect(unknownRecord.status == .unprocessableContent && unknownRecord.code == "input.invalid")
            let answered = try await de.call(.post, "/inbox/\(exchangeID)/answer", as: "imm", #"{"outcome":"found","recordReference":"DE-5","sourceEvaluation":"A"}"#)
            #expect(answered.status == .ok && answered.object["answerState"] as? String == "awaiting-approval")
            #expect(try await de.call(.post, "/inbox/\(exchangeID)/answer", as: "imm", #"{"outcome":"not-found"}"#).code == "exchange.wrongState")
            #expect(try await de.call(.post, "/requests/\(exchangeID)/approve", as: "supervisor").status == .ok)
            try await deliver(network, from: "de-1")
            #expect(try await be.call(.get, "/requests", as: "imm").list.contains { $0["id"] as? String == exchangeID })
            let seen = try await be.call(.get, "/requests/\(exchangeID)", as: "ct")
            #expect((seen.object["answer"] as? [String: Any])?["outcome"] as? String == "found")
            #expect(try await be.call(.get, "/requests/\(missing)", as: "ct").status == .notFound)

            // A follow-up waits for the supervisor, who may reject it; with nothing waiting, rejecting is a conflict.
            let update = try await be.call(.post, "/requests/\(exchangeID)/follow-up", as: "imm", #"{"followUp":"update","reason":"Place of birth known","subject":\#(Self.omar)}"#)
            #expect(update.status == .ok)
            #expect(try await be.call(.post, "/requests/\(exchangeID)/reject", as: "supervisor", #"{"reason":"Not needed"}"#).status == .ok)
            #expect(try await be.call(.post, "/requests/\(exchangeID)/reject", as: "supervisor", #"{"reason":"Not needed"}"#).code == "exchange.wrongState")
            let withdrawalWithData = try await be.call(.post, "/requests/\(exchangeID)/follow-up", as: "imm", #"{"followUp":"withdrawal","reason":"x","subject":\#(Self.omar)}"#)
            #expect(withdrawalWithData.status == .unprocessableContent && withdrawalWithData.code == "input.invalid")

            // Spontaneous information and contact-point messages.
            let spontaneous = try await be.call(
                .post, "/spontaneous", as: "imm",
                #"{"notificationId":"\#(notificationID)","targetStates":["DE","FR"],"situation":\#(rejected),"purpose":"Information","legalBasis":"Art. 6(1)(e) GDPR","handlingCode":"H0","marking":{"classification":"UNCLASSIFIED","limite":false}}"#
            )
            #expect(spontaneous.status == .created && spontaneous.list.count == 2)
            let message = try await be.call(
                .post, "/messages", as: "ct", #"{"targetState":"DE","title":"Call","text":"Thursday 10:00 CET.","handlingCode":"H0","marking":{"classification":"UNCLASSIFIED","limite":false}}"#)
            #expect(message.status == .created && message.object["state"] as? String == "sent")
            let personal = try await be.call(
                .post, "/messages", as: "ct", #"{"targetState":"DE","title":"Call","text":"About Omar AL-HASHIMI","handlingCode":"H0","marking":{"classification":"UNCLASSIFIED","limite":false}}"#)
            #expect(personal.status == .unprocessableContent && personal.code == "policy.R8.personalDataInMessage")
            // The detector finds what no notification names: a stranger's name, a private phone number.
            for text in ["Karim Haddad arrives on Friday by bus.", "Call him on +32 470 12 34 56 tonight."] {
                let found = try await be.call(
                    .post, "/messages", as: "ct",
                    #"{"targetState":"DE","title":"Call","text":"\#(text)","handlingCode":"H0","marking":{"classification":"UNCLASSIFIED","limite":false}}"#)
                #expect(found.status == .unprocessableContent && found.code == "policy.R8.personalDataInMessage", "\(text)")
            }

            // DE's own CT notifies the same person: once DE's officer confirms the match, a change of the record alerts DE CT, and the person is on the return list.
            #expect(try await de.call(.post, "/notifications", as: "ct", #"{"subject":\#(Self.omar),"validUntil":"\#(Self.validUntil)","handlingCode":"H0"}"#).status == .created)
            let appealed = #"{"procedures":[{"type":"international-protection","status":"appealed"}],"rightToStay":"no"}"#
            #expect(try await de.call(.put, "/administrative-records/DE-5", as: "imm", #"{"subject":\#(Self.omar),"situation":\#(appealed)}"#).status == .ok)
            // Only suggested until DE's immigration officer decides, with a reason.
            #expect((try await de.call(.get, "/alerts", as: "ct").json as? [[String: Any]])?.isEmpty == true)
            let matches = try await de.call(.get, "/matches", as: "imm")
            let pair = try #require((matches.json as? [[String: Any]])?.first { $0["recordReference"] as? String == "DE-5" })
            let pairID = try #require(pair["id"] as? String)
            #expect(pair["heldChanges"] as? Int == 1)
            #expect(try await de.call(.post, "/matches/\(pairID)/confirm", as: "ct", #"{"reason":"Same"}"#).status == .forbidden)
            #expect(try await de.call(.post, "/matches/\(pairID)/confirm", as: "imm", #"{"reason":"  "}"#).code == "decision.reasonRequired")
            let confirmed = try await de.call(.post, "/matches/\(pairID)/confirm", as: "imm", #"{"reason":"Same name, date of birth and nationality"}"#)
            #expect(confirmed.status == .ok && confirmed.object["state"] as? String == "confirmed" && confirmed.object["alertsReleased"] as? Int == 1)
            #expect(try await de.call(.post, "/matches/\(pairID)/reject", as: "imm", #"{"reason":"Changed my mind"}"#).status == .conflict)
            #expect(try await de.call(.post, "/matches/\(missing)/reject", as: "imm", #"{"reason":"No"}"#).status == .notFound)
            let alerts = try await de.call(.get, "/alerts", as: "ct")
            let alertID = try #require((alerts.json as? [[String: Any]])?.first?["id"] as? String)
            #expect(try await de.call(.post, "/alerts/\(alertID)/acknowledge", as: "ct").status == .noContent)
            #expect(try await de.call(.post, "/alerts/\(missing)/acknowledge", as: "ct").status == .notFound)
            let returns = try await de.call(.get, "/return-priorities", as: "ct")
            #expect((returns.json as? [[String: Any]])?.contains { $0["recordReference"] as? String == "DE-5" } == true)

            // Withdrawn, the notification covers nothing new.
            let withdrawn = try await be.call(.post, "/notifications/\(notificationID)/withdraw", as: "ct", #"{"reason":"Assessment closed"}"#)
            #expect(withdrawn.status == .ok && withdrawn.object["state"] as? String == "withdrawn")
            // Withdrawing again changes nothing: the first reason stands.
            let twice = try await be.call(.post, "/notifications/\(notificationID)/withdraw", as: "ct", #"{"reason":"Again"}"#)
            #expect(twice.status == .ok && twice.object["withdrawalReason"] as? String == "Assessment closed")
            #expect(try await be.call(.post, "/requests", as: "imm", request(notificationID)).code == "policy.R3.noActiveNotification")
            let lateUpdate = try await be.call(.post, "/requests/\(exchangeID)/follow-up", as: "imm", #"{"followUp":"update","reason":"More","subject":\#(Self.omar)}"#)
            #expect(lateUpdate.status == .forbidden && lateUpdate.code == "policy.R3.noActiveNotification")
        }
    }
}
