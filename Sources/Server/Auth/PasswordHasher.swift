import CShims
import Foundation

/// PBKDF2-HMAC-SHA256 password hashes stored as PHC strings: `$pbkdf2-sha256$i=<iterations>$<salt>$<hash>`.
///
/// Hashing is deliberately slow (600,000 iterations by default, OWASP's 2023 figure for this construction), so it
/// must never run on a network loop thread or Swift's cooperative pool: `HashingPool` runs it on its own threads.
/// The cost is stored in every hash, so raising the default later leaves old hashes verifiable.
struct PasswordHasher: Sendable {
    /// Mattermost's limit (and bcrypt's): longer passwords are refused before any hashing (RELIABILITY.md A21).
    static let passwordBytesMax = 72
    static let iterationsMin = 1
    /// A stored hash naming more iterations than this is treated as malformed, so a crafted string in the
    /// database cannot make one verification burn minutes of CPU.
    static let iterationsMax = 10_000_000
    static let iterationsDefault = 600_000
    static let saltBytes = 16
    static let keyBytes = 32
    /// Bounds on what a stored PHC string may name; outside them the string is malformed.
    static let storedSaltBytesMin = 8
    static let storedSaltBytesMax = 64
    static let storedKeyBytesMin = 16
    static let storedKeyBytesMax = 64
    /// Longer than any string this type writes with the bounds above; longer input is refused before parsing.
    static let phcBytesMax = 256
    static let algorithm = "pbkdf2-sha256"

    let iterations: Int

    init(iterations: Int = PasswordHasher.iterationsDefault) {
        precondition(
            (Self.iterationsMin...Self.iterationsMax).contains(iterations),
            "PasswordHasher iterations \(iterations) outside \(Self.iterationsMin)...\(Self.iterationsMax)")
        self.iterations = iterations
    }

    /// Hashes with a fresh random salt. Callers check the length first (the pool refuses over-long passwords
    /// with a 400), so an over-long password here is a programmer error.
    func hash(_ password: [UInt8]) -> String {
        precondition(password.count <= Self.passwordBytesMax, "password longer than passwordBytesMax reached hash")
        let salt = Self.randomBytes(Self.saltBytes)
        var key = Self.derive(password: password, salt: salt, iterations: iterations, keyBytes: Self.keyBytes)
        defer { Self.cleanse(&key) }
        return "$\(Self.algorithm)$i=\(iterations)$\(Self.base64(salt))$\(Self.base64(key))"
    }

    /// Whether `password` matches the stored PHC string. Any malformed string, and any over-long password,
    /// gives false rather than an error: the caller answers a failed login the same way in every case.
    func verify(_ password: [UInt8], against phc: String) -> Bool {
        guard password.count <= Self.passwordBytesMax, let stored = Self.parse(phc) else { return false }
        var key = Self.derive(
            password: password, salt: stored.salt, iterations: stored.iterations, keyBytes: stored.key.count)
        defer { Self.cleanse(&key) }
        return Self.constantTimeEqual(key, stored.key)
    }

    /// The parts of a PHC string this type accepts.
    struct Stored: Equatable {
        var iterations: Int
        var salt: [UInt8]
        var key: [UInt8]
    }

    /// Parses `$pbkdf2-sha256$i=<n>$<salt>$<hash>` strictly: exactly five `$`-separated fields, a plain decimal
    /// iteration count within bounds, and unpadded standard base64 for salt and hash.
    static func parse(_ phc: String) -> Stored? {
        guard phc.utf8.count <= phcBytesMax else { return nil }
        let fields = phc.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty, fields[1] == algorithm, fields[2].hasPrefix("i=") else {
            return nil
        }
        guard let iterations = parseIterations(fields[2].dropFirst(2)),
            let salt = unbase64(fields[3]), (storedSaltBytesMin...storedSaltBytesMax).contains(salt.count),
            let key = unbase64(fields[4]), (storedKeyBytesMin...storedKeyBytesMax).contains(key.count)
        else { return nil }
        return Stored(iterations: iterations, salt: salt, key: key)
    }

    /// Decimal digits only, no sign and no leading zero, within `iterationsMin...iterationsMax`.
    private static func parseIterations(_ text: Substring) -> Int? {
        let digitsMax = String(iterationsMax).utf8.count
        guard !text.isEmpty, text.utf8.count <= digitsMax, text.first != "0",
            text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let value = Int(text), (iterationsMin...iterationsMax).contains(value)
        else { return nil }
        return value
    }

    /// PBKDF2-HMAC-SHA256 through OpenSSL.
    static func derive(password: [UInt8], salt: [UInt8], iterations: Int, keyBytes: Int) -> [UInt8] {
        precondition(iterations >= iterationsMin && iterations <= iterationsMax, "iterations out of range")
        precondition(keyBytes > 0 && keyBytes <= storedKeyBytesMax, "key length out of range")
        var key = [UInt8](repeating: 0, count: keyBytes)
        // An empty array may have no storage; OpenSSL wants a valid pointer even for a zero length.
        let one: [UInt8] = [0]
        let rc = (password.isEmpty ? one : password).withUnsafeBufferPointer { pass in
            (salt.isEmpty ? one : salt).withUnsafeBufferPointer { saltBuffer in
                pass.withMemoryRebound(to: CChar.self) { passChars in
                    PKCS5_PBKDF2_HMAC(
                        passChars.baseAddress, Int32(password.count), saltBuffer.baseAddress, Int32(salt.count),
                        Int32(iterations), EVP_sha256(), Int32(keyBytes), &key)
                }
            }
        }
        precondition(rc == 1, "PKCS5_PBKDF2_HMAC failed")
        return key
    }

    /// Equal-length inputs are compared in time independent of their contents; lengths are not secret.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        guard !a.isEmpty else { return true }
        return a.withUnsafeBytes { x in
            b.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, a.count) == 0 }
        }
    }

    /// Overwrites secret bytes in place with a call the optimiser may not remove.
    static func cleanse(_ bytes: inout [UInt8]) {
        let count = bytes.count
        guard count > 0 else { return }
        bytes.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, count) }
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        // Without entropy no salt (and no token) is safe, so failure here stops the process.
        precondition(RAND_bytes(&bytes, Int32(count)) == 1, "RAND_bytes failed")
        return bytes
    }

    /// Standard base64 without `=` padding, as the PHC string format specifies.
    static func base64(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// Decodes unpadded standard base64 and refuses padded, non-canonical or foreign-alphabet input.
    static func unbase64(_ text: Substring) -> [UInt8]? {
        let remainder = text.utf8.count % 4
        guard !text.isEmpty, remainder != 1, !text.contains("=") else { return nil }
        let padded = String(text) + String(repeating: "=", count: (4 - remainder) % 4)
        guard let data = Data(base64Encoded: padded) else { return nil }
        let bytes = [UInt8](data)
        // Re-encoding catches strings whose unused trailing bits are set, so one hash has one spelling.
        guard base64(bytes) == text else { return nil }
        return bytes
    }
}
