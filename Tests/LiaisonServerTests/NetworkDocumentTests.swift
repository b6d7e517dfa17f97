import FluentKit
import Foundation
import LiaisonCore
@testable import LiaisonILO
import LiaisonServer
import LiaisonStore
import LiaisonTestSupport
import Testing

@Suite("A network's shared documents: scanned for type and size, every version kept, sent in signed parts to the nodes that may read them")
struct NetworkDocumentTests {
    static let pdf = Data("%PDF-1.7\n".utf8) + Data((0..<400_000).map { UInt8($0 % 251) })

    @Test("the scan keeps documents whose content is what their name says, within the size, and refuses programs, pages and scripts")
    func scan() throws {
        #expect(try DocumentScan.scan(Self.pdf, fileName: "minutes 2026-12.pdf") == "application/pdf")
        #expect(try DocumentScan.scan(Data("Routes,Arrivals\nAgadez,120\n".utf8), fileName: "figures.csv") == "text/csv")
        let refused: [(Data, String)] = [
            (Data([0x4D, 0x5A, 0x90, 0x00]) + Self.pdf, "report.pdf"),  // a Windows program named as a PDF
            (Data("\u{7F}ELF".utf8), "notes.txt"),
            (Data("<html><script>alert(1)</script>".utf8), "page.txt"),
            (Data("#!/bin/sh\nrm -rf /".utf8), "run.txt"),
            (Self.pdf, "report.exe"),
            (Self.pdf, "../../etc/passwd.pdf"),
            (Data("%PDF-".utf8) + Data(count: DocumentScan.maximumBytes), "large.pdf"),
            (Data(), "empty.pdf"),
        ]
        for (data, name) in refused {
            #expect(throws: ServiceError.self, "\(name)") { try DocumentScan.scan(data, fileName: name) }
        }
    }

    @Test("a members-only document uploaded at BE reaches DE, whose officer is a member, whole and in every version; FR, without a member, gets nothing")
    func membersOnlyReachMembers() async throws {
        try await FederationDeliveryTests().withNetwork { network in
            let be = network.nodes["be-1"]!.network, de = network.nodes["de-1"]!.network, fr = network.nodes["fr-1"]!.network
            let actor = ILONetworkService.Actor(username: "be.ilo", requestID: nil)
            let coordinator = try await be.record(
                Deployment(
                    officerName: "Anne Peeters", deployingBody: "BE", postingType: .diplomaticMission, hostCountry: "NG", region: .westAfrica,
                    startsOn: "2025-09-01", tasks: [.migrationRoutes]), by: actor)
            _ = try await de.record(
                Deployment(
                    officerName: "Miriam Schulte", deployingBody: "DE", postingType: .diplomaticMission, hostCountry: "NG", region: .westAfrica,
                    startsOn: "2025-09-01", tasks: [.documentFraud]), by: .init(username: "de.ilo", requestID: nil))
            try await BoardTests.deliver(network, from: "de-1")
            let formed = try await be.save(
                LocalNetwork(name: "ILO network Nigeria", hostCountry: "NG", region: .westAfrica, coordinator: coordinator.deployment.id), by: actor)
            let networkID = formed.network.record.id
            let first = try await be.upload(
                to: networkID, existing: nil, title: "Minutes", readers: .members, fileName: "minutes.pdf", content: Self.pdf, by: actor)
            let second = Data("%PDF-1.7\nsecond".utf8)
            _ = try await be.upload(
                to: networkID, existing: first.record.id, title: "Minutes", readers: .members, fileName: "minutes-v2.pdf", content: second, by: actor)
            try await BoardTests.deliver(network, from: "be-1")

            let held = try await de.record(NetworkDocument.self, id: first.record.id)
            #expect(held.record.versions.map(\.fileName) == ["minutes.pdf", "minutes-v2.pdf"] && !held.own)
            #expect(try await de.content(of: first.record.id, version: 1).1 == Self.pdf, "three parts assembled into the content BE signed")
            #expect(try await de.content(of: first.record.id, version: 2).1 == second)
            await #expect(throws: ServiceError.self) { try await fr.record(NetworkDocument.self, id: first.record.id) }
            #expect(try await DocumentFileModel.query(on: network.nodes["fr-1"]!.db).count() == 0)
            #expect(try await DocumentPartModel.query(on: network.nodes["de-1"]!.db).count() == 0, "no part left once assembled")
        }
    }
}
