/// An administrative record as handed to a recipient outside the network's exchanges, saying
/// to whom and when, so the copy carries its own origin.
public struct RecordExport: Codable, Sendable, Hashable {
    public var reference: String
    public var subject: PersonIdentity
    public var situation: AdministrativeSituation
    public var recipient: AsylumConfidentiality.Recipient
    public var exportedOn: String

    public init(reference: String, subject: PersonIdentity, situation: AdministrativeSituation, recipient: AsylumConfidentiality.Recipient, exportedOn: String) {
        self.reference = reference
        self.subject = subject
        self.situation = situation
        self.recipient = recipient
        self.exportedOn = exportedOn
    }
}
