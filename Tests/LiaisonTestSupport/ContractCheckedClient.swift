import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A test client that holds every answer to openapi.yaml: a test that reaches an API route
/// fails on a status, content type or body the document does not describe, whatever the
/// test itself asserts.
public struct ContractCheckedClient: TestClientProtocol {
    let base: any TestClientProtocol
    let contract: OpenAPIContract

    public init(_ base: any TestClientProtocol, contract: OpenAPIContract = .api) {
        self.base = base
        self.contract = contract
    }

    public var port: Int? { base.port }

    public func executeRequest(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        let response = try await base.executeRequest(uri: uri, method: method, headers: headers, body: body)
        let path = String(uri.prefix { $0 != "?" })
        let violations = contract.violations(
            method: method.rawValue, path: path, status: response.status.code, contentType: response.headers[.contentType],
            body: Data(buffer: response.body))
        guard violations.isEmpty else { throw OpenAPIContract.Violation(description: violations.joined(separator: "\n")) }
        return response
    }
}
