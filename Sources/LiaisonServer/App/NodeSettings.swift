import Foundation
import LiaisonCore
import LiaisonExchange
import Yams

/// What a node's operator sets without rebuilding, in one place: each setting has a key in
/// the settings file (YAML, read with Yams), an environment variable that overrides it, a
/// check, and a description. The node resolves them at start, refuses to start on any bad
/// value (naming every one and where it came from), and shows the result, with each value's
/// source, read-only to its administrators (`/admin/settings`).
public struct NodeSetting: Sendable {
    public let key: String
    public let environment: String
    public let description: String
    let apply: @Sendable (inout LiaisonConfiguration, String) throws(SettingProblem) -> Void
    let current: @Sendable (LiaisonConfiguration) -> String
}

/// A value a setting refuses, with what it expects.
public struct SettingProblem: Error, Sendable, Equatable {
    public let expected: String
}

/// Where a setting's value came from.
public enum SettingSource: Sendable, Equatable {
    case defaultValue
    case file(String)
    case environment(String)
}

/// One resolved setting, as the administrator sees it.
public struct ResolvedSetting: Sendable {
    public let key: String
    public let environment: String
    public let description: String
    public let value: String
    public let source: SettingSource
}

/// Bad settings, all of them, each with its key, source and what it expects.
public struct SettingsError: Error, CustomStringConvertible {
    public let problems: [String]
    public var description: String { "The node's settings are not valid:\n" + problems.map { "- \($0)" }.joined(separator: "\n") }
}

public enum NodeSettings {
    /// Reads the settings file (if any), then the environment, onto `configuration`; records
    /// each value's source in `configuration.settings`.
    public static func resolve(_ configuration: inout LiaisonConfiguration, file: String?, environment: [String: String]) throws(SettingsError) {
        var fromFile: [String: String] = [:]
        var problems: [String] = []
        if let file {
            do {
                fromFile = try read(file)
            } catch {
                throw SettingsError(problems: ["\(file): \(error.expected)"])
            }
            for key in fromFile.keys.sorted() where !catalogue.contains(where: { $0.key == key }) {
                problems.append("\(key) (\(file)): not a setting; known: \(catalogue.map(\.key).joined(separator: ", "))")
            }
        }
        var resolved: [ResolvedSetting] = []
        for setting in catalogue {
            var source = SettingSource.defaultValue
            for (value, origin) in [(fromFile[setting.key], SettingSource.file(file ?? "")), (environment[setting.environment], .environment(setting.environment))] {
                guard let value else { continue }
                do {
                    try setting.apply(&configuration, value.trimmingCharacters(in: .whitespaces))
                    source = origin
                } catch {
                    let place = if case .file(let path) = origin { path } else { setting.environment }
                    problems.append("\(setting.key) (\(place)): \(error.expected), not “\(value)”")
                }
            }
            resolved.append(
                ResolvedSetting(key: setting.key, environment: setting.environment, description: setting.description, value: setting.current(configuration), source: source))
        }
        guard problems.isEmpty else { throw SettingsError(problems: problems) }
        configuration.settings = resolved
    }

    /// The node's settings as resolved at start; a node built in code (tests, benchmarks) shows
    /// its values as defaults.
    public static func described(_ configuration: LiaisonConfiguration) -> [ResolvedSetting] {
        if !configuration.settings.isEmpty { return configuration.settings }
        return catalogue.map {
            ResolvedSetting(key: $0.key, environment: $0.environment, description: $0.description, value: $0.current(configuration), source: .defaultValue)
        }
    }

