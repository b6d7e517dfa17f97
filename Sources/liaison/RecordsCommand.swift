import ArgumentParser
import Foundation
import LiaisonExchange
import LiaisonNode
import LiaisonServer

struct RecordsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "records", abstract: "The immigration authority's administrative records on this node.", subcommands: [Import.self, Export.self])

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

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Hand one record to a recipient outside the exchanges, as JSON; a record that shows a protection application never goes outside the EU and Schengen states.")
        @OptionGroup var node: NodeOptions
        @Argument(help: "The record's reference.") var reference: String
        @Option(help: "The recipient's state (ISO 3166 two-letter code).") var country: String
        @Option(help: "The recipient authority or organisation.") var recipient: String
        @Option(help: "Where to write the JSON (default: standard output).") var output: String?

        func run() async throws {
            let export = try await UserCommand.withServices(node) { services in
                try await services.exchange.exportRecord(
                    reference: reference, to: .init(country: country, body: recipient), by: try await services.exchange.consoleActor())
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(export) + Data("\n".utf8)
            if let output { try data.write(to: URL(fileURLWithPath: output)) } else { FileHandle.standardOutput.write(data) }
        }
    }
}
