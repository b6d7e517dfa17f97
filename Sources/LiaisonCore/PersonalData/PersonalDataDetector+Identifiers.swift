import Foundation

/// The identifiers: found by their shape, checked where they carry a check, and confirmed by
/// the words before them where the shape alone is common in reports.
extension PersonalDataDetector {
    func identifierFindings(in text: DetectorText) -> [Finding] {
        var findings: [Finding] = []
        func add(_ kind: PersonalDataKind, _ regex: NSRegularExpression, group: Int = 0, where accept: (NSRange) -> Bool = { _ in true }) {
            for match in text.matches(regex) {
                let range = match.range(at: group)
                if range.location != NSNotFound, accept(range) { findings.append(Finding(kind: kind, range: range)) }
            }
        }
        add(.email, Identifiers.email)
        add(.mrz, Identifiers.mrz) { Identifiers.isMRZLine(text.substring($0)) }
        add(.iban, Identifiers.iban) { Identifiers.isIBAN(text.substring($0)) }
        add(.iban, Identifiers.compactIBAN) { Identifiers.isIBAN(text.substring($0)) }
        add(.phone, Identifiers.internationalPhone) { Identifiers.digitCount(text.substring($0)) >= 8 && Identifiers.digitCount(text.substring($0)) <= 15 }
        add(.phone, Identifiers.nationalPhone) { range in
            let value = text.substring(range)
            return (9...12).contains(Identifiers.digitCount(value)) && !Identifiers.isDate(value)
        }
        add(.phone, Identifiers.phoneAfterWord, group: 1) { (8...15).contains(Identifiers.digitCount(text.substring($0))) }
        add(.birthDate, Identifiers.birthYear, group: 1)
        for regex in Identifiers.dates {
            add(.birthDate, regex) { range in
                Identifiers.saysBirth(before: text.before(range.location, 40), after: text.after(NSMaxRange(range), 45))
            }
        }
        add(.plate, Identifiers.distinctivePlate)
        add(.plate, Identifiers.ambiguousPlate) { range in Identifiers.speaksOfVehicle(text.before(range.location, 70)) }
        for regex in Identifiers.addresses { add(.address, regex) }
        add(.documentNumber, Identifiers.documentNumber) { range in
            let value = text.substring(range)
            if Identifiers.isDate(value) || Identifiers.notADocument.firstMatch(in: text.before(range.location, 12), range: NSRange(location: 0, length: min(12, range.location))) != nil {
                return false
            }
            let digits = Identifiers.digitCount(value)
            let letters = value.unicodeScalars.filter { ("A"..."Z").contains($0) }.count
            let standsAlone = letters >= 1 && digits >= 5 && value.count >= 7 && !value.contains("-")
            // "… a residence permit in the name of Mohammad Yasin Al-Hamwi (no. 647318290)": a
            // number called one reaches further back for the document it numbers.
            let numbered = Identifiers.numberWord.firstMatch(in: text.before(range.location, 12), range: NSRange(location: 0, length: min(12, range.location))) != nil
            return standsAlone || (digits >= 5 && Identifiers.speaksOfDocument(text.before(range.location, numbered ? 120 : 60)))
        }
        return findings
    }

    /// A date right after a name ("Haddad (03.03.1991)", "Karimi, 12/05/1988,", "HADDAD *1991")
    /// is that person's date of birth even without a word saying so.
    func birthDatesAfterNames(_ names: [Finding], in text: DetectorText) -> [Finding] {
        var findings: [Finding] = []
        for name in names {
            let start = NSMaxRange(name.range)
            let window = NSRange(location: start, length: min(24, text.ns.length - start))
            for regex in Identifiers.dates + [Identifiers.bareYear] {
                guard let match = regex.firstMatch(in: text.string, range: window) else { continue }
                let gap = text.substring(NSRange(location: start, length: match.range.location - start))
                if gap.allSatisfy({ " ,(*\u{a0}".contains($0) }), gap.contains(where: { ",(*".contains($0) }) {
                    findings.append(Finding(kind: .birthDate, range: match.range))
                    break
                }
            }
        }
        return findings
    }
}

