import Foundation
import Hummingbird
import LiaisonAPI
import LiaisonCore
import LiaisonILO

/// Strategic reports of `/api/v1` (tag "ilo-network" of openapi.yaml).
struct ReportAPIRoutes {
    let services: LiaisonServices

    func register(on routes: ProtectedRoutes) {
        let network = services.network
        let services = services
        routes.get("/reports", .viewReports) { _, _ in
            try json(try await network.reports().map(Self.entry))
        }
        routes.post("/reports", .writeReports) { request, context in
            let input = try await services.closedJSON(API.StrategicReportInput.self, from: request, context: context)
            return try json(Self.entry(try await network.saveDraft(StrategicReport(input), by: context.networkActor)), status: .created)
        }
        routes.get("/reports/{id}", .viewReports) { _, context in
            try json(Self.entry(try await network.report(try APIRoutes.id(context))))
        }
        routes.on(.put, "/reports/{id}", .writeReports) { request, context in
            let input = try await services.closedJSON(API.StrategicReportInput.self, from: request, context: context)
            return try json(Self.entry(try await network.saveDraft(StrategicReport(input), id: try APIRoutes.id(context), by: context.networkActor)))
        }
        routes.post("/reports/{id}/publish", .writeReports) { _, context in
            do {
                return try json(Self.entry(try await network.publish(try APIRoutes.id(context), by: context.networkActor)))
            } catch let blocked as PersonalDataInReport {
                throw blocked.serviceError
            }
        }
    }

    static func entry(_ entry: ReportEntry) -> API.ReportEntry {
        API.ReportEntry(
            report: entry.report, originNode: entry.originNode, published: entry.published, own: entry.own, author: entry.author,
            publishedAt: entry.publishedAt, updatedAt: entry.updatedAt)
    }
}

extension StrategicReport {
    init(_ input: API.StrategicReportInput) {
        self.init(
            title: input.title, period: input.period, hostCountry: input.hostCountry, region: input.region, flowsAndRoutes: input.flowsAndRoutes ?? "",
            smugglingAndTrafficking: input.smugglingAndTrafficking ?? "", incidentsAndTrends: input.incidentsAndTrends ?? "",
            documentFraud: input.documentFraud ?? "", returnAndReadmission: input.returnAndReadmission ?? "",
            accessToProtection: input.accessToProtection ?? "", legalPathways: input.legalPathways ?? "", riskAnalysis: input.riskAnalysis ?? "",
            riskLevel: input.riskLevel)
    }
}
