import ArgumentParser
import Foundation
import LiaisonCore
import LiaisonExchange
import LiaisonFederation
import LiaisonNode

struct PKICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pki", abstract: "The network CA, node credentials and the signed network manifest (operator only).",
        subcommands: [Init.self, Issue.self, Rotate.self, Revoke.self, Manifest.self])

    struct Folder: ParsableArguments {
        @Option(help: "The operator's PKI folder.") var dir = "liaison-pki"
        var pki: PKIDirectory { PKIDirectory(path: dir) }
    }

    static func run(_ body: () throws -> Void) throws {
        do { try body() } catch let error as PKIError { throw ValidationError(error.description) }
    }

    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create the network CA and the operator's manifest-signing key.")
        @OptionGroup var folder: Folder
        @Option(help: "Network name.") var network = "liaison"
        @Option(help: "Node id of the operator (the Commission's node).") var operatorNode = "eu-1"

        func run() throws {
            try PKICommand.run { try folder.pki.initialise(network: network, operatorNode: operatorNode) }
            print("Created the network CA and operator key in \(folder.dir) (owner-only permissions).")
        }
    }

    struct Issue: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue a node's TLS certificate and signing key.")
        @OptionGroup var folder: Folder
        @Option(help: "Node id, e.g. be-1.") var node: String
        @Option(help: "State code, e.g. BE.") var state: String
        @Option(help: "Federation endpoint URL, e.g. https://liaison.be.example:9443.") var endpoint: String
        @Option(help: "Host names or IP addresses for the certificate (repeat).") var host: [String] = []
        @Option(help: "An authority of the node as kind:id:name (repeat); kinds: \(AuthorityKind.allCases.map(\.rawValue).joined(separator: ", ")).")
        var authority: [String] = []

        func run() throws {
            let authorities = try authority.map { text -> NetworkManifest.ManifestAuthority in
                let parts = text.split(separator: ":", maxSplits: 2).map(String.init)
                guard parts.count == 3, let kind = AuthorityKind(rawValue: parts[0]) else {
                    throw ValidationError("An authority is kind:id:name, e.g. counter-terrorism:be-ct:Belgian CT contact point.")
                }
                return .init(id: parts[1], name: parts[2], kind: kind)
            }
            let hosts = host.isEmpty ? [URL(string: endpoint)?.host ?? "localhost"] : host
            try PKICommand.run {
                let credentials = try folder.pki.issue(nodeID: node, stateCode: state, endpoint: endpoint, hosts: hosts, authorities: authorities)
                print("Issued \(node): certificate SHA-256 \(try credentials.certificateFingerprint). Run `liaison pki manifest` to publish it.")
            }
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue new credentials for a node (the old ones stop with the next manifest).")
        @OptionGroup var folder: Folder
        @Option(help: "Node id.") var node: String

        func run() throws {
            try PKICommand.run {
                let credentials = try folder.pki.rotate(nodeID: node)
                print("Rotated \(node): certificate SHA-256 \(try credentials.certificateFingerprint). Run `liaison pki manifest` to publish it.")
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark a node revoked (effective with the next manifest).")
        @OptionGroup var folder: Folder
        @Option(help: "Node id.") var node: String

        func run() throws {
            try PKICommand.run { try folder.pki.revoke(nodeID: node) }
            print("Revoked \(node). Run `liaison pki manifest` to publish the revocation.")
        }
    }

    struct Manifest: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Build and sign the next network manifest (manifest.json).")
        @OptionGroup var folder: Folder

        func run() throws {
            try PKICommand.run {
                let manifest = try folder.pki.signManifest()
                print("Signed manifest version \(manifest.version) with \(manifest.nodes.count) nodes: \(folder.dir)/manifest.json")
            }
        }
    }
}
