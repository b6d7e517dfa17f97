import FluentKit
import Foundation
import LiaisonCore
@testable import LiaisonExchange
import LiaisonStore
import LiaisonTestSupport

/// One node's exchange service on a database of its own, with DE's CT and immigration
/// authorities and an officer of each (and the data protection officer of the latter): for
/// tests of the service without HTTP or federation.
struct ExchangeNode {
    typealias Actor = ExchangeService.Actor

    let exchange: ExchangeService
    let db: any Database
    let clock: TestClock
    let ct: Actor
    let imm: Actor
    let dpo: Actor

    static func with(_ adjust: (inout ExchangeSettings) -> Void = { _ in }, _ body: (ExchangeNode) async throws -> Void) async throws {
        let database = try await TestDatabase.open()
        try await database.migrate()
        let clock = TestClock()
        var settings = ExchangeSettings()
        adjust(&settings)
        let exchange = ExchangeService(
            database: database, audit: HashChainedAuditTrail(clock: clock.function), federation: nil, stateCode: "DE", settings: settings, clock: clock.function)
        let db = database.database()
        let imm = AuthorityModel(name: "DE immigration", kind: .immigrationAsylum, stateCode: "DE")
        let ct = AuthorityModel(name: "DE counter-terrorism", kind: .counterTerrorism, stateCode: "DE")
        try await imm.create(on: db)
        try await ct.create(on: db)
        func actor(_ name: String, _ authority: AuthorityModel) -> Actor { Actor(userID: UUID(), username: name, authority: authority.authority, requestID: nil) }
        let node = ExchangeNode(exchange: exchange, db: db, clock: clock, ct: actor("de.ct", ct), imm: actor("de.imm", imm), dpo: actor("de.dpo", imm))
        do { try await body(node) } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
    }
}
