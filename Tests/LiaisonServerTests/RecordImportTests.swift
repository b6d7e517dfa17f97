import Foundation
import LiaisonCore
@testable import LiaisonExchange
@testable import LiaisonNode
import LiaisonServer
import Testing

@Suite("Importing administrative records")
struct RecordImportTests {
    @Test("CSV with quoted fields, any script and a header in any order is read line by line")
    func csv() throws {
        let text = #"""
            familyNames,reference,givenNames,nationality,birthDate,procedureType,procedureStatus,rightToStay,entryBanUntil
            "AL-HASHIMI, called ""Abu Omar""",DE-1,Omar,SYR,1990-03-14,international-protection,rejected,no,2030-12-31
            Коваленко,DE-2,Олександр,UKR,1985,,,pending,

            """#
        let rows = try RecordImport.parse(text, format: .csv)
        #expect(rows.map(\.reference) == ["DE-1", "DE-2"])
        #expect(rows[0].subject.familyNames == "AL-HASHIMI, called \"Abu Omar\"")
        #expect(rows[0].situation.procedures.first?.status == .rejected)
        #expect(rows[0].situation.entryBan?.until == "2030-12-31")
        #expect(rows[1].subject.familyNames == "Коваленко" && rows[1].situation.procedures.isEmpty)
        #expect(rows[1].line == 3)
    }

    @Test("one bad line refuses the whole file, and every problem is named by its line")
    func refusedWhole() {
        let text = """
            reference,familyNames,procedureType,procedureStatus,sex
            DE-1,TESFAYE,asylum,lodged,F
            DE-2,HAILE,return,return-decision,Q
            DE-1,TESFAY,,,M
            """
        do {
            _ = try RecordImport.parse(text, format: .csv)
            Issue.record("the file was accepted")
        } catch {
            #expect(error.problems.map(\.line) == [2, 3])
            #expect(error.problems[0].message.contains("procedureType asylum"))
        }
        #expect(throws: RecordImport.Rejected.self) { try RecordImport.parse("reference,familyNames,threat\nX,Y,Z", format: .csv) }
    }

    @Test("a birth date with a month beyond 12 is a refused line, not a stopped node (found by fuzzing)")
    func impossibleMonth() {
        #expect(throws: RecordImport.Rejected.self) {
            try RecordImport.parse("reference,familyNames,birthDate\nDE-1,AL-HASHIMI,1990-30-14", format: .csv)
        }
    }

    @Test("JSON lines are as strict as the API: a field outside the administrative schema is refused (R4)")
    func R4_notAdministrative_jsonLines() {
        let good = #"{"reference":"DE-9","subject":{"familyNames":"DIALLO","nationalities":["GIN"]},"situation":{"rightToStay":"yes"}}"#
        #expect((try? RecordImport.parse(good, format: .jsonl))?.count == 1)
        let bad = #"{"reference":"DE-9","subject":{"familyNames":"DIALLO","watchlist":"yes"},"situation":{}}"#
        do {
            _ = try RecordImport.parse(good + "\n" + bad, format: .jsonl)
            Issue.record("the file was accepted")
        } catch {
            #expect(error.problems.map(\.line) == [2])
            #expect(error.problems[0].message.contains("subject.watchlist"))
        }
    }
}
