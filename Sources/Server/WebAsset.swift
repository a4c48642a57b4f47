import Foundation

/// One file of the web client, ready to serve from memory.
struct WebAsset: Sendable, Equatable {
    var path: String   // relative to Sources/Server/Web, e.g. "index.html", "static/js/dom.js"
    var contentType: String
    var bytes: [UInt8]
    /// Strong: the digest of the bytes, so it changes exactly when the content does (and not with a rebuild).
    var etag: String

    init(path: String, bytes: [UInt8]) {
        self.path = path
        self.contentType = WebContentType.of(path)
        self.bytes = bytes
        self.etag = "\"" + WebAssetDigest.hex(WebAssetDigest.fnv1a(bytes)) + "\""
    }

    /// Decodes what WebPack packed and checks it against the size and digest WebPack computed from the file: a
    /// literal that did not come back byte for byte is a build bug, and serving it would hide it.
    init(packed: PackedWebAsset) {
        let bytes: [UInt8]
        switch packed.content {
        case .text(let text):
            bytes = Array(text.utf8)
        case .base64(let encoded):
            guard let data = Data(base64Encoded: encoded) else {
                preconditionFailure("web asset \(packed.path): its base64 does not decode")
            }
            bytes = [UInt8](data)
        }
        precondition(bytes.count == packed.byteCount && WebAssetDigest.fnv1a(bytes) == packed.digest,
                     "web asset \(packed.path) decodes to other bytes than WebPack packed")
        self.init(path: packed.path, bytes: bytes)
    }
}
