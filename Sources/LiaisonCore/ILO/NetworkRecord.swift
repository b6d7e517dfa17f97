import Foundation

/// A record of the ILO network that one node owns and every other node keeps as a read-only
/// copy: local networks and their activities, and the Steering Board's records. They travel
/// in one envelope kind (`ilo.record`), each kind checked by its own rules on both sides.
public protocol NetworkRecord: Codable, Sendable, Hashable {
    static var recordKind: NetworkRecordKind { get }
    var id: UUID { get set }
    /// The record this one belongs to (an activity's network, a decision's meeting), if any.
    var parentID: UUID? { get }
    /// Refuses, naming every field, what no node may store; `publisher` is the publishing node's state.
    func check(publishedBy publisher: String) throws(ServiceError)
}

public enum NetworkRecordKind: String, Codable, Sendable, CaseIterable {
    case localNetwork = "local-network"
    case networkActivity = "network-activity"
    case networkDocument = "network-document"
    case boardMember = "board-member"
    case boardMeeting = "board-meeting"
    case boardDecision = "board-decision"
    case boardDocument = "board-document"
    case boardRules = "board-rules"

    /// The Steering Board's records are the Commission's, which chairs it (Art. 7).
    public var isBoard: Bool { rawValue.hasPrefix("board-") }
}
