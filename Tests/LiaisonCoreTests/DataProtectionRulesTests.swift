import LiaisonCore
import Testing

@Suite("Asylum confidentiality: that a person applied for protection never reaches a third country")
struct AsylumConfidentialityTests {
    static let protection = AdministrativeSituation(procedures: [Procedure(type: .internationalProtection, status: .rejected)], rightToStay: .no)
    static let returnOnly = AdministrativeSituation(procedures: [Procedure(type: .return, status: .lodged)], rightToStay: .no)

    @Test("a protection procedure at any stage, or words for asylum in any of the network's languages, reveal an application")
    func revealsProtection() {
        #expect(AsylumConfidentiality.reveals(Self.protection))
        #expect(!AsylumConfidentiality.reveals(Self.returnOnly))
        var remarked = Self.returnOnly
        remarked.remarks = "Demandeur d'asile débouté en 2024"
        #expect(AsylumConfidentiality.reveals(remarked))
        for text in ["applied for ASYLUM", "Flüchtlingseigenschaft", "protection internationale refusée", "Asylantrag gestellt", "Internationaler Schutz"] {
            #expect(AsylumConfidentiality.reveals(text: text), "\(text)")
        }
        for text in ["Identity confirmed for return; laissez-passer requested", "Passenger list of flight 123"] {
            #expect(!AsylumConfidentiality.reveals(text: text), "\(text)")
        }
    }

    @Test("policy.asylumConfidentiality refuses a third country, and never a Member State, a Schengen-associated state or the Commission")
    func refusesThirdCountriesOnly() throws {
        for country in ["TR", "ly", "PK", "NG", "GB", "UA"] {
            #expect(throws: PolicyError.self) { try AsylumConfidentiality.check(.init(country: country, body: "Police"), revealsProtection: true) }
            do {
                try AsylumConfidentiality.check(.init(country: country, body: "Police"), revealsProtection: true)
            } catch {
                #expect(error.code == .asylumConfidentiality)
            }
            try AsylumConfidentiality.check(.init(country: country, body: "Police"), revealsProtection: false)
        }
        for country in ["DE", "gr", "EL", "NO", "CH", "EU"] {
            try AsylumConfidentiality.check(.init(country: country, body: "Immigration office"), revealsProtection: true)
        }
    }
}

@Suite("Access requests: answered within one month of receipt")
struct AccessRequestTermsTests {
    @Test("due the same day next month, or the last day of a shorter month")
    func dueOneMonthLater() {
        #expect(AccessRequestTerms.dueDay(receivedOn: "2026-09-21") == "2026-10-21")
        #expect(AccessRequestTerms.dueDay(receivedOn: "2026-01-31") == "2026-02-28")
        #expect(AccessRequestTerms.dueDay(receivedOn: "2028-01-31") == "2028-02-29")
        #expect(AccessRequestTerms.dueDay(receivedOn: "2026-12-15") == "2027-01-15")
        #expect(AccessRequestTerms.dueDay(receivedOn: "2026-03-31") == "2026-04-30")
        #expect(AccessRequestTerms.dueDay(receivedOn: "2026-02-30") == nil)
    }

    @Test("a receipt day is a calendar day, today or before")
    func receiptDay() throws {
        try AccessRequestTerms.checkReceipt("2026-09-21", today: "2026-09-21")
        #expect(throws: PolicyError.self) { try AccessRequestTerms.checkReceipt("2026-09-22", today: "2026-09-21") }
        #expect(throws: PolicyError.self) { try AccessRequestTerms.checkReceipt("21.09.2026", today: "2026-09-21") }
    }
}
