import Foundation

/// A match between a notified person and an administrative record is a suggestion until an
/// officer of the immigration contact point decides on it. No person is affected by a
/// decision based solely on automated processing (Directive (EU) 2016/680, Art. 11): until
/// an officer confirms the pair, nothing about the record reaches the CT authority's alerts
/// or the return-priority list.
public enum MatchDecision: String, Sendable, Codable, CaseIterable {
    case suggested, confirmed, rejected

    /// Whether two identities share a travel document (same number, read without spaces or
    /// filler, and same issuer) and a full date of birth: the only match a node may let
    /// confirm itself, and only when its operator says so.
    public static func isExactIdentifierMatch(_ a: PersonIdentity, _ b: PersonIdentity) -> Bool {
        guard let birth = a.birthDate, birth.count == 10, birth == b.birthDate else { return false }
        func key(_ document: TravelDocument) -> String {
            document.issuingState.uppercased() + ":" + document.number.uppercased().filter { $0.isLetter || $0.isNumber }
        }
        let numbers = Set(a.documents.map(key).filter { $0.count > 4 })
        return b.documents.contains { numbers.contains(key($0)) }
    }
}
