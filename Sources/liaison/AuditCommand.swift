import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonStore
import Logging

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Work with the audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the hash chain from the first entry; report the first broken entry. Exit 1 if broken.")

        @OptionGroup var node: NodeOptions

        func run() async throws {
            let configuration = try node.resolved()
            let database = try LiaisonDatabase(location: configuration.database, logger: Logger(label: "liaison.audit"))
            let verdict: AuditChainVerdict
            do {
                verdict = try await HashChainedAuditTrail().verify(on: database.database())
            } catch {
                await database.shutdown()
                throw error
            }
            await database.shutdown()
            switch verdict {
            case .intact(let entries, let head):
                print("Audit trail intact: \(entries) entries, head \(head).")
            case .broken(let sequence, let problem):
                FileHandle.standardError.write(Data("Audit trail BROKEN at entry \(sequence): \(problem).\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
