// swift-tools-version:6.1
import PackageDescription

import class Foundation.ProcessInfo
import struct Foundation.URL

// Benchmarks live in their own package so that the server's build never pulls in measuring code.
// A path dependency's identity is the name of its folder, which differs between clones ("parley", "wt-bench", ...),
// so the product reference derives it from where this manifest sits.
let parleyIdentity = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .lastPathComponent.lowercased()

let package = Package(
    name: "ParleyBenchmarks",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parley-load", targets: ["ParleyLoad"]),
    ],
    dependencies: [
        .package(path: "../"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The allocation counter that backs ordo-one/benchmark's malloc metrics, used on its own: the parser
        // benchmark needs allocations per request next to MB/s in one JSON document, not the framework's runner.
        .package(url: "https://github.com/ordo-one/malloc-interposer", from: "1.6.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
    ],
    targets: [
        .executableTarget(
            name: "ParserBench",
            dependencies: [
                .product(name: "Net", package: parleyIdentity),
                .product(name: "MallocInterposerSwift", package: "malloc-interposer"),
            ]
        ),
        .executableTarget(
            name: "DurabilityBench",
            dependencies: [
                .product(name: "Snapshot", package: parleyIdentity),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "durability/Sources/DurabilityBench"
        ),
        .executableTarget(
            name: "PostMemoryBench",
            dependencies: [
                .product(name: "Actors", package: parleyIdentity),
                .product(name: "Snapshot", package: parleyIdentity),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "WSEchoBench",
            dependencies: [
                .product(name: "Net", package: parleyIdentity),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `parley-load fanout`: one channel's posts fanned out to S WebSocket subscribers, against Redis pub/sub
        // with the same shape in the same run (README "Fan-out against Redis pub/sub").
        .target(name: "CLoad"),
        .executableTarget(
            name: "ParleyLoad",
            dependencies: [
                "CLoad",
                .product(name: "Net", package: parleyIdentity),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
            ]
        ),
        .testTarget(
            name: "ParleyLoadTests",
            dependencies: ["ParleyLoad", .product(name: "Net", package: parleyIdentity)]
        ),
    ],
    swiftLanguageModes: [.v6]
)
