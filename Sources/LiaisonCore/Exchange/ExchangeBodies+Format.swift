import Foundation

/// The format of the fields each body adds to identity and situation (R4). `checkMessage`
/// runs these on both sides of the wire, after the rule checks that name their own code.
extension RequestBody {
    func validateFormat() throws(PolicyError) {
        try ContentFormat.singleLine(notificationReference, "notificationReference", max: ContentFormat.referenceLimit)
        try ContentFormat.text(purpose, "purpose", max: 500)
        try ContentFormat.text(legalBasis, "legalBasis", max: 300)
        try ContentFormat.text(remarks, "remarks", max: AdministrativeSituation.remarksLimit, code: .r4NotAdministrative)
        guard Set(requestedCategories).count == requestedCategories.count else {
            throw ContentFormat.invalid("requestedCategories", "names each category once")
        }
    }
}

extension SpontaneousBody {
    func validateFormat() throws(PolicyError) {
        try ContentFormat.singleLine(notificationReference, "notificationReference", max: ContentFormat.referenceLimit)
        try ContentFormat.text(purpose, "purpose", max: 500)
        try ContentFormat.text(legalBasis, "legalBasis", max: 300)
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
