import Foundation

/// What a deployment record must hold before it is stored or published, and who may publish
/// it: a state's node publishes its own state's officers; the Commission's node publishes the
/// Commission's and the agencies' (Art. 2(1)).
public enum DeploymentRules {
    /// The refusal lists every field that does not hold, each with its message.
    public static func check(_ deployment: Deployment, publishedBy state: String) throws(ServiceError) {
        var fields: [String: String] = [:]
        func text(_ value: String?, _ field: String, required: Bool = false, limit: Int) {
            guard let value, !value.isEmpty else {
                if required { fields[field] = "Required" }
                return
            }
            if value.count > limit { fields[field] = "At most \(limit) characters" } else if !DisplayText.isPlain(value) { fields[field] = "Holds characters that cannot be shown" }
        }
        text(deployment.officerName, "officerName", required: true, limit: 120)
        text(deployment.hostCity, "hostCity", limit: 80)
        text(deployment.sharedTasks, "sharedTasks", limit: 1000)
        text(deployment.phone, "phone", limit: 40)
        if let mailbox = deployment.mailbox, !mailbox.isEmpty, mailbox.count > 120 || !mailbox.contains("@") || mailbox.contains(where: \.isWhitespace) {
            fields["mailbox"] = "Not an e-mail address"
        }
        if !bodies(publishableBy: state).contains(deployment.deployingBody) {
            fields["deployingBody"] = "This node publishes deployments of \(bodies(publishableBy: state).sorted().joined(separator: ", ")) only"
        }
        if !isThirdCountry(deployment.hostCountry) { fields["hostCountry"] = "Not a third country (ISO 3166 two-letter code outside the EU and Schengen)" }
        if !isDay(deployment.startsOn) { fields["startsOn"] = "A date as yyyy-mm-dd" }
        if let end = deployment.endsOn, !end.isEmpty {
            if !isDay(end) { fields["endsOn"] = "A date as yyyy-mm-dd" } else if end < deployment.startsOn { fields["endsOn"] = "Before the first day" }
        }
        if deployment.tasks.isEmpty { fields["tasks"] = "At least one task" }
        if Set(deployment.tasks).count != deployment.tasks.count { fields["tasks"] = "A task is listed twice" }
        for code in deployment.representedStates {
            guard let represented = ParticipatingState.named(code), represented.membership != .commission, represented.code == code else {
                fields["representedStates"] = "“\(code)” is not a participating state's two-letter code"
                break
            }
            if code == deployment.deployingBody { fields["representedStates"] = "The deploying state represents itself" }
        }
        if Set(deployment.representedStates).count != deployment.representedStates.count { fields["representedStates"] = "A state is listed twice" }
        if let share = deployment.partTimeShare, !(5...99).contains(share) { fields["partTimeShare"] = "A share between 5 and 99 per cent, or none for full time" }
        guard fields.isEmpty else {
            throw ServiceError.invalid("The deployment cannot be recorded as it is: \(fields.keys.sorted().joined(separator: ", ")).", fields: fields)
        }
    }

    /// The deploying bodies whose officers a node of `state` may publish.
    public static func bodies(publishableBy state: String) -> Set<String> {
        state == "EU" ? Set(["EU"] + DeployingAgency.allCases.map(\.rawValue)) : [state]
    }

    /// A country that is neither a participating state nor another EU member: officers are
    /// deployed to third countries (Art. 1).
    public static func isThirdCountry(_ code: String) -> Bool {
        code.count == 2 && code == code.uppercased() && countryCodes.contains(code) && ParticipatingState.named(code) == nil
    }

    /// The ISO 3166-1 alpha-2 codes (and Kosovo's XK, as the EU writes it).
    public static let countryCodes: Set<String> = Set(
        Locale.Region.isoRegions.map(\.identifier).filter { $0.count == 2 && $0.allSatisfy(\.isLetter) }
    ).union(["XK"])

    /// A real day written YYYY-MM-DD, in this century or the next: a posting's first or last day.
    static func isDay(_ text: String) -> Bool {
        ContentFormat.isCalendarDay(text) && ("2000"..."2100").contains(text.prefix(4))
    }
}
