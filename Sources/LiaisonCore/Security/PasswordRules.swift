/// Password rules follow NIST SP 800-63B: length over composition, and a refusal of the
/// obvious. The second factor carries the rest.
public enum PasswordRules {
    public static let minimumLength = 12
    public static let maximumLength = 128

    public static func problems(in password: String, username: String) -> [String] {
        var problems: [String] = []
        if password.count < minimumLength { problems.append("Use at least \(minimumLength) characters.") }
        if password.count > maximumLength { problems.append("Use at most \(maximumLength) characters.") }
        let lowered = password.lowercased()
        if !username.isEmpty, lowered.contains(username.lowercased()) {
            problems.append("Do not include your user name.")
        }
        if Set(password).count < 4 { problems.append("Use more varied characters.") }
        if ["password", "liaison", "123456", "qwerty"].contains(where: lowered.contains) {
            problems.append("Avoid common words and sequences.")
        }
        return problems
    }
}
