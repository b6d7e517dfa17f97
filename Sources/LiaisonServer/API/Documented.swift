import LiaisonAPI

/// A domain value as the document enumerates it; both spell every value the same. A value
/// the document lacks is a drift between the code and the contract: it is answered as a
/// server error, never sent undocumented, and the contract tests catch it.
func documented<Value: RawRepresentable>(_ raw: String) throws -> Value where Value.RawValue == String {
    guard let value = Value(rawValue: raw) else {
        throw AppError(
            .internalServerError, code: "api.undocumentedValue", title: "Server error",
            detail: "The answer holds a value its description does not know; the operators have been told.")
    }
    return value
}
