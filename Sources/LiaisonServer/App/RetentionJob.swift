import Foundation
import LiaisonExchange
import LiaisonILO
import Logging
import ServiceLifecycle

/// Deletes what is due, at start and then once a day: the liaison officers' personal data
/// whose deletion day has come (Art. 10), and each category of the exchange's personal data
/// past its retention period (`RetentionSettings`). Each erasure is audited by its service.
struct RetentionJob: Service {
    let network: ILONetworkService
    let exchange: ExchangeService
    let logger: Logger
    var interval: Duration = .seconds(86_400)

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown {
                while !Task.isCancelled {
                    do {
                        let deleted = try await network.deleteDueOfficerData()
                        if deleted > 0 { logger.info("retention: deleted personal data due", metadata: ["items": .stringConvertible(deleted)]) }
                        let erased = try await exchange.eraseDue()
                        if erased.total > 0 {
                            logger.info(
                                "retention: erased personal data due",
                                metadata: [
                                    "notifications": .stringConvertible(erased.notifications), "exchanges": .stringConvertible(erased.exchanges),
                                    "reads": .stringConvertible(erased.reads), "envelopes": .stringConvertible(erased.envelopes),
                                    "access-requests": .stringConvertible(erased.accessRequests),
                                ])
                        }
                    } catch {
                        logger.error("retention: the daily deletion failed; it runs again tomorrow", metadata: ["error_type": .string(String(reflecting: type(of: error)))])
                    }
                    try await Task.sleep(for: interval)
                }
            }
        } catch is CancellationError {}
    }
}
