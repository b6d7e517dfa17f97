import ArgumentParser
import FluentKit
import Foundation
import LiaisonCore
import LiaisonExchange
import LiaisonNode
import LiaisonServer
import LiaisonStore
import Logging

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage the users of a node from its console.", subcommands: [List.self, Add.self, Enrol.self])

    /// Opens the node's services for one console action, and closes them after.
    static func withServices<T>(_ node: NodeOptions, _ body: (LiaisonServices) async throws -> T) async throws -> T {
        let configuration = try node.resolved()
        let database = try LiaisonDatabase(location: configuration.database, logger: Logger(label: "liaison.user"))
        do {
            try await database.migrate()
            let services = try await LiaisonServices(configuration: configuration, database: database)
            let result = try await body(services)
            await database.shutdown()
            return result
        } catch let presentable as any Presentable {
            let error = presentable.presented
            await database.shutdown()
            throw ValidationError(([error.detail] + error.fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }).joined(separator: "\n"))
        } catch {
            await database.shutdown()
            throw error
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users and their roles.")
        @OptionGroup var node: NodeOptions

        func run() async throws {
            try await UserCommand.withServices(node) { services in
                for user in try await services.administration.users() {
                    let state = user.disabled ? "disabled" : (user.isEnrolled ? "active" : "enrolment pending")
                    print("\(user.username)\t\(Role.storageForm(user.roles))\t\(user.authority.name)\t\(state)")
                }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user and print their one-time enrolment link.")
        @OptionGroup var node: NodeOptions
        @Option(help: "User name (lower-case).") var username: String
        @Option(help: "Full name.") var name: String
        @Option(help: "Comma-separated roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).") var roles: String
        @Option(help: "Name of an existing authority of this node (default: the first one).") var authority: String?

        func run() async throws {
            let parsedRoles: Set<Role>
            do { parsedRoles = try Role.parseList(roles) } catch { throw ValidationError(error.detail) }
            try await UserCommand.withServices(node) { services in
                let authorities = try await services.administration.authorities()
                guard let target = authority.map({ name in authorities.first { $0.name == name } }) ?? authorities.first else {
                    throw ValidationError("No such authority. Known: \(authorities.map(\.name).joined(separator: "; ")).")
                }
                // The console is the node's operator, who holds the database: no second administrator.
                let (_, enrolment) = try await services.administration.createUser(
                    .init(username: username, displayName: name, authorityID: target.id, roles: parsedRoles), actorID: nil, actor: "console",
                    requestID: nil)
                print("Created \(username). One-time enrolment link (72 hours):\n\(enrolment.link)")
            }
        }
    }

    struct Enrol: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Reset a user's sign-in and print a new enrolment link.")
        @OptionGroup var node: NodeOptions
        @Argument(help: "User name.") var username: String

        func run() async throws {
            try await UserCommand.withServices(node) { services in
                guard let user = try await services.administration.users().first(where: { $0.username == username }) else {
                    throw ValidationError("No user “\(username)”.")
                }
                let link = try await services.auth.issueEnrolment(for: user, issuedBy: nil, actor: "console", requestID: nil)
                print("New one-time enrolment link for \(username) (72 hours):\n\(link)")
            }
        }
    }
}
