import Foundation

/// The reason an official gives for a decision about a person (a match confirmed or rejected,
/// processing restricted or resumed): required, recorded with the decision.
public enum DecisionReason {
    public static let longest = 500

    /// The reason, trimmed: one paragraph of at most 500 characters.
    public static func checked(_ reason: String?) throws(PolicyError) -> String {
        let trimmed = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= longest else {
            throw PolicyError(.reasonRequired, detail: "Say why, in at most \(longest) characters: the decision is recorded with its reason.")
        }
        return trimmed
    }
}
