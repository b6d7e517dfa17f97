import Foundation

/// A person's administrative situation: the second half of rule R4. The schema has no field
/// for intelligence; remarks are short and shown to the approving supervisor.
public struct AdministrativeSituation: Sendable, Codable, Hashable {
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

    /// Checks the type, format and length of every field (R4).
    public func validate() throws(PolicyError) {
        try ContentFormat.text(remarks, "remarks", max: Self.remarksLimit, code: .r4NotAdministrative)
        guard procedures.count <= 30 else { throw PolicyError(.invalidContent, detail: "At most 30 procedures.") }
        for (index, procedure) in procedures.enumerated() { try procedure.validate(at: "procedures[\(index)]") }
        if let entryBan {
            if let until = entryBan.until, !ContentFormat.isCalendarDay(until) { throw ContentFormat.invalid("entryBan.until", "is a date YYYY-MM-DD") }
            try ContentFormat.singleLine(entryBan.issuedBy, "entryBan.issuedBy", max: ContentFormat.designationLimit)
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

public struct EntryBan: Sendable, Codable, Hashable {
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

public struct Procedure: Sendable, Codable, Hashable {
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

    func validate(at path: String) throws(PolicyError) {
        try ContentFormat.singleLine(competentAuthority, "\(path).competentAuthority", max: ContentFormat.designationLimit)
        try ContentFormat.singleLine(fileReference, "\(path).fileReference", max: ContentFormat.referenceLimit)
        guard keyDates.count <= 20 else { throw ContentFormat.invalid("\(path).keyDates", "holds at most 20 dates") }
        for (index, keyDate) in keyDates.enumerated() {
            try ContentFormat.singleLine(keyDate.event, "\(path).keyDates[\(index)].event", max: 80, required: true)
            guard ContentFormat.isCalendarDay(keyDate.date) else { throw ContentFormat.invalid("\(path).keyDates[\(index)].date", "is a date YYYY-MM-DD") }
        }
    }
}

public struct KeyDate: Sendable, Codable, Hashable {
    public var event: String
    public var date: String

    public init(event: String, date: String) {
        self.event = event
        self.date = date
    }
}
