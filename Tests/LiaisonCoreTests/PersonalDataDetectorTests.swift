import Foundation
import LiaisonCore
import Testing

@Suite("The personal-data detector finds what identifies a person and leaves the decoys of a report alone")
struct PersonalDataDetectorTests {
    let detector = PersonalDataDetector()

    /// The findings as (kind, the text they cover), so that a failure reads plainly.
    func found(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        return detector.spans(in: text).map { "\($0.kind.rawValue): \(String(String.UnicodeScalarView(scalars[$0.start..<$0.end])))" }
    }

    @Test("each kind is found with its span, in English, French and German")
    func eachKind() {
        #expect(found("The boat was organised by Abdel Karim Haddad, who holds passport N4829301.") == ["name: Abdel Karim Haddad", "documentNumber: N4829301"])
        #expect(found("Le passeur, né le 3 mars 1991 à Alep, vit au 14 rue des Poissonniers, 75018 Paris.") == ["birthDate: 3 mars 1991", "address: 14 rue des Poissonniers, 75018 Paris"])
        #expect(found("Der Fahrer (geb. 21.11.1986) wohnt in der Hauptstraße 12, 10115 Berlin.") == ["birthDate: 21.11.1986", "address: Hauptstraße 12, 10115 Berlin"])
        #expect(found("Call +33 6 12 34 56 78 or write to karim.h@example.org.") == ["phone: +33 6 12 34 56 78", "email: karim.h@example.org"])
        #expect(found("Payments went to DE89 3704 0044 0532 0130 00 and then to FR7630006000011234567890189.") == ["iban: DE89 3704 0044 0532 0130 00", "iban: FR7630006000011234567890189"])
        #expect(found("A van with plates AB-123-CD and a lorry registered as M AB 1234 were stopped.") == ["plate: AB-123-CD", "plate: M AB 1234"])
        let mrz = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
        #expect(found("The document read:\n" + mrz).map { $0.prefix(4) } == ["mrz:", "mrz:"])
    }

    @Test("titles, all-capital family names, a family name before a comma, aliases and announced names are names")
    func nameForms() {
        #expect(found("Mr Okafor met HADDAD Karim in Tripoli.") == ["name: Okafor", "name: HADDAD Karim"])
        #expect(found("The collector is listed as MORINA, Fatmir, in the file.") == ["name: MORINA, Fatmir"])
        #expect(found("Le passeur, dit « Le Docteur », opère depuis Oujda.") == ["name: Le Docteur"])
        #expect(found("Die Verdächtige Ewa Zielińska fuhr den Transporter.") == ["name: Ewa Zielińska"])
        #expect(found("Un ressortissant se présentant sous le nom d'Ahmed Salah a été contrôlé.") == ["name: Ahmed Salah"])
    }

    @Test("a German noun in the run announces the name after it; a word after the comma, or quotes around a given name, announce one too")
    func announcedAroundTheRun() {
        #expect(found("verhandelt vom Sonderbevollmächtigten Joachim Stamp") == ["name: Joachim Stamp"])
        #expect(found("Der Beschuldigte MORINA, Fatmir wohnt in Köln.") == ["name: MORINA, Fatmir"])
        #expect(found("La société appartient à Radu-Ionuț Popescu, ressortissant roumain.") == ["name: Radu-Ionuț Popescu"])
        #expect(found("Nachrichten an „Sasha“, gespeichert im Handy.") == ["name: Sasha"])
        // Not past an article, not a boat or a campaign, not "so-called".
        #expect(found("Der Vermieter der Sammelunterkunft wurde angeschrieben.") == [])
        #expect(found("Das Boot „Nour“ kenterte; die Kampagne „Amal“ richtet sich an Rückkehrer.") == [])
        #expect(found("The so-called \"Balkan Route\" remains active; Kabul, born of conflict, remains a hub.") == [])
    }

