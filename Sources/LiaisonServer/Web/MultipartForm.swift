import Foundation

/// A `multipart/form-data` body (RFC 7578) as the document upload sends it: text fields and
/// one file. Only what a browser form produces is read; anything else is refused as malformed.
struct MultipartForm {
    struct File {
        var fileName: String
        var data: Data
    }

    var fields: [String: String] = [:]
    var files: [String: File] = [:]

    init(body: Data, contentType: String) throws {
        guard let boundaryRange = contentType.range(of: "boundary=") else { throw AppError.malformed("The upload is not multipart/form-data.") }
        var boundary = String(contentType[boundaryRange.upperBound...])
        if let end = boundary.firstIndex(of: ";") { boundary = String(boundary[..<end]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        guard !boundary.isEmpty, boundary.count <= 200 else { throw AppError.malformed("The upload has no boundary.") }
        let delimiter = Data("--\(boundary)".utf8)
        var parts: [Data] = []
        var cursor = body.startIndex
        guard let first = body.range(of: delimiter, in: cursor..<body.endIndex) else { throw AppError.malformed("The upload holds no part.") }
        cursor = first.upperBound
        while let next = body.range(of: delimiter, in: cursor..<body.endIndex) {
            parts.append(body.subdata(in: cursor..<next.lowerBound))
            cursor = next.upperBound
        }
        let separator = Data("\r\n\r\n".utf8)
        for part in parts {
            guard let split = part.range(of: separator) else { continue }
            let head = String(decoding: part.subdata(in: part.startIndex..<split.lowerBound), as: UTF8.self)
            var content = part.subdata(in: split.upperBound..<part.endIndex)
            // Each part ends with the CRLF before the next delimiter.
            if content.suffix(2) == Data("\r\n".utf8) { content.removeLast(2) }
            guard let name = Self.parameter("name", in: head) else { continue }
            if let fileName = Self.parameter("filename", in: head) {
                files[name] = File(fileName: (fileName as NSString).lastPathComponent, data: content)
            } else {
                fields[name] = String(decoding: content, as: UTF8.self)
            }
        }
    }

    /// The value of `name="…"` in a part's Content-Disposition.
    static func parameter(_ key: String, in head: String) -> String? {
        guard let range = head.range(of: "; \(key)=\"") else { return nil }
        let rest = head[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}
