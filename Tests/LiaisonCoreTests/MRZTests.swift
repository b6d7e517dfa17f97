import Testing
@testable import LiaisonCore

/// Specimens from ICAO Doc 9303 (Parts 4–7); the person "Anna Maria Eriksson" of Utopia is
/// ICAO's invented specimen holder.
@Suite("MRZ")
struct MRZTests {
    static let td3 = """
        P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
        L898902C36UTO7408122F1204159ZE184226B<<<<<10
        """
    static let td1 = """
        I<UTOD231458907<<<<<<<<<<<<<<<
        7408122F1204159UTO<<<<<<<<<<<6
        ERIKSSON<<ANNA<MARIA<<<<<<<<<<
        """
    static let td2 = """
        I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<
        D231458907UTO7408122F1204159<<<<<<<6
        """
    static let mrva = """
        VIUTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
        L8988901C4XXX4009078F96121096ZE184226B<<<<<<
        """
    static let mrvb = """
        V<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<
        L8988901C4XXX4009078F9612109<<<<<<<<
        """

    @Test func checkDigitReferenceValues() {
        #expect(MRZ.checkDigit("L898902C3") == 6)
        #expect(MRZ.checkDigit("740812") == 2)
        #expect(MRZ.checkDigit("120415") == 9)
        #expect(MRZ.checkDigit("ZE184226B<<<<<") == 1)
        #expect(MRZ.checkDigit("D23145890") == 7)
        #expect(MRZ.checkDigit("<<<") == 0)
        #expect(MRZ.checkDigit("ab") == nil)
    }

    @Test func td3Specimen() throws {
        let r = try MRZ.parse(Self.td3)
        #expect(r.format == .td3)
        #expect(r.documentCode == "P")
        #expect(r.issuingState == "UTO")
        #expect(r.familyNames == "ERIKSSON")
        #expect(r.givenNames == "ANNA MARIA")
        #expect(r.documentNumber == "L898902C3")
        #expect(r.nationality == "UTO")
        #expect(r.birthDate == "740812")
        #expect(r.expiryDate == "120415")
        #expect(r.sex == "F")
        #expect(r.optionalData == "ZE184226B")
        #expect(r.checks == MRZChecks(documentNumber: true, birthDate: true, expiryDate: true, personalNumber: true, composite: true))
        #expect(r.valid)
    }

    @Test func td1Specimen() throws {
        let r = try MRZ.parse(Self.td1)
        #expect(r.format == .td1)
        #expect(r.documentCode == "I")
        #expect(r.documentNumber == "D23145890")
        #expect(r.familyNames == "ERIKSSON")
        #expect(r.givenNames == "ANNA MARIA")
        #expect(r.birthDate == "740812")
        #expect(r.nationality == "UTO")
        #expect(r.checks.composite == true)
        #expect(r.valid)
    }

    @Test func td1LongDocumentNumberOverflow() throws {
        // Document number D23145890734 (12 characters): 9 in place, `<` at the check position,
        // the remaining "734" plus its check digit in the optional data.
        let number = "D23145890734"
        let check = MRZ.checkDigit(number)!
        var line1 = "I<UTOD23145890<734\(check)"
        line1 += String(repeating: "<", count: 30 - line1.count)
        let line2Body = "7408122F1204159UTO<<<<<<<<<<<"
        let compositeData = Array(line1.dropFirst(5)) + Array(line2Body.prefix(7)) + Array(line2Body.dropFirst(8).prefix(7)) + Array(line2Body.dropFirst(18).prefix(11))
        let line2 = line2Body + String(MRZ.checkDigit(compositeData)!)
        let r = try MRZ.parse([line1, line2, "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"].joined(separator: "\n"))
        #expect(r.documentNumber == number)
        #expect(r.optionalData == "")
        #expect(r.checks.documentNumber)
        #expect(r.valid)
    }

    @Test func td2Specimen() throws {
        let r = try MRZ.parse(Self.td2)
        #expect(r.format == .td2)
        #expect(r.documentNumber == "D23145890")
        #expect(r.givenNames == "ANNA MARIA")
        #expect(r.checks.composite == true)
        #expect(r.checks.personalNumber == nil)
        #expect(r.valid)
    }

    @Test func visaSpecimens() throws {
        let a = try MRZ.parse(Self.mrva)
        #expect(a.format == .mrva)
        #expect(a.documentCode == "VI")
        #expect(a.documentNumber == "L8988901C")
        #expect(a.nationality == "XXX")
        #expect(a.birthDate == "400907")
        #expect(a.sex == "F")
        #expect(a.checks.composite == nil)
        #expect(a.valid)
        let b = try MRZ.parse(Self.mrvb)
        #expect(b.format == .mrvb)
        #expect(b.expiryDate == "961210")
        #expect(b.valid)
    }

    /// Changing any single digit of a checked field must break at least one check.
    @Test(arguments: [0, 3, 13, 16, 21, 24, 30])
    func oneCharacterTamperFails(position: Int) throws {
        var lines = Self.td3.split(separator: "\n").map { Array($0) }
        let old = lines[1][position]
        lines[1][position] = old == "7" ? "8" : (old.isNumber ? "7" : "X")
        let r = try MRZ.parse(lines.map { String($0) }.joined(separator: "\n"))
        #expect(!r.valid)
        #expect(!r.checks.allPass)
    }

    @Test func tamperedBirthDateNamesTheFailingCheck() throws {
        let tampered = Self.td3.replacingOccurrences(of: "7408122F", with: "7508122F")
        let r = try MRZ.parse(tampered)
        #expect(r.checks.birthDate == false)
        #expect(r.checks.documentNumber)
        #expect(r.checks.composite == false)
        #expect(r.familyNames == "ERIKSSON")
    }

    @Test func impossibleDateIsNotValidEvenWithMatchingCheckDigit() throws {
        let date = "741332"
        let line2 = "L898902C36UTO\(date)\(MRZ.checkDigit(date)!)F1204159ZE184226B<<<<<1"
        let composite = Array(line2.prefix(10)) + Array(line2.dropFirst(13).prefix(7)) + Array(line2.dropFirst(21).prefix(22))
        let text = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n" + line2 + String(MRZ.checkDigit(composite)!)
        let r = try MRZ.parse(text)
        #expect(r.checks.allPass)
        #expect(!r.valid)
    }

    @Test func pastedTextIsTolerated() throws {
        let messy = "\n  " + Self.td3.lowercased().replacingOccurrences(of: "\n", with: " \r\n\n ") + "  \n"
        #expect(try MRZ.parse(messy) == MRZ.parse(Self.td3))
        let oneLine = Self.td3.replacingOccurrences(of: "\n", with: "")
        #expect(try MRZ.parse(oneLine).valid)
    }

    @Test(arguments: [
        "",
        "   \n  ",
        "hello world",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<1",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\nX",
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<1Ö",
        "X<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
        "Z<UTOD231458907<<<<<<<<<<<<<<<\n7408122F1204159UTO<<<<<<<<<<<6\nERIKSSON<<ANNA<MARIA<<<<<<<<<<",
        "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
        "P-UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10",
    ])
    func malformedInputIsRefused(text: String) {
        #expect(throws: MRZError.self) { try MRZ.parse(text) }
    }

    @Test func errorMessagesSayWhy() {
        #expect(throws: MRZError.unrecognisedLayout(lineLengths: [11])) { try MRZ.parse("hello<world") }
        let e = MRZError.invalidCharacter("-", line: 1)
        #expect(e.description.contains("not an MRZ"))
    }
}
