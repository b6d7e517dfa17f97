import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonExchange
import LiaisonNode

/// `liaison match --records R.jsonl --queries Q.jsonl [--top 10]`: one JSON result line per
/// query on stdout; load, index and query timings on stderr. The matching itself is
/// `IdentityIndex` in LiaisonCore.
struct MatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "match",
        abstract: "Rank identity records against queries (JSON Lines in, JSON Lines out).")

    @Option(help: "JSON Lines file of identity records.") var records: String
    @Option(help: "JSON Lines file of queries.") var queries: String
    @Option(help: "Candidates per query.") var top: Int = 10

    struct Output: Encodable {
        var query: String
        var candidates: [MatchCandidate]
    }

    func run() throws {
        let clock = ContinuousClock()
        let t0 = clock.now
        let recordList = try Self.readLines(records)
        let t1 = clock.now
        let index = IdentityIndex(records: recordList)
        let t2 = clock.now
        let queryList = try Self.readLines(queries)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var out = Data()
        var latencies: [Double] = []
        latencies.reserveCapacity(queryList.count)
        for q in queryList {
            let start = clock.now
            let found = index.candidates(for: q, limit: top)
            latencies.append(Self.ms(clock.now - start))
            out.append(try encoder.encode(Output(query: q.id, candidates: found)))
            out.append(0x0A)
            if out.count > 1 << 20 {
                FileHandle.standardOutput.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(out)
        let t3 = clock.now
        latencies.sort()
        func pct(_ p: Double) -> Double { latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        let total = latencies.reduce(0, +)
        let stats: [String: Double] = [
            "records": Double(recordList.count), "queries": Double(queryList.count),
            "loadSeconds": Self.ms(t1 - t0) / 1000, "indexSeconds": Self.ms(t2 - t1) / 1000,
            "querySeconds": Self.ms(t3 - t2) / 1000,
            "queriesPerSecond": total > 0 ? Double(latencies.count) / (total / 1000) : 0,
            "p50ms": pct(0.50), "p95ms": pct(0.95), "p99ms": pct(0.99),
            "peakMemoryMiB": Self.peakMemoryMiB(),
        ]
        let statsEncoder = JSONEncoder()
        statsEncoder.outputFormatting = [.sortedKeys]
        var line = try statsEncoder.encode(stats)
        line.append(0x0A)
        FileHandle.standardError.write(Data("match timings ".utf8) + line)
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }

    /// One JSON object per line; blank lines are skipped, a bad line is an error with its number.
    static func readLines(_ path: String) throws -> [IdentityRecord] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let decoder = JSONDecoder()
        var out: [IdentityRecord] = []
        var lineNo = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNo += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            do {
                out.append(try decoder.decode(IdentityRecord.self, from: Data(line)))
            } catch {
                throw ValidationError("\(path):\(lineNo): not a valid identity record: \(error)")
            }
        }
        return out
    }

    /// Peak resident memory from /proc (Linux); 0 where unavailable.
    static func peakMemoryMiB() -> Double {
        guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = s.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return 0 }
        let kb = Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
        return kb / 1024
    }
}
