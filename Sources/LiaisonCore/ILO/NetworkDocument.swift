import Foundation

/// A document of a local network's shared space (the "secure web-based platform" of Art. 5):
/// every version kept, and who may read it. The node of the member who uploaded it owns it.
public struct NetworkDocument: NetworkRecord {
    public static let recordKind = NetworkRecordKind.networkDocument

    public enum Readers: String, Codable, Sendable, CaseIterable {
        /// The officers of the nodes with a member in the network.
        case members
        /// Every liaison officer of the network of networks.
        case everyone
    }

    public struct Version: Codable, Sendable, Hashable {
        public var number: Int
        public var fileName: String
        public var contentType: String
        public var size: Int
        /// SHA-256 of the content, hex: a receiver keeps only content that matches it.
        public var sha256: String
        public var uploadedBy: String
        public var uploadedAt: Date

        public init(number: Int, fileName: String, contentType: String, size: Int, sha256: String, uploadedBy: String, uploadedAt: Date) {
            self.number = number
            self.fileName = fileName
            self.contentType = contentType
            self.size = size
            self.sha256 = sha256
            self.uploadedBy = uploadedBy
            self.uploadedAt = uploadedAt
        }
    }

    public var id: UUID
    public var networkID: UUID
    public var title: String
    public var readers: Readers
    public var versions: [Version]

    public var parentID: UUID? { networkID }

    public init(id: UUID = UUID(), networkID: UUID, title: String, readers: Readers, versions: [Version] = []) {
        self.id = id
        self.networkID = networkID
        self.title = title
        self.readers = readers
        self.versions = versions
    }

    public func check(publishedBy publisher: String) throws(ServiceError) {
        var check = FieldCheck()
        check.text(title, "title", required: true, limit: 200)
        if versions.isEmpty || versions.map(\.number) != Array(1...versions.count) { check.fail("versions", "Numbered 1, 2, 3 …") }
        for version in versions {
            if !DocumentScan.allowed.values.contains(version.contentType) { check.fail("versions", "A type the space does not keep") }
            if !(1...DocumentScan.maximumBytes).contains(version.size) { check.fail("versions", "An empty or too large file") }
            if version.sha256.count != 64 || !version.sha256.allSatisfy(\.isHexDigit) { check.fail("versions", "A SHA-256 in hex") }
            if !DocumentScan.isSafeName(version.fileName) { check.fail("versions", "A file name of letters, digits, spaces and . _ - only") }
        }
        try check.finish("The document")
    }
}

/// What the document space accepts: a few document types, recognised by their content and not
/// only their name, within a size. Nothing uploaded is ever run or shown inline.
public enum DocumentScan {
    public static let maximumBytes = 4 * 1024 * 1024

    /// Extensions and the type a file of that extension is served as.
    public static let allowed: [String: String] = [
        "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "txt": "text/plain", "csv": "text/csv",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation", "odt": "application/vnd.oasis.opendocument.text",
        "ods": "application/vnd.oasis.opendocument.spreadsheet",
    ]

    /// The type `data` is kept as, or a refusal naming the field `file`: its extension must be
    /// allowed and its first bytes must be what that extension promises.
    public static func scan(_ data: Data, fileName: String) throws(ServiceError) -> String {
        func refuse(_ why: String) -> ServiceError { .invalid("The file is not accepted: \(why)", fields: ["file": why]) }
        guard !data.isEmpty else { throw refuse("It is empty.") }
        guard data.count <= maximumBytes else { throw refuse("It is larger than \(maximumBytes / 1024 / 1024) MB.") }
        guard isSafeName(fileName) else { throw refuse("Its name may hold letters, digits, spaces and . _ - only.") }
        let ext = (fileName as NSString).pathExtension.lowercased()
        guard let type = allowed[ext] else { throw refuse("Only PDF, PNG, JPEG, text, CSV and office documents are kept.") }
        let head = [UInt8](data.prefix(8))
        let matches: Bool
        switch ext {
        case "pdf": matches = head.starts(with: Array("%PDF-".utf8))
        case "png": matches = head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        case "jpg", "jpeg": matches = head.starts(with: [0xFF, 0xD8, 0xFF])
        case "docx", "xlsx", "pptx", "odt", "ods": matches = head.starts(with: [0x50, 0x4B, 0x03, 0x04])
        default: matches = isPlainText(data)
        }
        guard matches else { throw refuse("Its content is not what its name says (.\(ext)).") }
        return type
    }

    /// UTF-8 without NUL or other control characters than tab and line ends: no script, no binary.
    static func isPlainText(_ data: Data) -> Bool {
        guard let text = String(data: data, encoding: .utf8) else { return false }
        let start = text.prefix(64).lowercased()
        if start.hasPrefix("#!") || start.contains("<script") || start.contains("<html") || start.contains("<svg") { return false }
        return text.unicodeScalars.allSatisfy { $0 == "\t" || $0 == "\n" || $0 == "\r" || $0.properties.generalCategory != .control }
    }

    public static func isSafeName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 120 && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil || " ._-()".unicodeScalars.contains($0) }
    }
}
