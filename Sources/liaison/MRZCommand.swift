import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonExchange
import LiaisonNode

/// `liaison mrz`: reads an MRZ on stdin, prints the parsed fields and check results as JSON.
/// Exit 0 for anything shaped like an MRZ (even with failed checks, which are reported),
/// exit 2 when the input is not an MRZ.
struct MRZCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mrz",
        abstract: "Parse and validate an ICAO 9303 machine-readable zone read from stdin.",
        discussion: "Prints JSON with format, fields, each check digit result and 'valid'. Exit 2 when the input is not an MRZ.")

    func run() throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        let result: MRZResult
        do {
            result = try MRZ.parse(input)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var out = try encoder.encode(result)
        out.append(0x0A)
        FileHandle.standardOutput.write(out)
    }
}
