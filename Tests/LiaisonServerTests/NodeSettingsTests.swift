import Foundation
import LiaisonCore
import LiaisonServer
import LiaisonTestSupport
import Testing

/// Node settings in one place: a YAML file, the environment over it, every value checked at
/// start with every problem named, and the result shown read-only with its source.
@Suite("Node settings: one file, the environment over it, checked at start, shown with their source")
struct NodeSettingsTests {
    func file(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-settings-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("the file sets values, the environment overrides it, and each value names where it came from")
    func sources() throws {
        let path = try file("retention.exchangesMonths: 36\nmatches.autoConfirmExact: true\nreads.workingHours: \"08-18\"\n")
        var configuration = LiaisonConfiguration(database: .sqliteMemory, stateCode: "DE")
        try NodeSettings.resolve(&configuration, file: path, environment: ["LIAISON_RETENTION_EXCHANGES_MONTHS": "30", "LIAISON_CLASSIFICATION_CEILING": "restreint ue/eu restricted"])
        #expect(configuration.exchange.retention.exchangesMonths == 30)
        #expect(configuration.exchange.autoConfirmExactMatches)
        #expect(configuration.exchange.readReview.workingHours == 8..<18)
        #expect(configuration.exchange.ceiling.classification == .restricted)
        let byKey = Dictionary(uniqueKeysWithValues: configuration.settings.map { ($0.key, $0) })
        #expect(byKey["retention.exchangesMonths"]?.source == .environment("LIAISON_RETENTION_EXCHANGES_MONTHS"))
        #expect(byKey["retention.exchangesMonths"]?.value == "30 months")
        #expect(byKey["matches.autoConfirmExact"]?.source == .file(path))
        #expect(byKey["retention.notificationsMonths"]?.source == .defaultValue && byKey["retention.notificationsMonths"]?.value == "12 months")
        #expect(configuration.settings.count == NodeSettings.catalogue.count)
    }

    @Test("every bad value is named with its key and source, and an unknown key is refused, before the node starts")
    func problemsAtStart() throws {
        let path = try file("retention.readsMonths: 0\nretention.everything: 3\n")
        var configuration = LiaisonConfiguration(database: .sqliteMemory, stateCode: "DE")
        #expect {
            try NodeSettings.resolve(&configuration, file: path, environment: ["LIAISON_WORKING_HOURS": "19-07", "LIAISON_TIME_ZONE": "Mars/Olympus"])
        } throws: { error in
            let problems = (error as? SettingsError)?.problems ?? []
            return problems.count == 4 && problems.contains { $0.hasPrefix("retention.everything (\(path)): not a setting") }
                && problems.contains { $0.hasPrefix("retention.readsMonths (\(path)): a number of months from 1 to 120") }
                && problems.contains { $0.hasPrefix("reads.workingHours (LIAISON_WORKING_HOURS)") }
                && problems.contains { $0.hasPrefix("reads.timeZone (LIAISON_TIME_ZONE)") }
        }
        #expect(throws: SettingsError.self) { try NodeSettings.resolve(&configuration, file: try file("- a list\n- not a mapping\n"), environment: [:]) }
        #expect(throws: SettingsError.self) { try NodeSettings.resolve(&configuration, file: "/nonexistent/liaison.yaml", environment: [:]) }
    }

    @Test("the administrator reads the settings with their values and sources; an officer may not")
    func settingsPage() async throws {
        try await withNode { node, client in
            var admin = Browser()
            _ = try await admin.signIn(client, node, try #require(node.accounts[.nodeAdministrator]))
            let page = String(buffer: try await admin.get(client, "/admin/settings").body)
            #expect(page.contains("data-key=\"retention.exchangesMonths\"") && page.contains("24 months") && page.contains("LIAISON_RETENTION_EXCHANGES_MONTHS"))
            var officer = Browser()
            _ = try await officer.signIn(client, node, try #require(node.accounts[.immigrationOfficer]))
            #expect(try await officer.get(client, "/admin/settings").status == .forbidden)
        }
    }
}
