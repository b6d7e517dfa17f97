/// Asylum confidentiality (PRODUCT.md F; Directive 2013/32/EU, Art. 30): that a person applied
/// for international protection never reaches a recipient outside the EU and Schengen states:
/// not the authorities of a third country an immigration liaison officer works with, nor a
/// third party a record is exported to. Checked wherever data can leave the network.
public enum AsylumConfidentiality {
    /// A recipient of personal data: a state (ISO 3166 two-letter code) and who there.
    public struct Recipient: Sendable, Codable, Hashable {
        public var country: String
        public var body: String

        public init(country: String, body: String) {
            self.country = country.uppercased()
            self.body = body
        }

        /// Refuses a recipient without a two-letter state or a named body of at most 200 characters.
        public func validated() throws(ServiceError) -> Recipient {
            var check = FieldCheck()
            if country.count != 2 || !country.allSatisfy({ $0.isASCII && $0.isLetter }) { check.fail("country", "An ISO 3166 two-letter code") }
            check.text(body, "recipient", required: true, limit: 200)
            try check.finish("The recipient")
            return self
        }

        /// A participating state, or an EU institution or agency (`EU`).
        public var isInsideNetwork: Bool { country.count == 2 && ParticipatingState.named(country) != nil }
    }

    /// Refuses to let data that show a protection application leave for a third country.
    public static func check(_ recipient: Recipient, revealsProtection: Bool) throws(PolicyError) {
        guard revealsProtection, !recipient.isInsideNetwork else { return }
        throw PolicyError(
            .asylumConfidentiality,
            detail: "Asylum confidentiality: these data show that the person applied for international protection, and \(recipient.country) is outside the EU and Schengen states.")
    }

    /// Whether a situation shows a protection application, at any stage or outcome.
    public static func reveals(_ situation: AdministrativeSituation) -> Bool {
        situation.procedures.contains { $0.type == .internationalProtection } || reveals(text: situation.remarks ?? "")
    }

    /// Whether free text speaks of asylum or international protection, in the network's
    /// languages: words that would tell a third country what the structure does not.
    public static func reveals(text: String) -> Bool {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        return protectionWords.contains { folded.contains($0) }
    }

    static let protectionWords = [
        "asylum", "asylee", "refugee", "international protection", "subsidiary protection", "protection status",
        "asile", "refugie", "protection internationale", "protection subsidiaire",
        "asyl", "fluchtling", "schutzsuchend", "internationaler schutz", "subsidiarer schutz", "schutzstatus",
        "rifugiat", "protezione internazionale", "refugiad", "proteccion internacional", "asiel", "vluchteling",
    ]
}
