/// User names are short, lower-case identifiers, so they are safe in logs, URLs and audit entries.
public enum Username {
    public static func validate(_ name: String) -> String? {
        guard (3...40).contains(name.count) else { return "A user name has 3 to 40 characters." }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_")
        guard name.allSatisfy(allowed.contains), name.first?.isLetter == true else {
            return "A user name starts with a letter and uses only a–z, 0–9, dot, hyphen and underscore."
        }
        return nil
    }
}
