import ArgumentParser
import Foundation
import LiaisonCore

/// `liaison pii-check`: reads a text on stdin and prints the personal data found in it, as the
/// publication of a strategic report would find it. Exit 0 whatever it finds: the answer is
/// in `publishable`.
struct PIICheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pii-check",
        abstract: "Find personal data in a text read from stdin.",
        discussion: """
            Prints {"personalData": [{"kind": …, "start": …, "end": …}], "publishable": true|false}. Offsets count \
            Unicode scalars, end excluded; kinds are name, birthDate, documentNumber, mrz, phone, email, address, plate, iban.
            """)

    /// A report of a hundred pages is some 300 kB; more than this is not a report.
    static let maximumBytes = 4 * 1024 * 1024

    struct Answer: Encodable {
        let personalData: [PersonalDataSpan]
        let publishable: Bool
    }

    func run() throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        guard input.count <= Self.maximumBytes else {
            FileHandle.standardError.write(Data("The text is longer than \(Self.maximumBytes / 1024 / 1024) MB.\n".utf8))
            throw ExitCode(2)
        }
        guard let text = String(data: input, encoding: .utf8) else {
            FileHandle.standardError.write(Data("The text is not UTF-8.\n".utf8))
            throw ExitCode(2)
        }
        let spans = PersonalDataDetector().spans(in: text)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var out = try encoder.encode(Answer(personalData: spans, publishable: spans.isEmpty))
        out.append(0x0A)
        FileHandle.standardOutput.write(out)
    }
}