/// The patterns, compiled once.
enum Identifiers {
    static let email = detectorPattern(#"(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}"#)

    // MARK: travel documents and accounts

    static let mrz = detectorPattern(#"(?<![A-Z0-9<])[A-Z0-9<]{28,46}(?![A-Z0-9<])"#)

    /// A line of a machine-readable zone: filler characters, or the length of one with digits.
    static func isMRZLine(_ line: String) -> Bool {
        if line.contains("<") { return line.contains("<<") || line.contains(where: \.isNumber) }
        return [30, 36, 44].contains(line.count) && digitCount(line) >= 5 && line.contains(where: \.isLetter)
    }

    static let iban = detectorPattern(#"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?(?![A-Z0-9])"#)
    static let compactIBAN = detectorPattern(#"(?<![A-Z0-9])[A-Z]{2}\d{2}[A-Z0-9]{11,30}(?![A-Z0-9])"#)

    /// The length of the IBANs of each country (ISO 13616 registry).
    static let ibanLengths: [String: Int] = [
        "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "CH": 21, "CY": 28, "CZ": 24,
        "DE": 22, "DK": 18, "DZ": 26, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GE": 22, "GR": 27, "HR": 21, "HU": 28,
        "IE": 22, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MA": 28,
        "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MT": 31, "MR": 27, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
        "RO": 24, "RS": 22, "SA": 24, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SN": 28, "TN": 24, "TR": 26, "UA": 29, "XK": 20,
    ]

    /// An IBAN of the registered length of its country, or any whose check digits hold.
    static func isIBAN(_ value: String) -> Bool {
        let compact = value.filter { $0 != " " }
        guard (15...34).contains(compact.count) else { return false }
        if ibanLengths[String(compact.prefix(2))] == compact.count { return true }
        var remainder = 0
        for character in compact.dropFirst(4) + compact.prefix(4) {
            guard let digit = character.isNumber ? Int(String(character)) : character.asciiValue.map({ Int($0) - 55 }) else { return false }
            for d in String(digit) { remainder = (remainder * 10 + Int(String(d))!) % 97 }
        }
        return remainder == 1
    }

    // MARK: telephone numbers

    static let internationalPhone = detectorPattern(
        #"(?<![\p{L}\p{N}+])(?:\+|00)[1-9]\d{0,3}(?:[ .\-/]?\(0\))?(?:[ .\-/]?\(?\d{1,5}\)?){1,6}(?![\p{N}])"#)
    static let nationalPhone = detectorPattern(
        #"(?<![\p{L}\p{N}+.,/\-])(?:0[1-9]\d{0,4}(?:[ .\-/]\d{2,5}){1,5}|0[1-9]\d{7,11})(?![\p{N}]|[.,]\d)"#)
    static let phoneAfterWord = detectorPattern(
        #"(?:tel|tél|phone|telephone|téléphone|telefon|mobile|mobil|handy|portable|cell|whatsapp|telegram|viber|signal|imo|rufnummer)[.:]?(?:[^\n\d+]{0,20})(\+?\d[\d ().\-/]{6,20}\d)"#,
        caseInsensitive: true)

    // MARK: dates of birth

    static let months =
        "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
        + "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre|janv|févr|fevr|avr|juil|déc|"
        + "januar|jänner|februar|märz|maerz|juni|juli|oktober|dezember"
    static let dates: [NSRegularExpression] = [
        detectorPattern(#"(?<![\d./\-])(?:0?[1-9]|[12]\d|3[01])[./\-](?:0?[1-9]|1[0-2])[./\-](?:19|20)?\d{2}(?![\d/\-]|\.\d)"#),
        detectorPattern(#"(?<![\d./\-])(?:19|20)\d{2}-(?:0?[1-9]|1[0-2])-(?:0?[1-9]|[12]\d|3[01])(?![\d\-])"#),
        detectorPattern(#"(?<![\p{L}\d])(?:0?[1-9]|[12]\d|3[01])(?:\.|er|st|nd|rd|th)?\s(?:of\s)?(?:"# + months + #")\.?,?\s(?:19|20)\d{2}(?!\d)"#, caseInsensitive: true),
        detectorPattern(#"(?<![\p{L}])(?:"# + months + #")\.?\s(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s(?:19|20)\d{2}(?!\d)"#, caseInsensitive: true),
    ]
    static let bareYear = detectorPattern(#"(?<![\d.,/])(?:19|20)\d{2}(?![\d.,/]\d|\d)"#)
    /// A year alone is a date of birth only where the words say so outright.
    static let birthYear = detectorPattern(
        #"(?:\bjahrgang|\byear of birth:?|\bann[ée]e de naissance:?|\bgeburtsjahr:?)\s+((?:19|20)\d{2})(?![\d./\-])"#, caseInsensitive: true)
    static let birthWord = detectorPattern(
        #"(?:\bborn\b(?! by)|\bb\.|\bdob\b|\bd\.o\.b|date of birth|birth ?date|birthday|\bn[ée]e?\b|\bn[ée]\(e\)|naissance|\bgeb\.|\bgeboren|geburtsdatum|geburtstag|[(\s]\*\s*$|[(\s]°\s*$)"#)
    /// A birth said after the date, as German puts the verb last ("am 19.08.1990 in Kumasi geboren").
    static let birthWordAfter = detectorPattern(#"^[^.;!?]{0,40}?\b(?:geboren|born|n[ée]e?)\b"#)

    /// Whether the words around a date say it is a date of birth: a word of birth before it in
    /// the same sentence, or a German or English verb of birth after it.
    static func saysBirth(before: String, after: String) -> Bool {
        let whole = NSRange(location: 0, length: (before as NSString).length)
        if let word = birthWord.matches(in: before, range: whole).last {
            let rest = NSRange(location: NSMaxRange(word.range), length: whole.length - NSMaxRange(word.range))
            // The window is lower case: a sentence end is a full stop and a space before a word
            // that is not an abbreviation's tail.
            let between = (before as NSString).substring(with: rest)
            if !between.contains(". ") && !between.contains(";") && !between.contains("\n") { return true }
        }
        return birthWordAfter.firstMatch(in: after, range: NSRange(location: 0, length: (after as NSString).length)) != nil
    }

    static func isDate(_ value: String) -> Bool {
        dates[0].firstMatch(in: value, range: NSRange(location: 0, length: (value as NSString).length)).map { $0.range.length == (value as NSString).length } ?? false
    }

    // MARK: plates

    /// Plates whose shape is their own: French, Belgian, Dutch, German with its hyphen,
    /// British, Italian, Bulgarian.
    static let distinctivePlate = detectorPattern(
        #"(?<![\p{L}\p{N}\-])(?:[A-Z]{2}-\d{3}-[A-Z]{2}|\d-[A-Z]{3}-\d{3}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z]|\d{2}-[A-Z]{2}-[A-Z]{2}|[A-Z]{2}-[A-Z]{2}-\d{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}|[A-ZÄÖÜ]{1,3}-[A-Z]{1,2} \d{1,4}[EH]?|[A-Z]{2}\d{2} ?[A-Z]{3}|[A-Z]{2} \d{3} [A-Z]{2}|[A-Z]{1,2} \d{4} [A-Z]{1,2}|[A-Z]{2} \d{3,4}-[A-Z]{1,2}|[A-Z]{1,2} \d{2,3} [A-Z]{3})(?![\p{L}\p{N}\-])"#
    )
    /// Plates whose shape a reference or a flight number can also have: German without a
    /// hyphen, Polish, Turkish, Spanish, Swiss.
    static let ambiguousPlate = detectorPattern(
        #"(?<![\p{L}\p{N}\-])(?:[A-ZÄÖÜ]{1,3} [A-Z]{1,2} \d{1,4}[EH]?|[A-Z]{2,3} ?\d{4,5}|[A-Z]{2,3} \d[0-9A-Z]{3,4}|\d{2} ?[A-Z]{1,3} ?\d{2,4}|\d{4} ?[A-Z]{3}|[A-Z]{2} ?\d{1,6}|[A-Z]{2,3}-\d{3})(?![\p{L}\p{N}\-])"#
    )
    static let vehicleWord = detectorPattern(
        #"(?:plate|registration|registered|licen[cs]e|immatricul|plaque|kennzeichen|vehicle|\bcar\b|\bvan\b|lorry|truck|minibus|\bbus\b|camion|voiture|véhicule|vehicule|fourgon|fahrzeug|\blkw\b|\bpkw\b|transporter|kleinbus|\bwagen|\bauto\b|sprinter|bearing|\bsuv\b|trailer|remorque|anhänger|sattelzug|semi)"#
    )

    static func speaksOfVehicle(_ before: String) -> Bool {
        vehicleWord.firstMatch(in: before, range: NSRange(location: 0, length: (before as NSString).length)) != nil
    }

    // MARK: street addresses

    static let streetWords =
        "rue|avenue|av\\.|boulevard|bd|chemin|impasse|allée|allee|quai|route|cours|place|square|passage|chaussée|chaussee|"
        + "rue de la|via|viale|piazza|corso|calle|avenida|plaza|rua|ulica|ul\\.|str\\.|straße|strasse|weg|platz|allee|gasse|ring|damm|ufer|steenweg|straat|laan|plein"
    static let streetNameWord =
        #"(?:(?:d['’]|l['’])?[\p{Lu}][\p{L}'’\-\.]*|(?:de|la|le|les|du|des|del|della|di|von|der|am|an|auf|im|in|zum|zur|van|the|of|et|aux|au)(?![\p{L}]))"#
    static let postcodeTown =
        #"(?:,?\s(?:[A-Z]{1,2}-)?\d{4,5}\s[\p{Lu}][\p{L}\-]+(?:[ \-][\p{Lu}][\p{L}\-]+)?(?:\s\d{1,2})?|,\s[\p{Lu}][\p{L}\-]+\s\d{4,5}(?!\d))?(?:,?\s[\p{Lu}][\p{L}]+(?:\s[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}))?"#
    static let addresses: [NSRegularExpression] = [
        // 14 rue des Poissonniers, 75018 Paris; 221 Harbour Road, Dover CT16 1JA
        detectorPattern(
            #"(?<![\p{L}\p{N}./\-])\d{1,4}(?:\s?(?:bis|ter|[a-zA-Z])\b)?,?\s(?:(?i:"# + streetWords + #")\b(?:\s"# + streetNameWord + #"){1,6}"#
                + #"|(?:[\p{Lu}][\p{L}'\-]*\.?\s){1,4}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Drive|Way|Close|Court|Crescent|Place|Terrace|Grove|Gardens|Square|Hill|Row|Parade|Mews|Boulevard|Walk))"#
                + postcodeTown),
        // Hauptstraße 12, 10115 Berlin; Berliner Straße 4a; Rue Haute 45, 1000 Bruxelles; Via Roma 12
        detectorPattern(
            #"(?<![\p{L}])(?:[\p{Lu}][\p{L}\-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee|steig|pfad|markt|straat|laan|plein|gracht|kade|dijk|steenweg)|(?:[\p{Lu}][\p{L}\-]*[\s\-])?(?:Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse|Ring|Damm)|(?:[\p{Lu}][\p{L}]*\s){1,3}(?:Cd\.|Cad\.|Caddesi|Sk\.|Sok\.|Sokak|Sokağı|Bulvarı|Blv\.|Mah\.|Mahallesi)|(?:Rue|Avenue|Av\.|Boulevard|Chaussée|Place|Quai|Via|Viale|Piazza|Corso|Calle|Avenida|Plaza|Rua|Ulica|ul\.|Am|An der|Auf der|Im|In der|Zum|Zur)(?:\s"#
                + streetNameWord + #"){1,5}?)\s(?:(?:n[°º]|No\.?:?|Nr\.?)\s?)?(?!(?:19|20)\d\d(?!\d))\d{1,4}(?:\s?[a-zA-Z])?(?:[\-/]\d{1,4})?(?!\p{N}|[.,]\d|\p{L})"# + postcodeTown),
    ]

    // MARK: document numbers

    /// A run of 6 to 18 capitals, digits and single hyphens holding at least four digits.
    static let documentNumber = detectorPattern(
        #"(?<![\p{L}\p{N}/.\-])(?=(?:[A-Z\-]*\d){4})[A-Z0-9](?:[A-Z0-9]|-(?=[A-Z0-9])){5,17}(?![\p{L}\p{N}]|[/\-]\d)"#)
    static let documentWord = detectorPattern(
        #"(?:passport|passeport|reisepass|\bpass\b|passnummer|id card|identity card|carte d['’]identit|\bcni\b|personalausweis|ausweis|identity document|travel document|document de voyage|reisedokument|\bvisa\b|visum|residence permit|titre de s[ée]jour|carte de s[ée]jour|carte de r[ée]sident|permis de s[ée]jour|r[ée]c[ée]piss[ée]|aufenthalts|permit|laissez-passer|sticker|vignette|document|dokument|pièce d['’]identit|piece d['’]identit|national id|tazkira|tazkera|\bid\b|\bnin\b|kimlik|\bcnie?\b|\bnina\b|national number|numéro national|rijksregister)"#
    )
    static let numberWord = detectorPattern(#"(?:\bn[°º]|\bno\.?|\bnr\.?|number|numéro|nummer)\s*:?\s*$"#, caseInsensitive: true)
    static let notADocument = detectorPattern(
        #"(?:\bimo|flight|\bvol\b|\bflug|\bref\.?|réf\.?|\baz\.|case|affaire|\brs\.|\bcom\(|ecli|\bcelex|\bhs|\bcn|\bisbn|\bissn|\bmmsi|\bcall sign)\s*:?\s*$"#, caseInsensitive: true)

    static func speaksOfDocument(_ before: String) -> Bool {
        documentWord.firstMatch(in: before, range: NSRange(location: 0, length: (before as NSString).length)) != nil
    }

    static func digitCount(_ value: String) -> Int { value.unicodeScalars.filter { ("0"..."9").contains($0) }.count }
}
