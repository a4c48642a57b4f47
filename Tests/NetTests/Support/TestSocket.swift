import CShims
import Foundation
import Glibc
@testable import Net

/// A blocking loopback client socket for tests: plain syscalls, no framework in between.
final class TestSocket {
    let fd: Int32
    /// Bytes read past the end of the last response (pipelined responses arrive together).
    private var pending: [UInt8] = []

    init(port: Int, host: String = "127.0.0.1") throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestSocketError.syscall("socket", errno) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &addr.sin_addr)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            let e = errno
            close(fd)
            throw TestSocketError.syscall("connect", e)
        }
        // Generous: the CPU-bound fuzz suites may hold both cooperative threads for many seconds while this
        // test's server-side tasks wait for one. Only a hang reaches this.
        var tv = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    func send(_ s: String) throws { try send(Array(s.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + off, bytes.count - off, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw TestSocketError.syscall("send", errno) }
            off += n
        }
    }

    /// Puts bytes back to be read again first (a reader that took more than it needed).
    func unread(_ bytes: [UInt8]) {
        pending = bytes + pending
    }

    /// Reads whatever arrives next (at most `max` bytes); empty at end of stream.
    func readSome(max: Int = 65536) throws -> [UInt8] {
        if !pending.isEmpty {
            let n = min(max, pending.count)
            defer { pending.removeFirst(n) }
            return Array(pending[0..<n])
        }
        var buf = [UInt8](repeating: 0, count: max)
        let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, max, 0) }
        guard n >= 0 else { throw TestSocketError.syscall("recv", errno) }
        return Array(buf[0..<n])
    }

    /// Reads until `count` bytes have arrived (or the stream ends).
    func read(exactly count: Int) throws -> [UInt8] {
        var out: [UInt8] = []
        while out.count < count {
            let chunk = try readSome(max: count - out.count)
            if chunk.isEmpty { break }
            out += chunk
        }
        return out
    }

    /// Reads one HTTP response with a Content-Length body; returns head text and body.
    func readResponse() throws -> (head: String, body: [UInt8]) {
        var data: [UInt8] = []
        while true {
            if let end = data.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: data[..<end.lowerBound], as: UTF8.self)
                var length = 0
                for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    length = Int(line.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
                var body = Array(data[end.upperBound...])
                if body.count > length {
                    pending = Array(body[length...]) + pending
                    body.removeLast(body.count - length)
                }
                if body.count < length { body += try read(exactly: length - body.count) }
                return (head, body)
            }
            let chunk = try readSome()
            if chunk.isEmpty { throw TestSocketError.closed(String(decoding: data, as: UTF8.self)) }
            data += chunk
        }
    }
}

enum TestSocketError: Error {
    case syscall(String, Int32)
    case closed(String)
}

