import Foundation
import PackagePlugin

/// Packs the web client (`<target>/Web`) into one generated Swift file of the target, by running WebPack.
/// Every file is declared as an input, so editing one rebuilds the binary with the new bytes; the list itself is
/// made again each time SwiftPM plans a build, so an added or removed file is seen too.
@main struct WebAssetsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        // From the package rather than `target.directoryURL`, which needs tools version 6.1 (the package says 6.0).
        let web = context.package.directoryURL.appending(path: "Sources/\(target.name)/Web")
        let files = try Self.files(under: web)
        let output = context.pluginWorkDirectoryURL.appending(path: "PackedWebAssets.swift")
        return [
            .buildCommand(
                displayName: "Packing \(files.count) web client files",
                executable: try context.tool(named: "WebPack").url,
                arguments: [web.path, output.path] + files.map(\.path),
                inputFiles: files,
                outputFiles: [output])
        ]
    }

    /// Regular files under `root`, sorted so the generated file does not change with the file system's order.
    /// Hidden files (editor swap files, .DS_Store) are left out: they are nobody's asset.
    static func files(under root: URL) throws -> [URL] {
        let keys: [URLResourceKey] = [.isRegularFileKey]
        guard let walk = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles])
        else { return [] }
        var files: [URL] = []
        for case let url as URL in walk {
            if try url.resourceValues(forKeys: Set(keys)).isRegularFile == true { files.append(url) }
        }
        return files.sorted { $0.path < $1.path }
    }
}
