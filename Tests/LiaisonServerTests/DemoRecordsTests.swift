import Foundation
import LiaisonCore
@testable import LiaisonExchange
@testable import LiaisonNode
@testable import LiaisonServer
import Testing

@Suite("Demo administrative records")
struct DemoRecordsTests {
    @Test("a few hundred records per node, in Arabic, Cyrillic and Latin script, each valid under R4 and R5, the same on every start")
    func demoRecords() throws {
        let records = DemoRecords.records(state: "DE")
        #expect(records.count >= 300)
        #expect(Set(records.map(\.reference)).count == records.count)
        func has(_ script: ClosedRange<UInt32>) -> Bool {
            records.contains { $0.subject.familyNames.unicodeScalars.contains { script.contains($0.value) } }
        }
        #expect(has(0x0600...0x06FF), "Arabic")
        #expect(has(0x0400...0x04FF), "Cyrillic")
        #expect(has(0x0041...0x005A), "Latin")
        for record in records {
            try ExchangeRules.checkAdministrativeOnly(subject: record.subject, situation: record.situation, remarks: nil)
            try ExchangeRules.checkForeigner(record.subject)
        }
        #expect(DemoRecords.records(state: "DE").map(\.subject) == records.map(\.subject))
        #expect(DemoRecords.records(state: "FR").map(\.subject) != records.map(\.subject))
    }
}