    @Test("streets joined by hyphens, numbered with n° or No:, and Turkish streets are addresses; a number called one finds its document further back")
    func addressesAndNumberedDocuments() {
        #expect(found("Er wohnt in der Karl-Marx-Allee 90, 10243 Berlin.") == ["address: Karl-Marx-Allee 90, 10243 Berlin"])
        #expect(found("Le cabinet installé Boulevard Mohammed V n° 214 délivre de faux documents.") == ["address: Boulevard Mohammed V n° 214"])
        #expect(found("The smuggler lived at Atatürk Cd. No: 41, 35220 Konak.") == ["address: Atatürk Cd. No: 41, 35220 Konak"])
        #expect(
            found("Il a acheté une carte de séjour bulgare établie au nom d'un tiers inconnu des services (n° 647318290) pour 1 200 USD.")
                == ["documentNumber: 647318290"])
    }

    @Test("places, organisations, streets and buildings named after people, statutes and statistics are not personal data")
    func decoys() {
        let clean = [
            "Crossings from Port Said and Ben Gardane rose by 12 % compared with 2022; the Konrad-Adenauer-Stiftung and the Robert Koch-Institut were consulted.",
            "La réunion s'est tenue place Charles de Gaulle, près de l'avenue Habib Bourguiba, puis à la Fondation Jean Jaurès.",
            "Nach § 95 AufenthG und Art. L. 823-1 CESEDA sowie der Verordnung (EU) 2019/1240 wurden zwischen dem 01.01.2024 und dem 30.06.2024 insgesamt 1 234 Fälle erfasst.",
            "Flights TK 1823 and AF1234 and the vessel IMO 9234567 were checked in 2023-Q4; prices ranged from EUR 2 500 to 4 000 per person.",
            "The Justus Lipsius building and Charles de Gaulle airport hosted the meetings of Operation Irini and EUNAVFOR MED.",
            "Im Mai 2024 kamen die meisten Personen über Mai Aini und Kara Tepe; im Jahr 2015 waren es mehr.",
        ]
        for text in clean {
            #expect(found(text) == [], "\(text)")
            #expect(detector.isPublishable(text))
        }
    }

    @Test("an event date is not a date of birth; a date after a name or a word of birth is")
    func birthDates() {
        #expect(found("The boat left on 14.03.2023 from Zuwara.") == [])
        #expect(found("Le réseau est né en 2019 à Oujda.") == [])
        #expect(found("Kevin De Smet (°22/08/1993) louait des camionnettes.") == ["name: Kevin De Smet", "birthDate: 22/08/1993"])
        #expect(found("laut Reisepass ist sie am 19.08.1990 in Kumasi geboren.") == ["birthDate: 19.08.1990"])
    }

    @Test("offsets count Unicode scalars, so text before a span in another script or an emoji counts once per scalar")
    func offsetsInScalars() {
        // 🚤 is one scalar (two UTF-16 units), so the number starts at scalar 11.
        let text = "🚤 Контакт: +218 91 234 5678"
        #expect(detector.spans(in: text) == [PersonalDataSpan(kind: .phone, start: 11, end: text.unicodeScalars.count)])
        #expect(found("Ивайло Стоянов, محمد الحسن") == ["name: Ивайло Стоянов", "name: محمد الحسن"])
    }
}

@Suite("R8 for contact-point messages with the detector: the directory's officials and function contacts pass, anything else about a person does not")
struct ContactMessageGuardTests {
    static func message(_ text: String) -> ContactMessageBody {
        ContactMessageBody(messageID: UUID(), title: "Coordination", text: text, handlingCode: .h0, marking: Marking(classification: .unclassified, limite: false))
    }

    static let listed = ListedContacts(names: ["Anne Peeters"], mailboxes: ["ct-desk@be.example"], phones: ["+32 2 000 00 10"])

    @Test("R8: listed officials, mailboxes and phones are allowed at the sender; others are refused; the receiver looks for identifiers only")
    func r8DetectorGuardsMessages() throws {
        let screen = PersonalDataScreen(now: Date())
        try ExchangeRules.checkNoPersonalData(
            Self.message("Please write to ct-desk@be.example or call +32 2 000 00 10. Regards, Anne Peeters"), screen: screen, listed: Self.listed)
        for text in ["Please write to j.martin@gmail.com.", "Call +32 470 12 34 56.", "Regards, Karim Haddad"] {
            #expect(throws: PolicyError.self, "\(text)") { try ExchangeRules.checkNoPersonalData(Self.message(text), screen: screen, listed: Self.listed) }
        }
        // A receiver, which does not know the sender's officials, refuses identifiers, not names.
        try ExchangeRules.checkNoPersonalData(Self.message("Regards, Karim Haddad"), screen: screen)
        #expect(throws: PolicyError.self) {
            try ExchangeRules.checkNoPersonalData(Self.message("IBAN BE71 0961 2345 6769 for the payment."), screen: screen)
        }
    }
}
