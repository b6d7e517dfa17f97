import Foundation
import LiaisonCore

/// Where officers are posted on a day, per region and host country: the picture the Steering
/// Board plans deployments from (Art. 7), with the regions where nobody is posted.
public struct DeploymentCoverage: Sendable {
    public struct Region: Sendable {
        public var region: HostRegion
        public var officers: Int
        public var deployingBodies: [String]
        public var countries: [String]
        public var isGap: Bool { officers == 0 }
    }

    public struct Country: Sendable {
        public var country: String
        public var region: HostRegion
        public var officers: Int
        public var deployingBodies: [String]
    }

    public var day: String
    public var officers: Int
    /// Every region, those without officers included.
    public var regions: [Region]
    /// The host countries with officers, most officers first.
    public var countries: [Country]

    public init(_ deployments: [Deployment], on day: String) {
        let active = deployments.filter { $0.isActive(on: day) }
        self.day = day
        officers = active.count
        regions = HostRegion.allCases.map { region in
            let here = active.filter { $0.region == region }
            return Region(
                region: region, officers: here.count, deployingBodies: Set(here.map(\.deployingBody)).sorted(),
                countries: Set(here.map(\.hostCountry)).sorted())
        }
        countries = Dictionary(grouping: active, by: \.hostCountry).map { country, here in
            Country(country: country, region: here[0].region, officers: here.count, deployingBodies: Set(here.map(\.deployingBody)).sorted())
        }.sorted { ($0.officers, $1.country) > ($1.officers, $0.country) }
    }
}

extension ILONetworkService {
    public func coverage() async throws -> DeploymentCoverage {
        DeploymentCoverage(try await deployments(.init(includeEnded: true)).map(\.deployment), on: today)
    }
}
