import Foundation
import HTTPTypes
import HummingbirdTesting
import LiaisonAccess
import LiaisonCore
@testable import LiaisonExchange
@testable import LiaisonNode
@testable import LiaisonServer
import LiaisonTestSupport
import NIOCore
import Testing

@Suite("String catalogue and language choice")
struct LocalizationTests {
    static let directory = StringCatalogue.bundledDirectory!

    static func rawTable(_ language: Language) throws -> [String: String] {
        let data = try Data(contentsOf: directory.appendingPathComponent("\(language.rawValue).json"))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    static func placeholders(_ text: String) -> Set<String> {
        Set(text.matches(of: /\{([A-Za-z]+)\}/).map { String($0.output.1) })
    }

    @Test("every English key is translated into French and German, with the same placeholders", arguments: [Language.french, .german])
    func complete(_ language: Language) throws {
        let english = try Self.rawTable(.english)
        let translated = try Self.rawTable(language)
        for (key, text) in english {
            let other = try #require(translated[key], "\(language.rawValue).json lacks \(key)")
            #expect(!other.isEmpty, "\(language.rawValue): \(key) is empty")
            #expect(Self.placeholders(other) == Self.placeholders(text), "\(language.rawValue): \(key) has other placeholders")
        }
        #expect(Set(translated.keys).subtracting(english.keys).isEmpty, "keys that English does not have")
    }

    @Test("no key is also the prefix of another, so every key can be nested for Mustache")
    func nestable() throws {
        let keys = try Self.rawTable(.english).keys
        for key in keys {
            #expect(!keys.contains { $0.hasPrefix(key + ".") }, "\(key) is both a text and a group")
            #expect(key.wholeMatch(of: /[a-z][A-Za-z0-9]*(\.[A-Za-z0-9-]+)+/) != nil, "\(key) is not a dotted name")
        }
    }

    @Test("every {{t.…}} in the templates exists in en.json")
    func templateKeysExist() throws {
        let english = try Self.rawTable(.english)
        let templates = Self.directory.deletingLastPathComponent().appendingPathComponent("Templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: templates.path).filter { $0.hasSuffix(".mustache") }
        var used = 0
        for file in files {
            let text = try String(contentsOf: templates.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: /\{\{\s*[#^\/]?\s*t\.([A-Za-z0-9_.-]+)\s*\}\}/) {
                used += 1
                #expect(english[String(match.output.1)] != nil, "\(file) uses t.\(match.output.1), which en.json lacks")
            }
        }
        #expect(used > 100)
    }

    @Test("keys that pages build from domain values exist")
    func domainKeysExist() throws {
        let english = try Self.rawTable(.english)
        let keys =
            Role.allCases.map { "role.\($0.rawValue)" } + AuthorityKind.allCases.map { "kind.\($0.rawValue)" }
            + AuditRecord.Outcome.allCases.map { "audit.outcome.\($0.rawValue)" } + WebRenderer.navigation.map(\.label)
        for key in keys { #expect(english[key] != nil, "\(key)") }
    }

    @Test("Accept-Language picks the best supported language by weight; the cookie wins; English otherwise")
    func negotiation() {
        #expect(Language.negotiate(cookie: nil, acceptLanguage: nil) == .english)
        #expect(Language.negotiate(cookie: nil, acceptLanguage: "fr-BE,fr;q=0.9,en;q=0.8") == .french)
        #expect(Language.negotiate(cookie: nil, acceptLanguage: "nl-BE, de;q=0.7, fr;q=0.5") == .german)
        #expect(Language.negotiate(cookie: nil, acceptLanguage: "en;q=0.4, de-AT;q=0.9") == .german)
        #expect(Language.negotiate(cookie: nil, acceptLanguage: "fr;q=0, de;q=0.1") == .german)
        #expect(Language.negotiate(cookie: nil, acceptLanguage: "pl, it;q=0.8") == .english)
        #expect(Language.negotiate(cookie: nil, acceptLanguage: "*") == .english)
        #expect(Language.negotiate(cookie: nil, acceptLanguage: ";;,q=,de;q=abc") == .english)
        #expect(Language.negotiate(cookie: "de", acceptLanguage: "fr") == .german)
        #expect(Language.negotiate(cookie: "xx", acceptLanguage: "fr") == .french)
    }

    @Test("messages of the services are translated, with their numbers; unknown text stays English")
    func messages() throws {
        let catalogue = try StringCatalogue(directory: Self.directory)
        let french = catalogue.strings(.french)
        let german = catalogue.strings(.german)
        #expect(french.message("2 to 160 characters.") == "De 2 à 160 caractères.")
        #expect(german.message("A token lives 1 to 365 days.") == "Ein Token ist 1 bis 365 Tage gültig.")
        #expect(
            german.message("Use at least 12 characters. Do not include your user name.")
                == "Verwenden Sie mindestens 12 Zeichen. Verwenden Sie nicht Ihren Benutzernamen.")
        #expect(french.message("Something new. Use more varied characters.") == "Something new. Utilisez des caractères plus variés.")
        let forbidden = AppError.forbidden(PolicyError(.forbidden, detail: "Your roles do not allow this action (view-users)."))
        #expect(german.title(of: forbidden) == "Nicht zulässig")
        #expect(german.detail(of: forbidden) == "Ihre Rollen erlauben diese Aktion nicht (view-users).")
        let locked = AuthService.locked(until: Date(timeIntervalSince1970: 60), now: Date(timeIntervalSince1970: 0))
        #expect(french.detail(of: AppError(locked)).hasSuffix("Réessayez dans 1 minute."))
        #expect(catalogue.strings(.english)("no.such.key") == "no.such.key")
    }

    @Test("the switcher sets a one-year HttpOnly SameSite=Strict cookie and returns to the same page only")
    func switcher() async throws {
        try await withNode { _, client in
            let response = try await client.execute(uri: "/language/fr?next=%2Fsignin%3Fnext%3D%252Faudit", method: .get)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/signin?next=%2Faudit")
            let cookie = try #require(response.headers[.setCookie])
            for part in ["liaison_lang=fr", "Path=/", "Max-Age=31536000", "HttpOnly", "SameSite=Strict"] {
                #expect(cookie.contains(part), "\(part)")
            }
            for hostile in ["//evil.example", "https://evil.example", "/%09/evil.example", "/%5Cevil.example", ""] {
                let away = try await client.execute(uri: "/language/de?next=\(hostile)", method: .get)
                #expect(away.headers[.location] == "/dashboard", "\(hostile)")
            }
            let unknown = try await client.execute(uri: "/language/xx?next=/signin", method: .get)
            #expect(unknown.status == .notFound)
        }
    }

    @Test("the sign-in page follows the cookie, then Accept-Language, and defaults to English")
    func signInPageLanguage() async throws {
        try await withNode { _, client in
            let plain = String(buffer: try await client.execute(uri: "/signin", method: .get).body)
            #expect(plain.contains(#"<html lang="en">"#) && plain.contains(">Sign in</h1>"))
            let german = String(buffer: try await client.execute(uri: "/signin", method: .get, headers: [.acceptLanguage: "de-DE,de;q=0.9"]).body)
            #expect(german.contains(#"<html lang="de">"#) && german.contains(">Anmelden</h1>"))
            #expect(german.contains(#"href="/language/fr?next=/signin""#), "the switcher returns to this page")
            let chosen = try await client.execute(
                uri: "/signin", method: .get, headers: [.acceptLanguage: "de", .cookie: "liaison_lang=fr"])
            let french = String(buffer: chosen.body)
            #expect(french.contains(#"<html lang="fr">"#) && french.contains(">Se connecter</h1>"))
        }
    }

    @Test("pages, tiles, form errors and the error page speak French and German; the API stays English")
    func pagesTranslated() async throws {
        try await withNode { node, client in
            var browser = Browser()
            _ = try await browser.signIn(client, node, node.accounts[.nodeAdministrator]!)
            browser.cookies[Language.cookieName] = "fr"
            let dashboard = String(buffer: try await browser.get(client, "/dashboard").body)
            #expect(dashboard.contains("<title>Tableau de bord"))
            #expect(dashboard.contains("Gérer les utilisateurs") && dashboard.contains("Administrateur du nœud"))
            let audit = String(buffer: try await browser.get(client, "/audit").body)
            #expect(audit.contains("Chaîne intacte"))

            browser.cookies[Language.cookieName] = "de"
            let authorities = String(buffer: try await browser.get(client, "/admin/authorities").body)
            #expect(authorities.contains("<h1>Behörden</h1>") && authorities.contains("Terrorismusbekämpfung"))
            let invalid = try await browser.post(client, "/admin/authorities", form: ["name": "x", "kind": "counter-terrorism"])
            #expect(invalid.status == .unprocessableContent)
            #expect(String(buffer: invalid.body).contains("2 bis 160 Zeichen."))
            #expect(String(buffer: try await browser.get(client, "/audit").body).contains("<h1>Prüfpfad</h1>"))

            let missing = String(buffer: try await browser.get(client, "/nowhere").body)
            #expect(missing.contains("Nicht gefunden") && missing.contains("http.notFound"))
            let api = try await client.execute(
                uri: "/api/v1/nowhere", method: .get,
                headers: [.authorization: "Bearer \(node.accounts[.nodeAdministrator]!.token)", .acceptLanguage: "de"])
            #expect(String(buffer: api.body).contains(#""title":"Not found""#))
        }
    }
}
