import Foundation
import Testing
@testable import Server

/// The assets WebPack embedded, against the files themselves and against contents spelled out here.
@Suite struct PackedWebAssetsTests {
    static let webFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "Sources/Server/Web")

    /// Every regular file in the folder, by path relative to it, as the plugin lists them (hidden files left out).
    static func filesOnDisk() throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let root = webFolder.standardizedFileURL.path + "/"
        let walk = FileManager.default.enumerator(
            at: webFolder, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        while let url = walk?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let path = url.standardizedFileURL.path
            files[String(path.dropFirst(root.count))] = [UInt8](try Data(contentsOf: url))
        }
        return files
    }

    @Test func everyFileIsEmbeddedByteForByte() throws {
        let disk = try Self.filesOnDisk()
        let embedded = Dictionary(uniqueKeysWithValues: PackedWebAssets.all.map { packed in
            let asset = WebAsset(packed: packed)
            return (asset.path, asset.bytes)
        })
        #expect(disk.count > 0)
        #expect(Set(embedded.keys) == Set(disk.keys))
        for (path, bytes) in disk {
            #expect(embedded[path] == bytes, "\(path) differs from the embedded copy: rebuild")
        }
    }

    @Test func indexHasTheAppRootAndAModuleScript() throws {
        let index = try #require(PackedWebAssets.all.map(WebAsset.init(packed:)).first { $0.path == "index.html" })
        let text = String(decoding: index.bytes, as: UTF8.self)
        #expect(text.contains("id=\"app\""))
        #expect(text.contains("type=\"module\""))
        #expect(index.contentType == "text/html; charset=utf-8")
    }

    /// The same bytes as Sources/WebPack/LiteralChecks.swift, written out separately: if WebPack's literal for
    /// any of them were wrong, either the digest check in `WebAsset(packed:)` or this comparison fails.
    static let expectedChecks: [String: [UInt8]] = [
        "delimiters": Array(###""#  """#  \#(x)  \#n  \\##  ends with a backslash \"###.utf8)
            + [0x0A, 0x09] + Array("tab, 中文, ✓".utf8) + [0x0A, 0x0A],
        "no final newline": Array("last line".utf8),
        "empty": [],
        "crlf": [0x61, 0x0D, 0x0A, 0x62, 0x0D, 0x0A],
        "every byte": (0...255).map { UInt8($0) },
    ]

    @Test func awkwardContentsRoundTripThroughTheCompiler() {
        let decoded = PackedWebAssets.literalChecks.map { WebAsset(packed: $0) }
        #expect(decoded.count == Self.expectedChecks.count)
        for asset in decoded {
            #expect(asset.bytes == Self.expectedChecks[asset.path], "\(asset.path)")
        }
    }

    @Test func textGoesInAsTextAndBinaryAsBase64() {
        let checks = Dictionary(uniqueKeysWithValues: PackedWebAssets.literalChecks.map { ($0.path, $0.content) })
        guard case .text? = checks["delimiters"], case .text? = checks["empty"],
              case .base64? = checks["crlf"], case .base64? = checks["every byte"]
        else {
            Issue.record("unexpected encodings: \(checks)")
            return
        }
    }
}
