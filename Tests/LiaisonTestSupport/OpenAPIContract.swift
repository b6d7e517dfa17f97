import Foundation
import LiaisonAPI
import Yams

/// openapi.yaml as a checker of real answers: the operation a request reached, the status it
/// got, its content type and its body against the schema. Objects are closed: a property the
/// document does not name is a drift as much as a missing one.
// Immutable once loaded, hence shared between tests running in parallel.
public final class OpenAPIContract: @unchecked Sendable {
    public struct Violation: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    private let document: [String: Any]
    private let templates: [(template: String, pattern: Regex<Substring>)]

    public static let api: OpenAPIContract = {
        do {
            return try OpenAPIContract(yaml: try OpenAPIDocument.yaml())
        } catch {
            fatalError("openapi.yaml does not load: \(error)")
        }
    }()

    public init(yaml: String) throws {
        // YAML 1.2 booleans only: `yes` and `no` are values of an enumeration here.
        let resolver = try Resolver.default.replacing(.bool, with: "^(?:true|True|TRUE|false|False|FALSE)$")
        guard let document = try Yams.load(yaml: yaml, resolver) as? [String: Any], let paths = document["paths"] as? [String: Any] else {
            throw Violation(description: "The document has no paths.")
        }
        self.document = document
        self.templates = try paths.keys.sorted().map { template in
            let pattern = template.replacing(#/\{[^}]+\}/#, with: "[^/]+")
            return (template, try Regex<Substring>("^" + pattern + "$"))
        }
    }

    /// What is wrong with one answer, or nothing. Paths the document does not describe (the
    /// web pages) are not its business, unless they are under the API's prefix.
    public func violations(method: String, path: String, status: Int, contentType: String?, body: Data) -> [String] {
        let at = "\(method) \(path) → \(status)"
        guard let template = templates.first(where: { path.wholeMatch(of: $0.pattern) != nil })?.template else {
            return path.hasPrefix("/api/") && (200..<300).contains(status) ? ["\(at): the path is not in the document"] : []
        }
        let item = (document["paths"] as? [String: Any])?[template] as? [String: Any] ?? [:]
        guard let operation = item[method.lowercased()] as? [String: Any] else {
            return (200..<300).contains(status) ? ["\(at): \(template) has no \(method) in the document"] : []
        }
        let responses = operation["responses"] as? [String: Any] ?? [:]
        guard var response = (responses[String(status)] ?? responses["default"]) as? [String: Any] else {
            return ["\(at): the document gives \(template) no \(status) answer"]
        }
        if let reference = response["$ref"] as? String { response = resolve(reference) }
        guard let content = response["content"] as? [String: Any] else {
            return body.isEmpty ? [] : ["\(at): the document gives this answer no body, but it has \(body.count) bytes"]
        }
        let type = contentType?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard let media = content[type] as? [String: Any] else {
            return ["\(at): content type \(type.isEmpty ? "(none)" : type) is not among \(content.keys.sorted())"]
        }
        guard type.hasSuffix("json"), let schema = media["schema"] else { return [] }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: body) else {
            return ["\(at): the body is not JSON"]
        }
        return check(value, against: schema, at: "$").map { "\(at): \($0)" }
    }

    /// One value against one schema; each violation names where it is.
    func check(_ value: JSONValue, against schemaValue: Any, at path: String) -> [String] {
        guard var schema = schemaValue as? [String: Any] else { return [] }
        if let reference = schema["$ref"] as? String { schema = resolve(reference) }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { value == JSONValue(yaml: $0) }) {
            return ["\(path): \(value) is not one of \(allowed.map { "\($0)" })"]
        }
        switch (schema["type"] as? String, value) {
        case ("object", .object(let object)): return checkObject(object, schema, at: path)
        case ("array", .array(let items)):
            var found: [String] = []
            if let most = schema["maxItems"] as? Int, items.count > most { found.append("\(path): more than \(most) items") }
            if let least = schema["minItems"] as? Int, items.count < least { found.append("\(path): fewer than \(least) items") }
            for (index, item) in items.enumerated() { found += check(item, against: schema["items"] ?? [:], at: "\(path)[\(index)]") }
            return found
        case ("string", .string(let text)): return checkString(text, schema, at: path)
        case ("integer", .number(let number)) where number.rounded() == number: return checkRange(number, schema, at: path)
        case ("number", .number(let number)): return checkRange(number, schema, at: path)
        case ("boolean", .bool), (nil, _): return []
        case (let type?, _): return ["\(path): expected \(type), found \(value)"]
        }
    }

    private func checkObject(_ object: [String: JSONValue], _ schema: [String: Any], at path: String) -> [String] {
        let properties = schema["properties"] as? [String: Any] ?? [:]
        var found: [String] = []
        for name in (schema["required"] as? [String] ?? []) where object[name] == nil || object[name] == .null {
            found.append("\(path): required property “\(name)” is missing")
        }
        for (name, member) in object.sorted(by: { $0.key < $1.key }) {
            if let property = properties[name] {
                found += check(member, against: property, at: "\(path).\(name)")
            } else if let additional = schema["additionalProperties"] as? [String: Any] {
                found += check(member, against: additional, at: "\(path).\(name)")
            } else if schema["properties"] != nil || schema["additionalProperties"] as? Bool == false {
                found.append("\(path): property “\(name)” is not in the document")
            }
        }
        return found
    }

    private func checkString(_ text: String, _ schema: [String: Any], at path: String) -> [String] {
        var found: [String] = []
        let length = text.unicodeScalars.count
        if let most = schema["maxLength"] as? Int, length > most { found.append("\(path): longer than \(most)") }
        if let least = schema["minLength"] as? Int, length < least { found.append("\(path): shorter than \(least)") }
        if let pattern = schema["pattern"] as? String, (try? (try? Regex(pattern))?.firstMatch(in: text)) == nil {
            found.append("\(path): “\(text)” does not match \(pattern)")
        }
        switch schema["format"] as? String {
        case "uuid" where UUID(uuidString: text) == nil: found.append("\(path): “\(text)” is not a UUID")
        case "date-time" where (try? Date.ISO8601FormatStyle().parse(text)) == nil: found.append("\(path): “\(text)” is not an RFC 3339 date-time")
        case "date" where text.wholeMatch(of: #/[0-9]{4}-[0-9]{2}-[0-9]{2}/#) == nil: found.append("\(path): “\(text)” is not a date")
        default: break
        }
        return found
    }

    private func checkRange(_ number: Double, _ schema: [String: Any], at path: String) -> [String] {
        if let minimum = Self.double(schema["minimum"]), number < minimum { return ["\(path): below \(minimum)"] }
        if let maximum = Self.double(schema["maximum"]), number > maximum { return ["\(path): above \(maximum)"] }
        return []
    }

    private static func double(_ value: Any?) -> Double? { (value as? Int).map(Double.init) ?? value as? Double }

    private func resolve(_ reference: String) -> [String: Any] {
        var node: Any = document
        for part in reference.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] ?? [:] }
        return node as? [String: Any] ?? [:]
    }

}

/// A JSON value as it came, so that a boolean is never taken for a number.
enum JSONValue: Decodable, Equatable, CustomStringConvertible {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// A value written in the document (an enumeration's member).
    init(yaml: Any) {
        switch yaml {
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .number(Double(value))
        case let value as Double: self = .number(value)
        case let value as String: self = .string(value)
        default: self = .null
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): "“\(value)”"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
