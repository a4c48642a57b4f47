// swift-tools-version:6.0
import PackageDescription

import class Foundation.ProcessInfo
import struct Foundation.URL

// The durability engine's benchmarks, in their own package so the server's build never pulls in measuring
// code. A path dependency's identity is the name of its folder, which differs between clones ("parley",
// "wt-durcli", ...), so the product reference derives it from where this manifest sits (two levels down).
let parleyIdentity = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "DurabilityBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: "../../"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "DurabilityBench",
            dependencies: [
                .product(name: "Snapshot", package: parleyIdentity),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
