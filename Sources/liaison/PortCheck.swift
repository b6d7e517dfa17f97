import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Whether a port can be listened on, asked before anything starts: a node that finds its
/// port taken only after seeding and printing its users would stop half-way.
enum PortCheck {
    static func isFree(host: String, port: Int) -> Bool {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { return true }
        defer { close(socketFD) }
        var reuse: Int32 = 1
        setsockopt(socketFD, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host == "localhost" ? "127.0.0.1" : host)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }

    /// Refuses, naming each port in use and how to choose others (`instead`: "start the demo
    /// on other ports, e.g. --port 18080").
    static func require(_ ports: [(port: Int, use: String)], host: String, instead: String) throws {
        let taken = ports.filter { !isFree(host: host, port: $0.port) }
        guard !taken.isEmpty else { return }
        throw PortsInUse(ports: taken.map { "\($0.port) (\($0.use))" }, host: host, instead: instead)
    }

    /// Said without the usage text: the command is right, the machine is busy.
    struct PortsInUse: Error, CustomStringConvertible {
        let ports: [String]
        let host: String
        let instead: String

        var description: String {
            let one = ports.count == 1
            return "Port\(one ? "" : "s") \(ports.joined(separator: ", ")) on \(host) \(one ? "is" : "are") in use. Free \(one ? "it" : "them"), or \(instead)."
        }
    }
}
