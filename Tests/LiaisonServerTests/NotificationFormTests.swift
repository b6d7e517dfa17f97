import Foundation
import HTTPTypes
import LiaisonServer
import Testing

/// A pasted MRZ is read before anything is notified on it: a failed check digit is shown as a
/// possible fraud indicator, and an MRZ that disagrees with the typed fields is not merged
/// into a person who does not exist.
@Suite("The notification form and a pasted MRZ", .serialized)
struct NotificationFormTests {
    /// ICAO Doc 9303's TD3 specimen (Utopia), its birth date's check digit altered.
    static let forged = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408123F1204159ZE184226B<<<<<10"
    static let specimen = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"

    @Test("a failed check digit is named as a possible fraud indicator, and typed fields that contradict the MRZ are named; nothing is notified")
    func mrzIsReviewed() async throws {
        try await withNode { node, client in
            var browser = Browser()
            _ = try await browser.signIn(client, node, node.accounts[.counterTerrorismOfficer]!)
            _ = try await browser.get(client, "/notifications")
            let until = node.clock.date.addingTimeInterval(30 * 86400).formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
            let forged = try await browser.post(client, "/notifications", form: ["mrz": Self.forged, "validUntil": until, "handlingCode": "H0"])
            let page = String(buffer: forged.body)
            #expect(forged.status == .unprocessableContent && page.contains("date of birth") && page.contains("possible fraud indicator"))

            let mixed = try await browser.post(
                client, "/notifications", form: ["mrz": Self.specimen, "birthDate": "1975-01-01", "validUntil": until, "handlingCode": "H0"])
            let mixedPage = String(buffer: mixed.body)
            #expect(mixed.status == .unprocessableContent && mixedPage.contains("you typed 1975-01-01, the MRZ says 1974-08-12"))
            let list = try await client.execute(uri: "/api/v1/notifications", method: .get, headers: bearer(node.accounts[.counterTerrorismOfficer]!.token))
            #expect(!String(buffer: list.body).contains("ERIKSSON"))
        }
    }

    @Test("every problem of the form at once: the summary lists each field in the form's order, linked to it, in the reader's language, and shows no internal code")
    func everyProblemAtOnce() async throws {
        try await withNode { node, client in
            var browser = Browser()
            _ = try await browser.signIn(client, node, node.accounts[.counterTerrorismOfficer]!)
            _ = try await browser.get(client, "/notifications")
            let refused = try await browser.post(
                client, "/notifications", form: ["familyNames": "", "birthDate": "2999-01-01", "nationality": "S1R", "validUntil": "soon", "handlingCode": "H0"])
            let page = String(buffer: refused.body)
            #expect(refused.status == .unprocessableContent)
            #expect(page.contains("class=\"error-summary\"") && page.contains("Correct the 4 fields marked below."))
            let linked = ["familyNames", "birthDate", "nationality", "validUntil"].map { page.range(of: "href=\"#\($0)\"")?.lowerBound }
            #expect(linked.allSatisfy { $0 != nil }, "each field at fault is linked")
            #expect(linked.compactMap { $0 } == linked.compactMap { $0 }.sorted(), "in the order the form shows them")
            #expect(page.contains("Give the date of birth as YYYY-MM-DD, YYYY-MM or YYYY, not after today."))
            #expect(!page.contains("<code>input.") && page.contains("data-code=\"input."), "the code is for support, not for the reader")

            _ = try await browser.get(client, "/language/fr?next=/notifications")
            let french = String(
                buffer: try await browser.post(client, "/notifications", form: ["familyNames": "KARIMI", "birthDate": "2999-01-01", "validUntil": "2030-01-01", "handlingCode": "H0"]).body)
            #expect(french.contains("Il y a un problème") && french.contains("Corrigez le champ signalé ci-dessous."))
            #expect(french.contains("Indiquez la date de naissance au format AAAA-MM-JJ"))
        }
    }

    @Test("R7 above ceiling: a form offers no marking above the node's ceiling, only to be refused")
    func R7_aboveCeiling_notOffered() async throws {
        try await withNode { node, client in
            var browser = Browser()
            _ = try await browser.signIn(client, node, node.accounts[.counterTerrorismOfficer]!)
            let page = String(buffer: try await browser.get(client, "/messages/new").body)
            #expect(page.contains(">UNCLASSIFIED<") && !page.contains("RESTREINT") && !page.contains("SECRET"))
            #expect(page.contains("name=\"limite\""), "the default ceiling admits LIMITE")
        }
    }

    @Test("after an action the page says it succeeded; only known actions are said, whatever the address holds")
    func successIsSaid() async throws {
        try await withNode { node, client in
            var browser = Browser()
            _ = try await browser.signIn(client, node, node.accounts[.counterTerrorismOfficer]!)
            _ = try await browser.get(client, "/notifications")
            let until = node.clock.date.addingTimeInterval(30 * 86400).formatted(Date.ISO8601FormatStyle(timeZone: .gmt).year().month().day())
            let made = try await browser.post(
                client, "/notifications",
                form: ["familyNames": "KARIMI", "givenNames": "Reza", "birthDate": "1985-07-01", "nationality": "AFG", "validUntil": until, "handlingCode": "H0"])
            #expect(made.status == .seeOther && made.headers[.location] == "/notifications?done=notification-created")
            let page = String(buffer: try await browser.get(client, "/notifications?done=notification-created").body)
            #expect(page.contains("id=\"done-notice\"") && page.contains("The notification is made"))
            for hostile in ["%3Cscript%3E", "unknown-action", "NOTIFICATION-CREATED"] {
                let other = String(buffer: try await browser.get(client, "/notifications?done=\(hostile)").body)
                #expect(!other.contains("id=\"done-notice\""), "\(hostile)")
            }
        }
    }
}
