import Crypto
import Foundation
import HummingbirdTesting
import LiaisonAPI
import LiaisonTestSupport
import Testing

/// openapi.yaml is the one place the API's shapes are written: the Swift types come from it,
/// and every answer a test receives is held to it (`ContractCheckedClient`).
@Suite("The API contract: generated types, and every answer checked against the document")
struct OpenAPIContractTests {
    @Test("the generated types were made from this very document (run scripts/generate-api after changing it)")
    func generatedFromThisDocument() throws {
        let generated = ArchitectureTests.sources.appendingPathComponent("LiaisonAPI/Generated")
        let files = try FileManager.default.contentsOfDirectory(atPath: generated.path).filter { $0.hasSuffix(".swift") }
        #expect(!files.isEmpty)
        let digest = SHA256.hash(data: Data(try OpenAPIDocument.yaml().utf8)).map { String(format: "%02x", $0) }.joined()
        for file in files {
            let text = try String(contentsOf: generated.appendingPathComponent(file), encoding: .utf8)
            #expect(text.contains("// openapi.yaml sha256: \(digest)"), "\(file) was generated from another version of openapi.yaml")
        }
    }

    @Test("no hand-written API shape: every public type of LiaisonAPI outside Generated/ is the document loader")
    func noHandWrittenShapes() throws {
        let handWritten = try ArchitectureTests.files(in: "LiaisonAPI").filter { !$0.name.hasPrefix("LiaisonAPI/Generated/") }
        for file in handWritten {
            let declarations = file.text.matches(of: #/public (?:struct|class|enum) (\w+)/#).map { String($0.output.1) }
            #expect(declarations.allSatisfy { $0 == "OpenAPIDocument" }, "\(file.name) declares \(declarations)")
        }
    }

    @Test("a real answer passes, and breaking any one of its fields is caught")
    func brokenFieldsAreCaught() async throws {
        try await withNode { node, client in
            let token = try #require(node.accounts[.immigrationOfficer]?.token)
            let answer = try await client.execute(uri: "/api/v1/me", method: .get, headers: bearer(token))
            #expect(answer.status == .ok)
            let body = try #require(try JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as? [String: Any])
            let contract = OpenAPIContract.api
            func violations(_ changed: [String: Any]) throws -> [String] {
                contract.violations(
                    method: "GET", path: "/api/v1/me", status: 200, contentType: "application/json",
                    body: try JSONSerialization.data(withJSONObject: changed))
            }
            #expect(try violations(body).isEmpty)
            for field in body.keys.sorted() {
                var missing = body
                missing[field] = nil
                #expect(try !violations(missing).isEmpty, "dropping \(field) went unnoticed")
                var renamed = missing
                renamed[field + "s"] = body[field]
                #expect(try !violations(renamed).isEmpty, "renaming \(field) went unnoticed")
                var retyped = body
                retyped[field] = body[field] is String ? 7 : "seven"
                #expect(try !violations(retyped).isEmpty, "retyping \(field) went unnoticed")
            }
            var unknownRole = body
            unknownRole["roles"] = ["superuser"]
            #expect(try !violations(unknownRole).isEmpty)
            #expect(
                !contract.violations(method: "GET", path: "/api/v1/me", status: 200, contentType: "text/html", body: Data(buffer: answer.body)).isEmpty)
            #expect(!contract.violations(method: "GET", path: "/api/v1/me", status: 418, contentType: "application/json", body: Data()).isEmpty)
            #expect(!contract.violations(method: "GET", path: "/api/v1/undocumented", status: 200, contentType: "application/json", body: Data("{}".utf8)).isEmpty)
        }
    }

    @Test("values with formats: a UUID, a date-time and an enumeration member are checked, in nested schemas too")
    func formatsAreChecked() throws {
        let contract = OpenAPIContract.api
        let good: [String: Any] = [
            "id": UUID().uuidString, "name": "t", "prefix": "lia_ab", "createdAt": "2026-12-01T08:00:00Z", "expiresAt": "2026-12-31T08:00:00Z",
        ]
        func violations(_ token: [String: Any]) throws -> [String] {
            contract.violations(
                method: "GET", path: "/api/v1/tokens", status: 200, contentType: "application/json",
                body: try JSONSerialization.data(withJSONObject: [token]))
        }
        #expect(try violations(good).isEmpty)
        var badID = good
        badID["id"] = "not-a-uuid"
        #expect(try !violations(badID).isEmpty)
        var badDate = good
        badDate["expiresAt"] = "31/12/2026"
        #expect(try !violations(badDate).isEmpty)
    }
}
