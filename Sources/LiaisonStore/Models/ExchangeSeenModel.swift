import FluentKit
import Foundation

/// When a user last opened an exchange: what arrived after that is unread for them.
public final class ExchangeSeenModel: Model, @unchecked Sendable {
    public static let schema = "exchange_seen"

    @ID(key: .id) public var id: UUID?
    @Field(key: "user_id") public var userID: UUID
    @Field(key: "exchange_id") public var exchangeID: UUID
    @Field(key: "seen_at") public var seenAt: Date

    public init() {}

    public init(userID: UUID, exchangeID: UUID, seenAt: Date) {
        self.userID = userID
        self.exchangeID = exchangeID
        self.seenAt = seenAt
    }
}
