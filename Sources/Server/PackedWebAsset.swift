/// A web client file as the generated `PackedWebAssets` (WebPack's output) holds it: text as itself, anything else
/// as base64, with the size and digest WebPack computed from the file on disk.
struct PackedWebAsset: Sendable {
    enum Content: Sendable {
        case text(String)
        case base64(String)
    }

    var path: String   // relative to Sources/Server/Web, e.g. "static/js/dom.js"
    var byteCount: Int
    var digest: UInt64   // WebAssetDigest of the file's bytes
    var content: Content

    init(path: String, byteCount: Int, digest: UInt64, text: String) {
        self.init(path: path, byteCount: byteCount, digest: digest, content: .text(text))
    }

    init(path: String, byteCount: Int, digest: UInt64, base64: String) {
        self.init(path: path, byteCount: byteCount, digest: digest, content: .base64(base64))
    }

    init(path: String, byteCount: Int, digest: UInt64, content: Content) {
        self.path = path
        self.byteCount = byteCount
        self.digest = digest
        self.content = content
    }
}
