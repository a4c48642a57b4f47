import Foundation
import Glibc

/// One persistent HTTP/1.1 connection to Parley's REST API, blocking, one request at a time. A connection the
/// server closed while idle is opened again once, transparently.
final class RESTClient: @unchecked Sendable {  // one thread at a time: a pool hands each client to one thread
    struct Response {
        var status: Int
        var token: String?
        var body: [UInt8]

        /// The body as JSON (`[String: Any]` or `[Any]`), nil when it is not.
        var json: Any? { try? JSONSerialization.jsonObject(with: Data(body)) }
        var object: [String: Any] { json as? [String: Any] ?? [:] }
        /// Mattermost's error id, for messages.
        var errorID: String { object["id"] as? String ?? String(decoding: body.prefix(120), as: UTF8.self) }
    }

    let endpoint: Endpoint
    let timeoutSeconds: Int
    private var fd: Int32 = -1  // owned by the thread using this client
    private var stream = StreamBuffer(bytesMax: HTTPResponseFraming.bodyBytesMax)

    init(endpoint: Endpoint, timeoutSeconds: Int = 30) {
        self.endpoint = endpoint
        self.timeoutSeconds = timeoutSeconds
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Sends one request; `json` is encoded with JSONSerialization. Throws only when no response could be read.
    func request(_ method: String, _ path: String, token: String? = nil, json: Any? = nil) throws -> Response {
        let body = try json.map { try [UInt8](JSONSerialization.data(withJSONObject: $0)) } ?? []
        var bytes: [UInt8] = []
        Self.encode(method, path, host: endpoint.host, token: token, body: body, into: &bytes)
        do {
            return try exchange(bytes)
        } catch {
            // A keep-alive connection may have been closed by the server's idle timeout: one fresh try.
            disconnect()
            return try exchange(bytes)
        }
    }

    /// One request as this tool sends it, keep-alive by default, also used by the `mattermost` drivers.
    static func encode(_ method: String, _ path: String, host: String, token: String?, body: [UInt8], into out: inout [UInt8]) {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host)\r\nContent-Length: \(body.count)\r\n"
        if let token { head += "Authorization: Bearer \(token)\r\n" }
        if !body.isEmpty { head += "Content-Type: application/json\r\n" }
        out.append(contentsOf: (head + "\r\n").utf8)
        out.append(contentsOf: body)
    }

    private func exchange(_ bytes: [UInt8]) throws -> Response {
        if fd < 0 { fd = try TCPSocket.connectBlocking(to: endpoint, timeoutSeconds: timeoutSeconds) }
        try TCPSocket.sendAll(fd, bytes)
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            if let response = try takeResponse() { return response }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else {
                throw LoadError(n == 0 ? "\(endpoint) closed the connection" : "recv from \(endpoint): \(SystemError.text(errno))")
            }
            guard chunk.withUnsafeBytes({ raw in stream.feed(UnsafeRawBufferPointer(rebasing: raw[0..<n])) { _ in 0 } }) else {
                throw LoadError("a response from \(endpoint) is too large")
            }
        }
    }

    /// The first complete response among the bytes received, removed from them.
    private func takeResponse() throws -> Response? {
        var response: Response?
        var failure: String?
        _ = stream.feed(UnsafeRawBufferPointer(start: nil, count: 0)) { bytes in
            switch HTTPResponseFraming.parse(bytes) {
            case .needMore:
                return 0
            case .invalid(let why):
                failure = why
                return 0
            case .response(let head, let body, let end):
                response = Response(status: head.status, token: head.token, body: Array(bytes[body]))
                return end
            }
        }
        if let failure { throw LoadError("response from \(endpoint): \(failure)") }
        return response
    }

    private func disconnect() {
        if fd >= 0 { close(fd) }
        fd = -1
        stream = StreamBuffer(bytesMax: HTTPResponseFraming.bodyBytesMax)
    }
}
