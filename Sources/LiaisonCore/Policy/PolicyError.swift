/// A refusal by the domain, with a stable code that reaches the API as problem+json `code`,
/// the web page as a readable message, and the audit trail.
public struct PolicyError: Error, Sendable, Equatable {
    public struct Code: RawRepresentable, Sendable, Hashable, Codable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        public static let forbidden = Code(rawValue: "auth.forbidden")
        public static let unknownRole = Code(rawValue: "input.unknownRole")
        public static let lastAdministrator = Code(rawValue: "users.lastAdministrator")
        public static let selfLockout = Code(rawValue: "users.selfLockout")
        public static let selfGrant = Code(rawValue: "access.selfGrant")
        public static let ownRequest = Code(rawValue: "access.ownRequest")
        public static let changeDecided = Code(rawValue: "access.changeDecided")
        public static let credentialsChanged = Code(rawValue: "access.credentialsChanged")
        public static let invalidContent = Code(rawValue: "input.invalid")
        public static let notFound = Code(rawValue: "http.notFound")
        public static let wrongState = Code(rawValue: "exchange.wrongState")

        // The rules of PRODUCT.md section A; see docs/RULES.md.
        public static let r1SameKindAbroad = Code(rawValue: "policy.R1.sameKindAbroad")
        public static let r2NationalOnly = Code(rawValue: "policy.R2.nationalOnly")
        public static let r2WrongDirection = Code(rawValue: "policy.R2.wrongDirection")
        public static let r3NoActiveNotification = Code(rawValue: "policy.R3.noActiveNotification")
        public static let r4NotAdministrative = Code(rawValue: "policy.R4.notAdministrative")
        public static let r5NotAForeigner = Code(rawValue: "policy.R5.notAForeigner")
        public static let r6NotBilateral = Code(rawValue: "policy.R6.notBilateral")
        public static let r7AboveCeiling = Code(rawValue: "policy.R7.aboveCeiling")
        public static let r8PurposeRequired = Code(rawValue: "policy.R8.purposeRequired")
        public static let r8FourEyes = Code(rawValue: "policy.R8.fourEyes")
        public static let r8ApprovalRequired = Code(rawValue: "policy.R8.approvalRequired")
        public static let r8PersonalDataInMessage = Code(rawValue: "policy.R8.personalDataInMessage")
        /// That a person applied for protection never leaves for a third country (PRODUCT.md F).
        public static let asylumConfidentiality = Code(rawValue: "policy.asylumConfidentiality")
        public static let lateReasonRequired = Code(rawValue: "exchange.lateReasonRequired")
        /// A decision about a person (a match, a restriction) is taken with a reason.
        public static let reasonRequired = Code(rawValue: "decision.reasonRequired")

        public var isAboutContent: Bool {
            [.invalidContent, .r4NotAdministrative, .r5NotAForeigner, .r7AboveCeiling, .r8PurposeRequired, .r8PersonalDataInMessage, .lateReasonRequired, .reasonRequired].contains(self)
        }
    }

    public let code: Code
    public let detail: String

    /// A refusal of what a message says (422), as opposed to who may send it where (403).
    public var isAboutContent: Bool { code.isAboutContent }

    public init(_ code: Code, detail: String) {
        self.code = code
        self.detail = detail
    }
}
