import ArgumentParser
import Foundation
import LiaisonCore

extension BenchCommand {
    /// The personal-data detector's speed: loading its lexicons once, each passage of an
    /// evaluation set, and a report of ten pages made of those passages.
    struct PII: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pii", abstract: "Time the personal-data detector on passages and on a ten-page report.")

        @Option(help: "Evaluation set: JSON lines with a `text` field ({{kind:…}} markup is removed).") var set = "benchmarks/pii/test.jsonl"
        @Option(help: "Times each measurement is repeated.") var repeats = 20
        /// A page of a report: some 3,000 characters (500 words).
        @Option(help: "Characters of the long report.") var reportCharacters = 30_000

        func run() throws {
            let markup = try NSRegularExpression(pattern: #"\{\{[A-Za-z]+:(.*?)\}\}"#)
            let passages = try String(contentsOfFile: set, encoding: .utf8).split(separator: "\n").compactMap { line -> String? in
                guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let text = object["text"] as? String
                else { return nil }
                return markup.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1")
            }
            guard !passages.isEmpty else { throw ValidationError("No passage in \(set).") }

            let loadStart = DispatchTime.now()
            let detector = PersonalDataDetector()
            _ = detector.spans(in: passages[0])
            let load = Self.milliseconds(since: loadStart)

            var perPassage: [Double] = []
            for _ in 0..<repeats {
                for passage in passages {
                    let start = DispatchTime.now()
                    _ = detector.spans(in: passage)
                    perPassage.append(Self.milliseconds(since: start))
                }
            }
            var report = ""
            var index = 0
            while report.count < reportCharacters {
                report += passages[index % passages.count] + "\n\n"
                index += 1
            }
            var reportTimes: [Double] = []
            var found = 0
            for _ in 0..<repeats {
                let start = DispatchTime.now()
                found = detector.spans(in: report).count
                reportTimes.append(Self.milliseconds(since: start))
            }
            perPassage.sort()
            reportTimes.sort()
            print("personal-data detector, \(passages.count) passages of \(set), \(repeats) repeats")
            print(String(format: "  lexicons loaded and first passage     %8.1f ms (once per process)", load))
            print(String(format: "  one passage: median %.2f ms, p95 %.2f ms, max %.2f ms", perPassage[perPassage.count / 2], perPassage[perPassage.count * 95 / 100], perPassage.last!))
            print(
                String(format: "  report of %d characters (%d passages, %d findings): median %.1f ms, max %.1f ms", report.count, index, found, reportTimes[reportTimes.count / 2], reportTimes.last!))
        }

        static func milliseconds(since start: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000 }
    }
}
