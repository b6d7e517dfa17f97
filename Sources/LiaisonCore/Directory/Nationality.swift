/// Nationality and issuing-state codes of ICAO Doc 9303 Part 3, in one canonical form.
///
/// A code reaches Liaison typed by an official, read from an MRZ (with `<` fillers), imported
/// from a registry (sometimes as ISO alpha-3 `DEU` where ICAO prints `D`) or sent by another
/// node. Rule R5 must see one spelling per nationality, or a national of a participating
/// state could pass as a foreigner; so every path canonicalises here and refuses what is
/// not a known code.
public enum Nationality {
    /// The canonical form of `raw`, or nil when it is not a known ICAO code: surrounding
    /// blanks and `<` fillers dropped, upper case, ISO `DEU` written as ICAO `D`.
    public static func canonical(_ raw: String, allowingOrganisations: Bool = false) -> String? {
        let code = spelled(raw)
        let known = allowingOrganisations ? issuers : nationalities
        return known.contains(code) ? code : nil
    }

    /// `raw` in the canonical spelling, whether or not it is a known code (so that a refusal
    /// can quote it, and so that stored values compare equal).
    public static func spelled(_ raw: String) -> String {
        let code = compacted(raw)
        return code == "DEU" ? "D" : code
    }

    /// `text` as an MRZ writes it: upper case, without blanks or `<` fillers.
    static func compacted(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "<" && !$0.properties.isWhitespace })).uppercased()
    }

    /// The participating state whose nationals (or whose territories' people, who hold its
    /// nationality) a code denotes, for R5. `code` may be in any spelling.
    public static func participatingState(of code: String) -> ParticipatingState? {
        let code = spelled(code)
        if let sovereign = territories[code] { return ParticipatingState.named(sovereign) }
        return ParticipatingState.all.first { $0.membership != .commission && $0.icaoCode == code }
    }

    /// Codes a person's nationality may have: ISO 3166-1 alpha-3 (Germany as `D`), the
    /// British nationality categories, `RKS` as printed by Kosovo, and the ICAO codes for a
    /// stateless person (XXA), a refugee (XXB, XXC) and an unknown nationality (XXX).
    public static let nationalities: Set<String> = Set(iso3166.joined(separator: " ").split(separator: " ").map(String.init))
        .union(["D", "GBD", "GBN", "GBO", "GBP", "GBS", "RKS", "UNK", "XXA", "XXB", "XXC", "XXX", "ANT", "NTZ"])

    /// Codes a document's issuer may have: every nationality code and the organisations of
    /// Doc 9303 Part 3 (the EU, the UN and its agencies, Interpol, and others).
    public static let issuers: Set<String> = nationalities.union([
        "EUE", "UNO", "UNA", "XBA", "XIM", "XCC", "XCE", "XCO", "XEC", "XPO", "XES", "XMP", "XOM", "XDC",
    ])

    /// Territories with a code of their own whose people hold a participating state's
    /// nationality: writing "REU" for a French national must not get past R5.
    static let territories: [String: String] = [
        "GLP": "FR", "GUF": "FR", "MTQ": "FR", "REU": "FR", "MYT": "FR", "MAF": "FR", "BLM": "FR", "SPM": "FR",
        "PYF": "FR", "NCL": "FR", "WLF": "FR", "ATF": "FR", "ABW": "NL", "CUW": "NL", "SXM": "NL", "BES": "NL",
        "ANT": "NL", "FRO": "DK", "GRL": "DK", "ALA": "FI", "SJM": "NO", "BVT": "NO",
    ]

    private static let iso3166 = [
        "ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR",
        "BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD COG",
        "COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN",
        "FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG",
        "HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM KIR",
        "KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD",
        "MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL",
        "NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN",
        "SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD",
        "TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB VIR",
        "VNM VUT WLF WSM YEM ZAF ZMB ZWE",
    ]
}
