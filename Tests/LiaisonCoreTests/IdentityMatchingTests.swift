import Foundation
import Testing
@testable import LiaisonCore

/// All people here are invented.
@Suite("Identity matching")
struct IdentityMatchingTests {
    @Test func jaroWinklerReferenceValues() {
        #expect(abs(Similarity.jaroWinkler("MARTHA", "MARHTA") - 0.9611) < 0.0001)
        #expect(abs(Similarity.jaroWinkler("DWAYNE", "DUANE") - 0.84) < 0.0001)
        #expect(abs(Similarity.jaroWinkler("DIXON", "DICKSONX") - 0.8133) < 0.0001)
        #expect(Similarity.jaroWinkler("ABC", "ABC") == 1)
        #expect(Similarity.jaroWinkler("ABC", "XYZ") == 0)
    }

    @Test func transliterationTables() {
        let t = Transliterator()
        #expect(t.latin("Олександр Шевченко") == "OLEKSANDR SHEVCHENKO")
        #expect(t.latin("Юлія") == "IULIIA")
        #expect(t.latin("Щербаков") == "SHCHERBAKOV")
        #expect(t.latin("Γεώργιος Παπαδόπουλος") == "GEORGIOS PAPADOPOULOS")
        #expect(t.latin("Ευάγγελος") == "EVANGELOS")
        #expect(t.latin("محمد") == "MUHAMMAD")
        #expect(t.latin("الهاشمي") == "AL HASHIMI")
        #expect(t.latin("كبريتي") == "KBRYTY")
        #expect(t.latin("ተስፋይ") == "TESFAY")
        #expect(t.latin("Müller-Lüdenscheidt") == "MULLER LUDENSCHEIDT")
        #expect(t.latin("Łukasz Øster Straße") == "LUKASZ OESTER STRASSE")
        #expect(t.latin("张伟") == "ZHANGWEI")
    }

    @Test func skeletonsBridgeRomanisations() {
        func sk(_ s: String) -> String { String(decoding: NameForm.skeleton(Array(s.utf8)), as: UTF8.self) }
        #expect(sk("MUHAMMAD") == "MHMD")
        #expect(sk("MOHAMED") == "MHMD")
        #expect(sk("KHALED") == sk("KHALID"))
        #expect(sk("OLEKSANDR") == "ALKSNDR")
        #expect(sk("HASHIMI") == sk("HASHMY"))
    }

    @Test func variantTableAndAbdMerging() {
        let t = Transliterator()
        func canon(_ s: String) -> [String] {
            NameForm.make(alias: s, transliterator: t).core.map { String(decoding: $0.canon, as: UTF8.self) }
        }
        #expect(canon("Mohammed") == ["MUHAMMAD"])
        #expect(canon("Abd al-Rahman") == canon("Abdulrahman"))
        #expect(canon("Abdurrahman") == canon("Abdel Rahman"))
        #expect(canon("Tesfaye") == canon("Tesfay"))
        #expect(canon("Oleksandr") == canon("Aleksandr"))
        #expect(canon("Fatimah") == canon("Fatima"))
    }

    static let records: [IdentityRecord] = [
        IdentityRecord(id: "r1", givenNames: "Mohammed", familyNames: "Al-Hashimi", sex: "M", birthDate: "1985-01-01", nationality: "SYR"),
        IdentityRecord(id: "r2", givenNames: "Oleksandr", familyNames: "Kovalenko", sex: "M", birthDate: "1979-04-12", nationality: "UKR", documentNumber: "FA123456"),
        IdentityRecord(id: "r3", givenNames: "Tesfaye", familyNames: "Gebremedhin", sex: "M", birthDate: "1991", nationality: "ERI"),
        IdentityRecord(id: "r4", givenNames: "Wei", familyNames: "Zhang", sex: "F", birthDate: "1988-07-03", nationality: "CHN"),
        IdentityRecord(id: "r5", givenNames: "Abdulrahman", familyNames: "Haidari", aliases: ["Abu Omar"], sex: "M", birthDate: "1990-03-14", nationality: "AFG"),
        IdentityRecord(id: "r6", givenNames: "Georgios", familyNames: "Papadopoulos", sex: "M", birthDate: "1975-11-30", nationality: "GRC"),
        IdentityRecord(id: "r7", givenNames: "Ahmad", familyNames: "Haidari", sex: "M", birthDate: "1992-06-02", nationality: "AFG"),
        IdentityRecord(id: "r8", givenNames: "Maria Elena", familyNames: "Rossi", sex: "F", birthDate: "1983-09-21", nationality: "ITA"),
        IdentityRecord(id: "r9", givenNames: "Mohammed", familyNames: "Al-Hashimi", sex: "M", birthDate: "1985-06-17", nationality: "SYR"),
    ]
    static let index = IdentityIndex(records: records)

