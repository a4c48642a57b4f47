import Foundation

/// `WebPack <root> <output> <file>...`: writes one Swift file that holds every listed file under `root` (each with
/// its path relative to `root`, its size and digest) for Server's `PackedWebAssets`. WebAssetsPlugin runs it on every
/// build whose inputs changed. Text becomes a raw string literal, which the compiler reads as fast as it reads
/// a comment; anything else becomes base64 in a plain literal. Server checks each size and digest again when it
/// decodes them, so a literal that does not come back byte for byte stops the server instead of serving garbage.
@main struct WebPack {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: WebPack <root> <output> <file>...\n".utf8))
            exit(2)
        }
        let root = URL(fileURLWithPath: arguments[arguments.startIndex]).standardizedFileURL.path + "/"
        let output = URL(fileURLWithPath: arguments[arguments.startIndex + 1])
        var files: [PackedFile] = []
        for file in arguments.dropFirst(2) {
            let full = URL(fileURLWithPath: file).standardizedFileURL.path
            precondition(full.hasPrefix(root), "\(full) is not under \(root)")
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: full)))
            files.append(PackedFile(path: String(full.dropFirst(root.count)), bytes: bytes))
        }
        let source = PackedSource.render(files: files.sorted { $0.path < $1.path }, checks: LiteralChecks.all)
        try Data(source.utf8).write(to: output, options: .atomic)
    }
}
