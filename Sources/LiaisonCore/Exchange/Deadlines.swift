import Foundation

/// When an answer to a request is due. The reference is Directive (EU) 2023/977: urgent
/// requests within 8 hours, the others within 7 calendar days. A node may configure both.
public struct DeadlinePolicy: Sendable, Codable, Equatable {
    public var urgent: TimeInterval
    public var normal: TimeInterval

    public init(urgentHours: Double = 8, normalDays: Double = 7) {
        urgent = urgentHours * 3600
        normal = normalDays * 86400
    }

    public static let `default` = DeadlinePolicy()

    public func deadline(receivedAt: Date, urgency: Urgency) -> Date {
        receivedAt.addingTimeInterval(urgency == .urgent ? urgent : normal)
    }
}
