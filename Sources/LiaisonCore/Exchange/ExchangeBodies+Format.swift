import Foundation

/// The format of the fields each body adds to identity and situation (R4). `checkMessage`
/// runs these on both sides of the wire, after the rule checks that name their own code.
extension ContentFormat {
    /// What a request and spontaneous information both carry besides the person (remarks are
    /// checked with the identity and situation, by `checkAdministrativeOnly`).
    static func validateOpening(notificationReference: String, purpose: String, legalBasis: String) throws(PolicyError) {
        try singleLine(notificationReference, "notificationReference", max: referenceLimit)
        try text(purpose, "purpose", max: 500)
        try text(legalBasis, "legalBasis", max: 300)
    }
}

extension RequestBody {
    func validateFormat() throws(PolicyError) {
        try ContentFormat.validateOpening(notificationReference: notificationReference, purpose: purpose, legalBasis: legalBasis)
        guard Set(requestedCategories).count == requestedCategories.count else {
            throw ContentFormat.invalid("requestedCategories", "names each category once")
        }
    }
}

extension SpontaneousBody {
    func validateFormat() throws(PolicyError) {
        try ContentFormat.validateOpening(notificationReference: notificationReference, purpose: purpose, legalBasis: legalBasis)
    }
}

extension AnswerBody {
    func validateFormat() throws(PolicyError) {
        try ContentFormat.text(reason, "reason", max: ContentFormat.reasonLimit, code: .r4NotAdministrative)
        try ContentFormat.text(lateReason, "lateReason", max: ContentFormat.reasonLimit, code: .r4NotAdministrative)
    }
}

extension FollowUpBody {
    func validateFormat() throws(PolicyError) {
        try ContentFormat.text(reason, "reason", max: ContentFormat.reasonLimit, code: .r4NotAdministrative)
    }
}

extension ContactMessageBody {
    func validateFormat() throws(PolicyError) {
        try ContentFormat.singleLine(title, "title", max: 200, required: true)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ContentFormat.invalid("text", "is required") }
        try ContentFormat.text(text, "text", max: Self.textLimit)
    }
}
