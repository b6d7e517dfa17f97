// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // Every build CI runs, debug and release, tests included: a warning fails it.
    .unsafeFlags(["-warnings-as-errors"]),
]

let package = Package(
    name: "liaison",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "liaison", targets: ["liaison"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.0"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        // Named so that its zlib module map reaches the targets that use AsyncHTTPClient.
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.0"),
        // The runtime of the API types generated from openapi.yaml (scripts/generate-api).
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.0"),
        // Reads openapi.yaml in the tests that hold every response to it.
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.0"),
    ],
    targets: [
        // Pure domain: value types and rules. No I/O, no framework.
        .target(
            name: "LiaisonCore",
            resources: [.copy("Identity/Tables"), .copy("PersonalData/Lexicon")],
            swiftSettings: strict
        ),
        .target(
            name: "LiaisonStore",
            dependencies: [
                "LiaisonCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Node identities, PKI, signed envelopes and receipts, the network manifest.
        .target(
            name: "LiaisonFederation",
            dependencies: [
                "LiaisonCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        // The node runtime: outbox, inbox, delivery lanes, manifest, directory replication and
        // the registry of envelope kinds. It knows no capability and no HTTP server.
        .target(
            name: "LiaisonNode",
            dependencies: [
                "LiaisonCore", "LiaisonStore", "LiaisonFederation",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // The CT ↔ immigration exchange (PRODUCT.md section A): gathers what a rule needs, asks
        // Core, stores, and sends through the node runtime.
        .target(
            name: "LiaisonExchange",
            dependencies: ["LiaisonCore", "LiaisonStore", "LiaisonFederation", "LiaisonNode", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        // The European network of immigration liaison officers (PRODUCT.md section C): deployments,
        // published to every node through the node runtime.
        .target(
            name: "LiaisonILO",
            dependencies: [
                "LiaisonCore", "LiaisonStore", "LiaisonFederation", "LiaisonNode", .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Accounts and access: sign-in, sessions, second factor, API tokens, enrolment, and the
        // administration of users and authorities. No HTTP: the server maps its refusals.
        .target(
            name: "LiaisonAccess",
            dependencies: [
                "LiaisonCore", "LiaisonStore", "LiaisonNode",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "LiaisonAPI",
            dependencies: ["LiaisonCore", .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            resources: [.copy("openapi.yaml"), .copy("federation.yaml")],
            swiftSettings: strict
        ),
        .target(
            name: "LiaisonServer",
            dependencies: [
                "LiaisonCore", "LiaisonStore", "LiaisonAPI", "LiaisonNode", "LiaisonExchange", "LiaisonAccess", "LiaisonILO",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                "LiaisonFederation",
            ],
            resources: [.copy("Templates"), .copy("Public"), .copy("Localization")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "liaison",
            dependencies: [
                "LiaisonServer", "LiaisonCore", "LiaisonStore", "LiaisonFederation", "LiaisonNode", "LiaisonExchange", "LiaisonAccess",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "LiaisonTestSupport",
            dependencies: [
                "LiaisonServer", "LiaisonStore", "LiaisonNode", "LiaisonExchange", "LiaisonAPI", "LiaisonAccess", "LiaisonILO",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Tests/LiaisonTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "LiaisonCoreTests", dependencies: ["LiaisonCore", "LiaisonTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "LiaisonFederationTests",
            dependencies: ["LiaisonFederation", .product(name: "X509", package: "swift-certificates")],
            swiftSettings: strict
        ),
        .testTarget(name: "LiaisonStoreTests", dependencies: ["LiaisonStore", "LiaisonTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "LiaisonServerTests",
            dependencies: [
                "LiaisonServer", "LiaisonTestSupport", "LiaisonFederation", "LiaisonNode", "LiaisonExchange", "LiaisonAccess", "LiaisonILO",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
