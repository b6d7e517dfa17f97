import Foundation
import HummingbirdTesting
import LiaisonAPI
import LiaisonCore
@testable import LiaisonExchange
@testable import LiaisonNode
import LiaisonTestSupport
import NIOCore
import Testing

/// The same values refused through the HTTP API, with the same codes as at the service and
/// the federation inbox (RulesHoldTests, ContentSchemaTests).
@Suite("The rules hold through the API")
struct RulesHoldAPITests {
    func notification(nationality: String, expiry: String = "2031-01-31") -> String {
        """
        {"subject":{"familyNames":"KOVALENKO","givenNames":"Oleksandr","nationalities":["\(nationality)"],
        "documents":[{"type":"P","number":"FA123456","issuingState":"UKR","expiryDate":"\(expiry)"}]},
        "validUntil":"2027-01-01T00:00:00Z","handlingCode":"H0"}
        """
    }

    @Test("R5 and R4 through the API: a disguised national is refused under R5, an unknown code and narrative in a date as invalid input, and a canonical code is stored")
    func R5_R4_throughTheAPI() async throws {
        try await withNode { node, client in
            let ct = node.accounts[.counterTerrorismOfficer]!.token
            // Each body, the code it is refused with, and what the problem's detail names.
            let cases: [(String, String, String)] = [
                (notification(nationality: "D<<"), "policy.R5.notAForeigner", "D"),
                (notification(nationality: "deu"), "policy.R5.notAForeigner", "D"),
                (notification(nationality: "ZZZ"), "input.invalid", "nationalities[0]"),
                (notification(nationality: "UKR", expiry: "valid until the subject is arrested"), "input.invalid", "documents[0].expiryDate"),
            ]
            for (body, code, named) in cases {
                let response = try await client.execute(uri: "/api/v1/notifications", method: .post, headers: bearer(ct), body: ByteBuffer(string: body))
                #expect(response.status == .unprocessableContent, "\(code)")
                #expect(problemCode(response) == code)
                #expect(String(buffer: response.body).contains(named))
            }
            let created = try await client.execute(
                uri: "/api/v1/notifications", method: .post, headers: bearer(ct), body: ByteBuffer(string: notification(nationality: "ukr<")))
            #expect(created.status == .created)
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .iso8601
            #expect(try decoder.decode(API.Notification.self, from: Data(buffer: created.body)).subject.nationalities == ["UKR"])

            let imm = node.accounts[.immigrationOfficer]!.token
            let record = #"{"reference":"BE-1","subject":{"familyNames":"KOVALENKO","birthDate":"1985-02-29","nationalities":["UKR"]},"situation":{}}"#
            let refused = try await client.execute(uri: "/api/v1/administrative-records", method: .post, headers: bearer(imm), body: ByteBuffer(string: record))
            #expect(refused.status == .unprocessableContent)
            #expect(problemCode(refused) == "input.invalid")
        }
    }
}