    /// The settings file: a YAML mapping of keys to plain values.
    static func read(_ path: String) throws(SettingProblem) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw SettingProblem(expected: "the settings file cannot be read") }
        let loaded: Any?
        do { loaded = try Yams.load(yaml: text) } catch { throw SettingProblem(expected: "not YAML (\(error.localizedDescription.prefix(120)))") }
        if loaded == nil { return [:] }
        guard let mapping = loaded as? [String: Any] else { throw SettingProblem(expected: "a mapping of setting keys to values is expected") }
        var values: [String: String] = [:]
        for (key, value) in mapping {
            switch value {
            case let text as String: values[key] = text
            case let flag as Bool: values[key] = flag ? "true" : "false"
            case let number as Int: values[key] = String(number)
            default: throw SettingProblem(expected: "\(key) must be a plain value")
            }
        }
        return values
    }

    // MARK: The catalogue

    static func months(_ text: String, _ range: ClosedRange<Int>) throws(SettingProblem) -> Int {
        guard let value = Int(text), range.contains(value) else { throw SettingProblem(expected: "a number of months from \(range.lowerBound) to \(range.upperBound)") }
        return value
    }

    static func flag(_ text: String) throws(SettingProblem) -> Bool {
        switch text.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw SettingProblem(expected: "true or false")
        }
    }

    static func retention(_ key: String, _ env: String, _ path: any WritableKeyPath<RetentionSettings, Int> & Sendable, _ what: String) -> NodeSetting {
        NodeSetting(
            key: "retention.\(key)", environment: env, description: what,
            apply: { configuration, text throws(SettingProblem) in configuration.exchange.retention[keyPath: path] = try months(text, 1...120) },
            current: { "\($0.exchange.retention[keyPath: path]) months" })
    }

    public static let catalogue: [NodeSetting] = [
        NodeSetting(
            key: "exchange.approvalRequired", environment: "LIAISON_APPROVAL_REQUIRED",
            description: "R8: personal data leave the node only after a supervisor's approval.",
            apply: { configuration, text throws(SettingProblem) in configuration.exchange.approvalRequired = try flag(text) },
            current: { $0.exchange.approvalRequired ? "true" : "false" }),
        NodeSetting(
            key: "exchange.classificationCeiling", environment: "LIAISON_CLASSIFICATION_CEILING",
            description: "R7: the highest classification the node is accredited for.",
            apply: { configuration, text throws(SettingProblem) in
                guard let value = Classification(rawValue: text.uppercased()) else {
                    throw SettingProblem(expected: "one of \(Classification.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                configuration.exchange.ceiling.classification = value
            },
            current: { $0.exchange.ceiling.classification.rawValue }),
        NodeSetting(
            key: "exchange.urgentDeadlineHours", environment: "LIAISON_URGENT_DEADLINE_HOURS",
            description: "Hours an urgent request has for its answer (Directive (EU) 2023/977: 8).",
            apply: { configuration, text throws(SettingProblem) in
                guard let hours = Double(text), (1...72).contains(hours) else { throw SettingProblem(expected: "a number of hours from 1 to 72") }
                configuration.exchange.deadlines.urgent = hours * 3600
            },
            current: { String(format: "%g hours", $0.exchange.deadlines.urgent / 3600) }),
        NodeSetting(
            key: "exchange.normalDeadlineDays", environment: "LIAISON_NORMAL_DEADLINE_DAYS",
            description: "Days any other request has for its answer (Directive (EU) 2023/977: 7).",
            apply: { configuration, text throws(SettingProblem) in
                guard let days = Double(text), (1...60).contains(days) else { throw SettingProblem(expected: "a number of days from 1 to 60") }
                configuration.exchange.deadlines.normal = days * 86400
            },
            current: { String(format: "%g days", $0.exchange.deadlines.normal / 86400) }),
        NodeSetting(
            key: "matches.autoConfirmExact", environment: "LIAISON_AUTO_CONFIRM_EXACT_MATCHES",
            description: "Whether the same travel document and full date of birth confirm a match without an officer (audited as automatic).",
            apply: { configuration, text throws(SettingProblem) in configuration.exchange.autoConfirmExactMatches = try flag(text) },
            current: { $0.exchange.autoConfirmExactMatches ? "true" : "false" }),
        retention("notificationsMonths", "LIAISON_RETENTION_NOTIFICATIONS_MONTHS", \.notificationsMonths, "A notification's person is erased this long after it ended."),
        retention("exchangesMonths", "LIAISON_RETENTION_EXCHANGES_MONTHS", \.exchangesMonths, "An exchange's personal data are erased this long after its last step."),
        retention("readsMonths", "LIAISON_RETENTION_READS_MONTHS", \.readsMonths, "Rows of who read which person are kept this long."),
        retention("envelopesMonths", "LIAISON_RETENTION_ENVELOPES_MONTHS", \.envelopesMonths, "Envelope bytes are kept this long (digests and receipts stay)."),
        NodeSetting(
            key: "reads.workingHours", environment: "LIAISON_WORKING_HOURS",
            description: "Working hours; the data protection officer's review flags reads outside them.",
            apply: { configuration, text throws(SettingProblem) in
                let bounds = text.split(separator: "-").compactMap { Int($0) }
                guard bounds.count == 2, (0...23).contains(bounds[0]), (1...24).contains(bounds[1]), bounds[0] < bounds[1] else {
                    throw SettingProblem(expected: "two hours of the day, the second later, such as 07-19")
                }
                configuration.exchange.readReview.workingHours = bounds[0]..<bounds[1]
            },
            current: { String(format: "%02d-%02d", $0.exchange.readReview.workingHours.lowerBound, $0.exchange.readReview.workingHours.upperBound) }),
        NodeSetting(
            key: "reads.timeZone", environment: "LIAISON_TIME_ZONE", description: "The time zone of the working hours and of the review's days.",
            apply: { configuration, text throws(SettingProblem) in
                guard let zone = TimeZone(identifier: text) else { throw SettingProblem(expected: "a time zone such as Europe/Brussels") }
                configuration.exchange.readReview.timeZone = zone
            },
            current: { $0.exchange.readReview.timeZone.identifier }),
        NodeSetting(
            key: "reads.perDay", environment: "LIAISON_READS_PER_DAY", description: "Persons one user may read in a day before the review flags the day.",
            apply: { configuration, text throws(SettingProblem) in
                guard let value = Int(text), value >= 1 else { throw SettingProblem(expected: "a number of persons, at least 1") }
                configuration.exchange.readReview.readsPerDay = value
            },
            current: { String($0.exchange.readReview.readsPerDay) }),
        NodeSetting(
            key: "directory.reconfirmationMonths", environment: "LIAISON_RECONFIRMATION_MONTHS",
            description: "How often each directory entry is confirmed again.",
            apply: { configuration, text throws(SettingProblem) in configuration.reconfirmationMonths = try months(text, 1...36) },
            current: { "\($0.reconfirmationMonths) months" }),
        NodeSetting(
            key: "directory.overviewMarking", environment: "LIAISON_OVERVIEW_MARKING",
            description: "The marking of the overview of contact points and national arrangements; only users cleared for it read it.",
            apply: { configuration, text throws(SettingProblem) in
                guard !text.isEmpty, text.count <= 60, DisplayText.isPlain(text) else { throw SettingProblem(expected: "one line of at most 60 characters") }
                configuration.overviewMarking = text
            },
            current: { $0.overviewMarking }),
    ]
}
