import Foundation

/// Text the domain writes in English, for the API, the command line and the logs, read on a
/// page in the reader's language: the matcher's explanations and the summaries of alerts.
/// Each reason is found by its English form in the catalogue (`match.reason.…`); what the
/// catalogue does not know stays as written rather than be guessed.
extension Strings {
    /// "family name الهاشمي ≈ AL-HASHIMI (via arabic, 0.93); birth date equal" in this language;
    /// the names compared stay as written.
    public func explanation(_ text: String) -> String {
        text.components(separatedBy: "; ").map(reason).joined(separator: "; ")
    }

    private func reason(_ text: String) -> String {
        for (key, pattern) in english where key.hasPrefix("match.reason.") {
            if let values = Self.match(text, pattern: pattern) { return self(key, values) }
        }
        for (role, key) in [("family name ", "match.familyName"), ("given name ", "match.givenName")] where text.hasPrefix(role) {
            let rest = text.dropFirst(role.count).replacingOccurrences(of: "via ", with: self("match.via") + " ")
            return self(key) + " " + rest
        }
        return text
    }

    /// "international-protection: lodged → rejected" as "Protection internationale : introduite → rejetée".
    public func alertSummary(_ text: String) -> String {
        func value(_ prefix: String, _ raw: Substring) -> String {
            raw == "none" ? self("alert.summary.none") : lookup("\(prefix).\(raw)") ?? String(raw)
        }
        if text == "administrative record changed" { return self("alert.summary.changed") }
        if text.hasPrefix("right to stay: ") {
            let sides = text.dropFirst("right to stay: ".count).components(separatedBy: " → ")
            guard sides.count == 2 else { return text }
            return self("alert.summary.rightToStay", ["before": value("exchange.rightToStay", Substring(sides[0])), "after": value("exchange.rightToStay", Substring(sides[1]))])
        }
        guard let colon = text.range(of: ": ") else { return text }
        let procedure = value("exchange.procedure", text[..<colon.lowerBound])
        let rest = text[colon.upperBound...]
        if rest.hasPrefix("new procedure, ") {
            return self("alert.summary.newProcedure", ["procedure": procedure, "status": value("exchange.status", rest.dropFirst("new procedure, ".count))])
        }
        let sides = rest.components(separatedBy: " → ")
        guard sides.count == 2 else { return text }
        return self(
            "alert.summary.status",
            ["procedure": procedure, "before": value("exchange.status", Substring(sides[0])), "after": value("exchange.status", Substring(sides[1]))])
    }
}
