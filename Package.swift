// swift-tools-version:6.0
import PackageDescription

// The main package depends only on swift-log, swift-argument-parser and swift-collections:
// Parley has its own network layer (Sources/Net) and build time matters.
let package = Package(
    name: "Parley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parley", targets: ["Server"]),
        .library(name: "Net", targets: ["Net"]),
        .library(name: "Actors", targets: ["Actors"]),
        .library(name: "Snapshot", targets: ["Snapshot"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // One system-library module for the C we call: liburing and OpenSSL (Debian liburing-dev, libssl-dev).
        .systemLibrary(name: "CShims", path: "Sources/CShims"),
        .target(
            name: "Net",
            dependencies: [
                "CShims",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            // The loop's state is touched only by its own thread (DESIGN.md §5); dynamic exclusivity checks on it
            // cost a measurable share of the request path and guard nothing there. Debug builds keep them.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        .target(
            name: "Snapshot",
            dependencies: [
                "CShims",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HeapModule", package: "swift-collections"),
            ],
            exclude: ["README.md"]
        ),
        .target(name: "Actors", dependencies: ["Snapshot", "CShims", .product(name: "Logging", package: "swift-log")]),
        .executableTarget(
            name: "Server",
            dependencies: [
                "Net", "Actors", "Snapshot", "CShims",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The web client's files are not sources: WebAssetsPlugin packs them into the binary.
            exclude: ["Web"],
            plugins: ["WebAssetsPlugin"]
        ),
        // Packs Sources/Server/Web into one generated Swift file, so `parley` is a single self-sufficient binary.
        .executableTarget(name: "WebPack"),
        .plugin(name: "WebAssetsPlugin", capability: .buildTool(), dependencies: ["WebPack"], path: "Sources/WebAssetsPlugin"),
        .testTarget(name: "NetTests", dependencies: ["Net"]),
        .testTarget(name: "SnapshotTests", dependencies: ["Snapshot", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "ActorsTests", dependencies: ["Actors", "Snapshot", .product(name: "Logging", package: "swift-log")]),
        // Server is an executable target; its pure parts (JSON, auth, routes' helpers) are tested with @testable import.
        .testTarget(name: "ServerTests", dependencies: ["Server", "Actors", "Snapshot", "Net"]),
    ],
    swiftLanguageModes: [.v6]
)
