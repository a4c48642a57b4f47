import Foundation
import Net

/// A throwaway self-signed certificate for "localhost" (and 127.0.0.1) with its unencrypted key, written to a
/// fresh temporary directory by the `openssl` command-line tool. Same recipe as `Tests/tls/make-test-cert.sh`.
///
/// Integration tests reuse `shared()`: RSA key generation is the slow part, so one certificate serves the
/// whole test process. Tests that need their own files (say, a key that does not match) call `make()`.
struct TLSTestCertificate: Sendable {
    enum GenerationError: Error, CustomStringConvertible {
        case opensslFailed(status: Int32, stderr: String)

        var description: String {
            switch self {
            case .opensslFailed(let status, let stderr): "openssl req exited with \(status): \(stderr)"
            }
        }
    }

    let directory: URL
    let certificatePath: String
    let privateKeyPath: String

    var configuration: TLSConfiguration {
        TLSConfiguration(certificateChainPath: certificatePath, privateKeyPath: privateKeyPath)
    }

    private static let sharedResult = Result { try make() }

    /// The certificate the whole test process shares. Its directory is left behind in the temporary
    /// directory when the process ends; it holds two small files and a two-day certificate.
    static func shared() throws -> TLSTestCertificate {
        try sharedResult.get()
    }

    static func make() throws -> TLSTestCertificate {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("parley-tls-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let certificate = TLSTestCertificate(
            directory: directory,
            certificatePath: directory.appendingPathComponent("cert.pem").path,
            privateKeyPath: directory.appendingPathComponent("key.pem").path)
        try runOpenSSL([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", certificate.privateKeyPath, "-out", certificate.certificatePath,
        ])
        return certificate
    }

    /// Deletes the directory and both files.
    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }

    private static func runOpenSSL(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Read before waiting, so a chatty openssl cannot fill the pipe and block forever.
        let message = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GenerationError.opensslFailed(
                status: process.terminationStatus, stderr: String(decoding: message, as: UTF8.self))
        }
    }
}
