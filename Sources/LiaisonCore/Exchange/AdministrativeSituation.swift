import Foundation

/// A person's administrative situation: the second half of rule R4. The schema has no field
/// for intelligence; remarks are short and shown to the approving supervisor.
public struct AdministrativeSituation: Sendable, Codable, Equatable {
    public var procedures: [Procedure]
    public var rightToStay: RightToStay
    public var entryBan: EntryBan?
    public var remarks: String?

    public static let remarksLimit = 500

    public init(procedures: [Procedure] = [], rightToStay: RightToStay = .unknown, entryBan: EntryBan? = nil, remarks: String? = nil) {
        self.procedures = procedures
        self.rightToStay = rightToStay
        self.entryBan = entryBan
        self.remarks = remarks
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        procedures = try c.decodeIfPresent([Procedure].self, forKey: .procedures) ?? []
        rightToStay = try c.decodeIfPresent(RightToStay.self, forKey: .rightToStay) ?? .unknown
        entryBan = try c.decodeIfPresent(EntryBan.self, forKey: .entryBan)
        remarks = try c.decodeIfPresent(String.self, forKey: .remarks)
    }

    public func validate() throws(PolicyError) {
        if let remarks, remarks.count > Self.remarksLimit {
            throw PolicyError(.r4NotAdministrative, detail: "Remarks are at most \(Self.remarksLimit) characters: the exchange carries administrative information only.")
        }
        guard procedures.count <= 30 else { throw PolicyError(.invalidContent, detail: "At most 30 procedures.") }
        for procedure in procedures { try procedure.validate() }
        if let until = entryBan?.until, !ExchangeDates.isDay(until) {
            throw PolicyError(.invalidContent, detail: "An entry ban's end date is YYYY-MM-DD.")
        }
    }

    /// The procedure whose state matters most now: the most recently changed open one.
    public var currentProcedure: Procedure? {
        procedures.max { ($0.keyDates.map(\.date).max() ?? "") < ($1.keyDates.map(\.date).max() ?? "") }
    }
}

public enum RightToStay: String, Sendable, Codable, CaseIterable {
    case yes, no, pending, unknown
}

public struct EntryBan: Sendable, Codable, Equatable {
    public var until: String?
    public var issuedBy: String?

    public init(until: String? = nil, issuedBy: String? = nil) {
        self.until = until
        self.issuedBy = issuedBy
    }
}

public enum ProcedureType: String, Sendable, Codable, CaseIterable {
    case internationalProtection = "international-protection"
    case dublin
    case `return`
    case visa
    case residencePermit = "residence-permit"
    case otherLegalStatus = "other-legal-status"
}

/// Where a procedure stands. The watch on notified persons raises an alert on every change.
public enum ProcedureStatus: String, Sendable, Codable, CaseIterable {
    case lodged, underExamination = "under-examination", granted, rejected, appealed, final, withdrawn, absconded
    case returnDecision = "return-decision", removalScheduled = "removal-scheduled", returned
}

public struct Procedure: Sendable, Codable, Equatable {
    public var type: ProcedureType
    public var status: ProcedureStatus
    public var competentAuthority: String?
    public var fileReference: String?
    public var keyDates: [KeyDate]

    public init(type: ProcedureType, status: ProcedureStatus, competentAuthority: String? = nil, fileReference: String? = nil, keyDates: [KeyDate] = []) {
        self.type = type
        self.status = status
        self.competentAuthority = competentAuthority
        self.fileReference = fileReference
        self.keyDates = keyDates
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        type = try c.decode(ProcedureType.self, forKey: .type)
        status = try c.decode(ProcedureStatus.self, forKey: .status)
        competentAuthority = try c.decodeIfPresent(String.self, forKey: .competentAuthority)
        fileReference = try c.decodeIfPresent(String.self, forKey: .fileReference)
        keyDates = try c.decodeIfPresent([KeyDate].self, forKey: .keyDates) ?? []
    }

    func validate() throws(PolicyError) {
        guard (competentAuthority ?? "").count <= 200, (fileReference ?? "").count <= 80, keyDates.count <= 20 else {
            throw PolicyError(.invalidContent, detail: "A procedure's authority is at most 200 characters, its file reference 80, and it has at most 20 key dates.")
        }
        for keyDate in keyDates where !ExchangeDates.isDay(keyDate.date) || keyDate.event.count > 80 || keyDate.event.isEmpty {
            throw PolicyError(.invalidContent, detail: "A key date has an event of at most 80 characters and a date YYYY-MM-DD.")
        }
    }
}

public struct KeyDate: Sendable, Codable, Equatable {
    public var event: String
    public var date: String

    public init(event: String, date: String) {
        self.event = event
        self.date = date
    }
}

enum ExchangeDates {
    static func isDay(_ text: String) -> Bool {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
