import Foundation
import LiaisonILO
import Logging
import ServiceLifecycle

/// Deletes what is due, at start and then once a day: the liaison officers' personal data
/// whose deletion day has come (Art. 10). Each deletion is audited by the service.
struct RetentionJob: Service {
    let network: ILONetworkService
    let logger: Logger
    var interval: Duration = .seconds(86_400)

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    do {
                        let deleted = try await network.deleteDueOfficerData()
                        if deleted > 0 { logger.info("retention: deleted personal data due", metadata: ["items": .stringConvertible(deleted)]) }
                    } catch {
                        logger.error("retention: the daily deletion failed; it runs again tomorrow", metadata: ["error_type": .string(String(reflecting: type(of: error)))])
                    }
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {}
    }
}
