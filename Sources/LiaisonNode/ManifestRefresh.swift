import AsyncHTTPClient
import Foundation
import LiaisonFederation
import Logging

extension FederationNode {
    /// Fetches the manifest from the operator's node and adopts it when it is signed by the
    /// operator and newer than the one held; an adopted manifest is written to the node's
    /// folder, so that a restart never falls back to an older one.
    public func refreshManifest(client: HTTPClient, logger: Logger) async {
        let current = await manifest.current
        guard current.operatorNode != settings.nodeID, let operatorNode = current.node(current.operatorNode) else { return }
        do {
            let response = try await client.execute(
                HTTPClientRequest(url: operatorNode.federationEndpoint + "/federation/v1/manifest"), timeout: .seconds(10))
            guard response.status.code == 200 else { return }
            let candidate = try JSONDecoder().decode(NetworkManifest.self, from: Data(buffer: try await response.body.collect(upTo: 4 << 20)))
            guard candidate.version > current.version else { return }
            try await manifest.offer(candidate)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(candidate).write(to: URL(fileURLWithPath: settings.file("manifest.json")), options: .atomic)
            logger.info("adopted network manifest", metadata: ["version": .stringConvertible(candidate.version)])
        } catch let refusal as FederationRefusal {
            logger.warning("refused a manifest from the operator", metadata: ["code": .string(refusal.code.rawValue)])
        } catch {
            logger.debug("operator not reachable for the manifest", metadata: ["error_type": .string(String(reflecting: type(of: error)))])
        }
    }
}
