import LiaisonServer
import LiaisonTestSupport
import Testing

/// No route can be added without an authorization decision: every route the router knows is
/// either registered through `ProtectedRoutes` (and so in the catalogue the authorization
/// matrix walks) or on the short list of routes that are public by design.
@Suite("Route catalogue: every route is protected or public by design")
struct RouteCatalogueTests {
    /// Routes served without a principal, each for a reason.
    static let publicByDesign: Set<String> = [
        "GET /",  // redirects to the dashboard or to sign-in
        "GET /signin", "POST /signin",  // signing in
        "GET /enrol/{token}", "POST /enrol/{token}",  // the enrolment link is the credential
        "GET /language/{code}",  // the reader's language, a cookie
        "GET /health/live", "GET /health/ready",  // for the load balancer
        "GET /metrics",  // Prometheus, behind a bearer token where the node sets one
        "GET /openapi.yaml",  // the API contract
        "GET /federation.yaml",  // the node-to-node protocol
    ]

    @Test("every route of the router is in the catalogue or public by design, and the catalogue names no route the router lacks")
    func everyRouteIsDecided() async throws {
        let node = try await TestNode.make()
        let routes = Set(node.router.routes.map { "\($0.method) \($0.path)" })
        let catalogued = Set(node.catalogue.entries.map { "\($0.method) \($0.path)" })
        await node.shutdown()
        #expect(routes.subtracting(catalogued).subtracting(Self.publicByDesign).isEmpty, "routes without a decision")
        #expect(catalogued.subtracting(routes).isEmpty, "catalogued but not routed")
        #expect(Self.publicByDesign.subtracting(routes).isEmpty, "public by design but not routed")
        #expect(catalogued.isDisjoint(with: Self.publicByDesign))
        #expect(Set(AuthorizationMatrixTests.expected.keys) == catalogued, "the matrix covers exactly the catalogue")
    }
}
