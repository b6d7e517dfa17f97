// swift-tools-version:6.1
// Builds the generator that turns Sources/LiaisonAPI/openapi.yaml into the API's Swift types.
// Run through scripts/generate-api; the product itself never depends on this package.
import PackageDescription

let package = Package(
    name: "openapi-generator",
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator.git", exact: "1.14.3")
    ],
    targets: [.target(name: "Placeholder", path: "Placeholder")]
)