    func top(_ q: IdentityQuery) -> MatchCandidate? { Self.index.candidates(for: q, limit: 5).first }

    @Test func arabicScriptQueryFindsLatinRecordAndExplains() throws {
        // r1 and r9 share the name and the birth year; r1's 01-01 is a placeholder, so both
        // stay candidates and the explanation says the date evidence is weak.
        let found = Self.index.candidates(for: IdentityQuery(id: "q", givenNames: "محمد", familyNames: "الهاشمي", birthDate: "1985-01-01"), limit: 5)
        #expect(Set(found.prefix(2).map(\.id)) == ["r1", "r9"])
        let c = try #require(found.first { $0.id == "r1" })
        #expect(c.isMatch)
        #expect(c.explanation.contains("الهاشمي"))
        #expect(c.explanation.contains("01-01 placeholder"))
    }

    @Test func cyrillicQueryWithDocumentOCRError() throws {
        let c = try #require(top(IdentityQuery(id: "q", givenNames: "Александр", familyNames: "Коваленко", birthDate: "1979-04-12", documentNumber: "FAI23456")))
        #expect(c.id == "r2")
        #expect(c.isMatch)
        #expect(c.explanation.contains("OCR"))
    }

    @Test func ethiopicAndVariantSpelling() throws {
        let c = try #require(top(IdentityQuery(id: "q", givenNames: "ተስፋይ", familyNames: "Gebremedhin", birthDate: "1991-05-10")))
        #expect(c.id == "r3")
        #expect(c.isMatch)
    }

    @Test func orderSwapAndChineseScript() throws {
        let swapped = try #require(top(IdentityQuery(id: "q", givenNames: "Zhang", familyNames: "Wei", birthDate: "1988-07-03")))
        #expect(swapped.id == "r4")
        #expect(swapped.isMatch)
        #expect(swapped.explanation.contains("order swapped"))
        let han = try #require(top(IdentityQuery(id: "q", givenNames: "伟", familyNames: "张", birthDate: "1988-07-03")))
        #expect(han.id == "r4")
    }

    @Test func splitPartsAliasesAndTypos() throws {
        let split = try #require(top(IdentityQuery(id: "q", givenNames: "Abdul Rahman", familyNames: "Haydari", birthDate: "1990-03-14")))
        #expect(split.id == "r5")
        #expect(split.isMatch)
        let alias = try #require(top(IdentityQuery(id: "q", aliases: ["Abu Omar Haidari"], birthDate: "1990")))
        #expect(alias.id == "r5")
        let merged = try #require(top(IdentityQuery(id: "q", givenNames: "Mariaelena", familyNames: "Rosi", birthDate: "1983-09-21")))
        #expect(merged.id == "r8")
        #expect(merged.isMatch)
    }

    @Test func greekScriptAndTruncatedMRZName() throws {
        let g = try #require(top(IdentityQuery(id: "q", givenNames: "Γεώργιος", familyNames: "Παπαδόπουλος", birthDate: "1975-11-30")))
        #expect(g.id == "r6")
        #expect(g.isMatch)
        let truncated = try #require(top(IdentityQuery(id: "q", givenNames: "GEORG", familyNames: "PAPADOPOULOS", birthDate: "1975-11-30")))
        #expect(truncated.id == "r6")
    }

    @Test func siblingsAndSameNameDifferentBirthDateAreNotMatches() {
        // Same family name, different given name, same nationality: a sibling.
        let sibling = Self.index.candidates(for: IdentityQuery(id: "q", givenNames: "Ahmad", familyNames: "Haidari", birthDate: "1990-03-14"), limit: 5)
        #expect(sibling.first(where: { $0.id == "r5" })?.isMatch != true)
        // Same common name, same birth year, different day and month.
        let namesake = Self.index.candidates(for: IdentityQuery(id: "q", givenNames: "Mohammed", familyNames: "Al-Hashimi", birthDate: "1985-06-17"), limit: 5)
        #expect(namesake.first?.id == "r9")
        #expect(namesake.first(where: { $0.id == "r1" })?.isMatch != true || namesake.first(where: { $0.id == "r1" })!.score < namesake[0].score)
        let stranger = Self.index.candidates(for: IdentityQuery(id: "q", givenNames: "Ingrid", familyNames: "Svensson", birthDate: "1960-02-02"), limit: 5)
        #expect(stranger.allSatisfy { !$0.isMatch })
    }

