import Foundation

/// A strategic report of the ILO network (Regulation (EU) 2019/1240, Art. 3(4)) on the common
/// template: one text per topic and a risk analysis. It carries no personal data: it is
/// published only when the detector finds none in any of its texts.
public struct StrategicReport: Codable, Sendable, Hashable {
    public var id: UUID
    public var title: String
    /// The period it covers, as its authors name it ("2026-Q3", "September 2026").
    public var period: String
    public var hostCountry: String?
    public var region: HostRegion?
    public var flowsAndRoutes: String
    public var smugglingAndTrafficking: String
    public var incidentsAndTrends: String
    public var documentFraud: String
    public var returnAndReadmission: String
    public var accessToProtection: String
    public var legalPathways: String
    public var riskAnalysis: String
    public var riskLevel: RiskLevel?

    public init(
        id: UUID = UUID(), title: String, period: String, hostCountry: String? = nil, region: HostRegion? = nil, flowsAndRoutes: String = "",
        smugglingAndTrafficking: String = "", incidentsAndTrends: String = "", documentFraud: String = "", returnAndReadmission: String = "",
        accessToProtection: String = "", legalPathways: String = "", riskAnalysis: String = "", riskLevel: RiskLevel? = nil
    ) {
        self.id = id
        self.title = title
        self.period = period
        self.hostCountry = hostCountry
        self.region = region
        self.flowsAndRoutes = flowsAndRoutes
        self.smugglingAndTrafficking = smugglingAndTrafficking
        self.incidentsAndTrends = incidentsAndTrends
        self.documentFraud = documentFraud
        self.returnAndReadmission = returnAndReadmission
        self.accessToProtection = accessToProtection
        self.legalPathways = legalPathways
        self.riskAnalysis = riskAnalysis
        self.riskLevel = riskLevel
    }

    /// The report's texts by field name, in the template's order, the title first.
    public var texts: [(field: String, text: String)] {
        [
            ("title", title), ("period", period), ("flowsAndRoutes", flowsAndRoutes), ("smugglingAndTrafficking", smugglingAndTrafficking),
            ("incidentsAndTrends", incidentsAndTrends), ("documentFraud", documentFraud), ("returnAndReadmission", returnAndReadmission),
            ("accessToProtection", accessToProtection), ("legalPathways", legalPathways), ("riskAnalysis", riskAnalysis),
        ]
    }

    /// Every text of a report by field name, in order.
    public static let fields = ["title", "period"] + sections

    /// The template's topics, in order (the title and period are not topics).
    public static let sections = [
        "flowsAndRoutes", "smugglingAndTrafficking", "incidentsAndTrends", "documentFraud", "returnAndReadmission", "accessToProtection",
        "legalPathways", "riskAnalysis",
    ]
}

public enum RiskLevel: String, Codable, Sendable, CaseIterable {
    case low, moderate, high
}

/// Personal data found in a report: which text, and the span in it.
public struct ReportFinding: Sendable, Codable, Equatable {
    public let field: String
    public let span: PersonalDataSpan
}

/// What a report must be to be stored and to be published.
public enum StrategicReportRules {
    /// A text of a topic: some ten pages at most.
    public static let maximumSectionLength = 30_000

    public static func check(_ report: StrategicReport) throws(ServiceError) {
        var fields: [String: String] = [:]
        for (field, text) in report.texts {
            let limit = field == "title" ? 200 : field == "period" ? 40 : maximumSectionLength
            if text.count > limit { fields[field] = "At most \(limit) characters" }
            if !DisplayText.isPlain(text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: "").replacingOccurrences(of: "\t", with: " ")) {
                fields[field] = "Holds characters that cannot be shown"
            }
        }
        if report.title.trimmingCharacters(in: .whitespaces).isEmpty { fields["title"] = "Required" }
        if report.period.trimmingCharacters(in: .whitespaces).isEmpty { fields["period"] = "Required" }
        if let country = report.hostCountry, !DeploymentRules.isThirdCountry(country) {
            fields["hostCountry"] = "Not a third country (ISO 3166 two-letter code outside the EU and Schengen)"
        }
        if StrategicReport.sections.allSatisfy({ field in report.texts.first { $0.field == field }?.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ?? true }) {
            fields["flowsAndRoutes"] = "Write at least one topic"
        }
        guard fields.isEmpty else {
            throw ServiceError.invalid("The report cannot be kept as it is: \(fields.keys.sorted().joined(separator: ", ")).", fields: fields)
        }
    }

    /// The personal data in every text of the report; publication needs none.
    public static func personalData(in report: StrategicReport, detector: PersonalDataDetector = PersonalDataDetector()) -> [ReportFinding] {
        report.texts.flatMap { field, text in detector.spans(in: text).map { ReportFinding(field: field, span: $0) } }
    }
}
