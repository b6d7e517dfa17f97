import Foundation

/// Decodes the body of an exchange so that nothing outside the administrative schema gets
/// through (R4): a field the schema does not know, at any depth, refuses the whole message
/// instead of being dropped silently.
public enum AdministrativeContent {
    /// Dates are ISO 8601 when `iso8601Dates` (the API), seconds otherwise (envelope bodies).
    public static func decode<T: Codable>(_ type: T.Type, from data: Data, iso8601Dates: Bool = false) throws(PolicyError) -> T {
        if let key = JSONKeys.firstDuplicate(in: data) {
            throw PolicyError(.invalidContent, detail: "The field “\(key)” appears twice.")
        }
        let value: T
        let decoder = JSONDecoder(), encoder = JSONEncoder()
        if iso8601Dates {
            decoder.dateDecodingStrategy = .iso8601
            encoder.dateEncodingStrategy = .iso8601
        }
        do {
            value = try decoder.decode(T.self, from: data)
        } catch let error as DecodingError {
            if let field = undocumentedField(error) {
                throw PolicyError(.r4NotAdministrative, detail: "“\(field)” is not a field of the administrative schema; only identity and administrative situation may be exchanged.")
            }
            throw PolicyError(.invalidContent, detail: describe(error))
        } catch {
            throw PolicyError(.invalidContent, detail: "The body is not valid JSON.")
        }
        // Keys the input has but the value does not write back were not decoded.
        guard let input = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let known = try? JSONSerialization.jsonObject(with: encoder.encode(value), options: [.fragmentsAllowed])
        else { throw PolicyError(.invalidContent, detail: "The body is not valid JSON.") }
        if let field = unknownField(input, known, path: "") {
            throw PolicyError(.r4NotAdministrative, detail: "“\(field)” is not a field of the administrative schema; only identity and administrative situation may be exchanged.")
        }
        return value
    }

    /// The first field of a JSON body that its decoded value does not write back (a field the
    /// schema does not have), for bodies held to a schema outside the exchange.
    public static func firstUnknownField(in data: Data, decodedAs value: some Encodable) -> String? {
        guard let input = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]),
            let known = try? JSONSerialization.jsonObject(with: JSONEncoder().encode(value), options: [.fragmentsAllowed])
        else { return nil }
        return unknownField(input, known, path: "")
    }

    static func unknownField(_ input: Any, _ known: Any, path: String) -> String? {
        switch (input, known) {
        case (let input as [String: Any], let known as [String: Any]):
            for (key, value) in input.sorted(by: { $0.key < $1.key }) {
                let here = path.isEmpty ? key : "\(path).\(key)"
                guard let knownValue = known[key] else {
                    if value is NSNull { continue }
                    return here
                }
                if let found = unknownField(value, knownValue, path: here) { return found }
            }
        case (let input as [Any], let known as [Any]):
            for (index, pair) in zip(input, known).enumerated() {
                if let found = unknownField(pair.0, pair.1, path: "\(path)[\(index)]") { return found }
            }
        default:
            break
        }
        return nil
    }

    /// The field a type generated from the API document refused as not in its schema
    /// (`additionalProperties: false`): that decoder stops at the first one it meets.
    static func undocumentedField(_ error: DecodingError) -> String? {
        guard case .dataCorrupted(let context) = error, context.debugDescription.hasPrefix("Additional properties are disabled"),
            !context.codingPath.isEmpty
        else { return nil }
        return context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let at = path(context)
            return "The field “\(at.isEmpty ? key.stringValue : at + "." + key.stringValue)” is required."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "The field “\(path(context))” has the wrong type."
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "The body is not valid JSON." : "The field “\(path(context))” has a value that is not allowed."
        @unknown default:
            return "The body does not match the schema."
        }
    }
}
