import FluentKit
import Foundation
import LiaisonCore

public final class UserModel: Model, @unchecked Sendable {
    public static let schema = "users"

    @ID(key: .id) public var id: UUID?
    @Field(key: "username") public var username: String
    @Field(key: "display_name") public var displayName: String
    @Parent(key: "authority_id") public var authority: AuthorityModel
    /// Comma-separated role names; see `Role.storageForm`.
    @Field(key: "roles") public var rolesText: String
    @OptionalField(key: "password_hash") public var passwordHash: String?
    /// Base32 TOTP secret; present once enrolment has started.
    @OptionalField(key: "totp_secret") public var totpSecret: String?
    @Field(key: "totp_confirmed") public var totpConfirmed: Bool
    /// Last accepted TOTP time step, so a code cannot be used twice.
    @Field(key: "totp_last_step") public var totpLastStep: Int64
    @Field(key: "disabled") public var disabled: Bool
    /// The classification markings the user is cleared for, one per line; set by an administrator.
    @OptionalField(key: "clearances") public var clearancesText: String?
    @OptionalField(key: "enrolment_token_hash") public var enrolmentTokenHash: String?
    @OptionalField(key: "enrolment_expires_at") public var enrolmentExpiresAt: Date?
    /// Digest of the approval code that completes an enrolment under dual control, with the link.
    @OptionalField(key: "enrolment_code_hash") public var enrolmentCodeHash: String?
    /// The administrator who alone handed over the current credentials (an enrolment link
    /// without dual control); nil when two did, or the node's console.
    @OptionalField(key: "credentials_issued_by") public var credentialsIssuedBy: UUID?
    @Timestamp(key: "created_at", on: .create) public var createdAt: Date?

    public init() {}

    public init(
        id: UUID? = nil, username: String, displayName: String, authorityID: UUID, roles: Set<Role>
    ) {
        self.id = id
        self.username = username
        self.displayName = displayName
        self.$authority.id = authorityID
        self.rolesText = Role.storageForm(roles)
        self.totpConfirmed = false
        self.totpLastStep = 0
        self.disabled = false
    }

    public var roles: Set<Role> {
        get { (try? Role.parseList(rolesText)) ?? [] }
        set { rolesText = Role.storageForm(newValue) }
    }

    public var isEnrolled: Bool { passwordHash != nil && (totpConfirmed || !roles.requiresSecondFactor) }
}

public final class RecoveryCodeModel: Model, @unchecked Sendable {
    public static let schema = "recovery_codes"

    @ID(key: .id) public var id: UUID?
    @Parent(key: "user_id") public var user: UserModel
    @Field(key: "code_hash") public var codeHash: String
    @OptionalField(key: "used_at") public var usedAt: Date?

    public init() {}

    public init(userID: UUID, codeHash: String) {
        self.$user.id = userID
        self.codeHash = codeHash
    }
}

extension UserModel {
    /// The markings this user is cleared for.
    public var clearances: Set<String> {
        get { Set((clearancesText ?? "").split(separator: "\n").map(String.init)) }
        set { clearancesText = newValue.isEmpty ? nil : newValue.sorted().joined(separator: "\n") }
    }
}