    @Test func scoresAreRankedAndBounded() {
        let c = Self.index.candidates(for: IdentityQuery(id: "q", givenNames: "Muhamad", familyNames: "Hashimi"), limit: 10)
        #expect(!c.isEmpty)
        #expect(c.allSatisfy { (0...1).contains($0.score) })
        #expect(zip(c, c.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(Self.index.candidates(for: IdentityQuery(id: "q"), limit: 10).isEmpty)
    }

    @Test func birthDateRules() {
        func cmp(_ a: String, _ b: String) -> BirthDate.Agreement { BirthDate.compare(BirthDate(a)!, BirthDate(b)!) }
        #expect(cmp("1985-03-14", "1985-03-14") == .exact)
        #expect(cmp("1985-03-04", "1985-04-03") == .dayMonthSwapped)
        #expect(cmp("1985-01-01", "1985-07-19") == .placeholderYear)
        #expect(cmp("1985", "1985-07-19") == .year)
        #expect(cmp("1985-07", "1985-07-19") == .yearMonth)
        #expect(cmp("1985-07-19", "1986-07-19") == .yearOffByOneSameDay)
        #expect(cmp("1985-07-19", "1986-02-11") == .yearOffByOne)
        #expect(cmp("1985-07-14", "1985-07-15") == .dayTypo)
        #expect(cmp("1985-07-03", "1985-07-28") == .differentDay)
        #expect(cmp("1985-07-19", "1971-07-19") == .different)
        #expect(BirthDate("19x5") == nil)
        #expect(IdentityScorer.dateWeight(.placeholderYear) > 0)
        #expect(IdentityScorer.dateWeight(.different) < 0)
    }

    @Test func mrzFillsAQuery() throws {
        let mrz = try MRZ.parse("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10")
        let q = mrz.identityQuery(referenceYear: 2026)
        #expect(q.birthDate == "1974-08-12")
        #expect(q.familyNames == "ERIKSSON")
        #expect(q.sex == "F")
        let index = IdentityIndex(records: [IdentityRecord(id: "e", givenNames: "Anna Maria", familyNames: "Eriksson", birthDate: "1974-08-12")])
        #expect(index.candidates(for: q).first?.isMatch == true)
    }

    @Test func recordDecodingRequiresOnlyIdAndName() throws {
        let r = try JSONDecoder().decode(IdentityRecord.self, from: Data(#"{"id":"x","familyNames":"Doe"}"#.utf8))
        #expect(r.aliases.isEmpty)
        #expect(r.hasName)
        let out = String(decoding: try JSONEncoder().encode(MatchCandidate(id: "x", score: 0.5, isMatch: false, explanation: "e")), as: UTF8.self)
        #expect(out.contains("\"match\":false"))
    }

    /// A name that shares no blocking key with the record (a script without a table entry)
    /// still reaches it through the full date of birth and nationality; a 01-01 placeholder
    /// or another nationality does not open that path.
    @Test func birthDateAndNationalityAreASecondBlockingKey() {
        var records = (0..<200).map { IdentityRecord(id: "R\($0)", givenNames: "ANNA", familyNames: "MUELLER\($0 % 7)", birthDate: "1980-05-0\($0 % 9 + 1)", nationality: "DEU") }
        records.append(IdentityRecord(id: "T", givenNames: "PLATON", familyNames: "BOTIS", sex: "M", birthDate: "1957-02-22", nationality: "GRC"))
        let index = IdentityIndex(records: records)
        let unrelatedName = IdentityQuery(id: "q", familyNames: "XQXQXQ", birthDate: "1957-02-22", nationality: "GRC")
        #expect(index.candidates(for: unrelatedName).map(\.id).contains("T"))
        var otherNationality = unrelatedName
        otherNationality.nationality = "ALB"
        #expect(!index.candidates(for: otherNationality).map(\.id).contains("T"))
        let placeholder = IdentityIndex(records: [IdentityRecord(id: "P", familyNames: "BOTIS", birthDate: "1957-01-01", nationality: "GRC")])
        #expect(placeholder.candidates(for: IdentityQuery(id: "q", familyNames: "XQXQXQ", birthDate: "1957-01-01", nationality: "GRC")).isEmpty)
    }
}
