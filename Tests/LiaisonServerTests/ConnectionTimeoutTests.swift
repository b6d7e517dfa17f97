import Foundation
import Hummingbird
import HummingbirdTesting
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import NIOCore
import NIOPosix
import Testing

@Suite("Connections: idle and slow-header connections are closed")
struct ConnectionTimeoutTests {
    @Test("the web port closes a connection that sends nothing, or a request header that never ends, after the idle timeout")
    func webIdleTimeout() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("liaison-timeout-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var configuration = LiaisonConfiguration(port: 0, database: .sqliteFile("\(folder)/node.sqlite"), passwordHashCost: 4)
        configuration.connectionIdleTimeout = 1
        let (app, services) = try await buildApplication(configuration: configuration, logger: TestDatabase.quietLogger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            #expect(try await client.execute(uri: "/health/live", method: .get).status == .ok)
            #expect(try await Self.closedByPeer(port: port, sending: "", within: 5))
            #expect(try await Self.closedByPeer(port: port, sending: "GET /signin HTTP/1.1\r\nHost: x\r\nX-Slow: 1", within: 5))
        }
        await services.database.shutdown()
    }

    /// Opens a plain TCP connection, sends `bytes`, and waits at most `seconds` for the other
    /// side to close it; true if it did.
    static func closedByPeer(port: Int, sending bytes: String, within seconds: Double) async throws -> Bool {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton).connect(host: "127.0.0.1", port: port).get()
        if !bytes.isEmpty { try await channel.writeAndFlush(ByteBuffer(string: bytes)).get() }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await channel.closeFuture.get()) != nil }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            try? await channel.close().get()
            return first
        }
    }
}
