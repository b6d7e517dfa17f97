import Foundation
import HTTPTypes
import HummingbirdTesting
import LiaisonAPI
import LiaisonCore
import LiaisonServer
import LiaisonTestSupport
import NIOCore
import Testing

@Suite("Art. 10: an officer's personal data only for a task of Art. 3(6), with its deletion day, deleted by the daily job")
struct OfficerDataTests {
    static func json(_ object: [String: String]) -> ByteBuffer { ByteBuffer(data: try! JSONSerialization.data(withJSONObject: object)) }

    static func day(_ offset: Int, from now: Date) -> String {
        now.addingTimeInterval(Double(offset) * 86400).formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
    }

    @Test("an item needs a purpose of Art. 3(6) and a deletion day within a year; reads are audited; the daily job deletes it on its day and audits the deletion")
    func purposeTaggedAndDeletedOnItsDay() async throws {
        try await withNode { node, client in
            let officer = node.accounts[.liaisonOfficer]!
            let item = ["purpose": "identity-for-return", "subject": "Case NG-2026-114", "content": "Identity established with the embassy.", "deleteOn": Self.day(1, from: node.clock.date)]
            for (field, value) in [("deleteOn", Self.day(0, from: node.clock.date)), ("deleteOn", Self.day(400, from: node.clock.date)), ("purpose", "intelligence")] {
                var wrong = item
                wrong[field] = value
                let refused = try await client.execute(uri: "/api/v1/ilo-data", method: .post, headers: bearer(officer.token), body: Self.json(wrong))
                #expect(refused.status == .unprocessableContent, "\(field) = \(value)")
            }
            let created = try await client.execute(uri: "/api/v1/ilo-data", method: .post, headers: bearer(officer.token), body: Self.json(item))
            #expect(created.status == .created)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            let entry = try decoder.decode(API.OfficerDataEntry.self, from: Data(buffer: created.body))
            #expect(entry.item.purpose == .identityForReturn && entry.recordedBy == officer.username)

            _ = try await client.execute(uri: "/api/v1/ilo-data/\(entry.item.id.uuidString)", method: .get, headers: bearer(officer.token))
            let reads = try await node.services.audit.entries(.init(action: AuditAction.officerDataRead.rawValue), on: node.services.db)
            #expect(reads.contains { $0.targetID == entry.item.id.uuidString && $0.actor == officer.username })

            // Today the job keeps it; the day after tomorrow it is gone, and the deletion is audited without its content.
            #expect(try await node.services.network.deleteDueOfficerData() == 0)
            node.clock.advance(2 * 86400)
            #expect(try await node.services.network.deleteDueOfficerData() == 1)
            let gone = try await client.execute(uri: "/api/v1/ilo-data/\(entry.item.id.uuidString)", method: .get, headers: bearer(officer.token))
            #expect(gone.status == .notFound)
            let deletions = try await node.services.audit.entries(.init(action: AuditAction.officerDataDeleted.rawValue), on: node.services.db)
            #expect(deletions.count == 1 && deletions[0].actor == "retention" && deletions[0].detail?.contains("embassy") == false)
        }
    }
}

extension OfficerDataTests {
    @Test(
        "asylum confidentiality: an item that speaks of a protection application is not handed to a third country's authority (policy.asylumConfidentiality), but is to a Member State's; other items go where their task needs"
    )
    func handOverHoldsAsylumConfidentiality() async throws {
        try await withNode { node, client in
            let officer = node.accounts[.liaisonOfficer]!
            func record(_ content: String) async throws -> String {
                let item = ["purpose": "identity-for-return", "subject": "Case 114", "content": content, "deleteOn": Self.day(30, from: node.clock.date)]
                let created = try await client.execute(uri: "/api/v1/ilo-data", method: .post, headers: bearer(officer.token), body: Self.json(item))
                let object = try JSONSerialization.jsonObject(with: Data(buffer: created.body)) as? [String: Any]
                return try #require((object?["item"] as? [String: Any])?["id"] as? String)
            }
            let asylum = try await record("Applied for asylum in 2024, rejected; identity to be confirmed for return.")
            let plain = try await record("Identity to be confirmed by the consulate for the laissez-passer.")
            func disclose(_ id: String, _ country: String) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/ilo-data/\(id)/disclosures", method: .post, headers: bearer(officer.token),
                    body: Self.json(["country": country, "body": "Ministry of the Interior"]))
            }
            let refused = try await disclose(asylum, "NG")
            #expect(refused.status == .forbidden && String(buffer: refused.body).contains("policy.asylumConfidentiality"))
            #expect(try await disclose(asylum, "BE").status == .ok)
            #expect(try await disclose(plain, "NG").status == .ok)
            #expect(try await disclose(plain, "Nigeria").status == .unprocessableContent)
            let disclosures = try await node.services.audit.entries(.init(action: AuditAction.officerDataDisclosed.rawValue), on: node.services.db)
            #expect(Set(disclosures.compactMap(\.detail)) == ["identity-for-return to BE", "identity-for-return to NG"])
            #expect(disclosures.allSatisfy { $0.detail?.contains("asylum") == false })
            let refusals = try await node.services.audit.entries(.init(action: AuditAction.ruleRefused.rawValue), on: node.services.db)
            #expect(refusals.contains { $0.targetID == asylum.uppercased() && $0.detail == "policy.asylumConfidentiality; to=NG" })
        }
    }
}
