import ArgumentParser
import Foundation
import LiaisonExchange
import LiaisonNode
import LiaisonServer

struct RecordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records", abstract: "The immigration authority's administrative records on this node.", subcommands: [Import.self])

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import records from a JSON-lines or CSV file; known references are updated. A file with a bad line imports nothing.")
        @OptionGroup var node: NodeOptions
        @Argument(help: "The file to import.") var file: String
        @Option(help: "jsonl or csv (default: from the file name).") var format: String?

        func run() async throws {
            let chosen = format ?? (file.lowercased().hasSuffix(".csv") ? "csv" : "jsonl")
            guard let parsedFormat = RecordImport.Format(rawValue: chosen) else { throw ValidationError("The format is jsonl or csv.") }
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("Cannot read \(file) as UTF-8 text.")
            }
            do {
                let outcome = try await UserCommand.withServices(node) { services in
                    try await services.exchange.importRecords(text, format: parsedFormat, by: try await services.exchange.consoleActor())
                }
                print("\(outcome.created) records created, \(outcome.updated) updated.")
            } catch let refusal as ValidationError {
                // The problems by line, without the usage text: the file, not the command, is wrong.
                FileHandle.standardError.write(Data((refusal.message + "\n").utf8))
                throw ExitCode(2)
            }
        }
    }
}
