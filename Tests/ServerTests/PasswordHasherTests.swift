import Testing
@testable import Server

@Suite struct PasswordHasherTests {
    /// Tests lower the cost so they run fast; the default is checked separately and never lowered.
    let hasher = PasswordHasher(iterations: 2)

    @Test func pbkdf2MatchesTheRFC7914Vector() {
        let expected: [UInt8] = [
            0x55, 0xac, 0x04, 0x6e, 0x56, 0xe3, 0x08, 0x9f, 0xec, 0x16, 0x91, 0xc2, 0x25, 0x44, 0xb6, 0x05,
            0xf9, 0x41, 0x85, 0x21, 0x6d, 0xde, 0x04, 0x65, 0xe6, 0x8b, 0x9d, 0x57, 0xc2, 0x0d, 0xac, 0xbc,
            0x49, 0xca, 0x9c, 0xcc, 0xf1, 0x79, 0xb6, 0x45, 0x99, 0x16, 0x64, 0xb3, 0x9d, 0x77, 0xef, 0x31,
            0x7c, 0x71, 0xb8, 0x45, 0xb1, 0xe3, 0x0b, 0xd5, 0x09, 0x11, 0x20, 0x41, 0xd3, 0xa1, 0x97, 0x83,
        ]
        let key = PasswordHasher.derive(
            password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1, keyBytes: 64)
        #expect(key == expected)
    }

    @Test func defaultCostIs600000() {
        #expect(PasswordHasher().iterations == 600_000)
        #expect(PasswordHasher.iterationsDefault == 600_000)
    }

    @Test func hashHasThePHCShape() throws {
        let phc = hasher.hash(Array("correct horse".utf8))
        #expect(phc.hasPrefix("$pbkdf2-sha256$i=2$"))
        #expect(!phc.dropFirst("$pbkdf2-sha256$i=2$".count).contains("="))
        let stored = try #require(PasswordHasher.parse(phc))
        #expect(stored.iterations == 2)
        #expect(stored.salt.count == PasswordHasher.saltBytes)
        #expect(stored.key.count == PasswordHasher.keyBytes)
    }

    @Test func roundTripAndWrongPassword() {
        let phc = hasher.hash(Array("correct horse".utf8))
        #expect(hasher.verify(Array("correct horse".utf8), against: phc))
        #expect(!hasher.verify(Array("correct horsf".utf8), against: phc))
        #expect(!hasher.verify([], against: phc))
    }

    @Test func emptyPasswordRoundTrips() {
        let phc = hasher.hash([])
        #expect(hasher.verify([], against: phc))
        // Not `[0]`: HMAC pads keys with zero bytes, so "" and "\0" are the same PBKDF2 password by design.
        #expect(!hasher.verify([0x61], against: phc))
    }

    @Test func verifyUsesTheCostTheHashNames() {
        // A hash made at another cost still verifies: raising the default must not lock out old users.
        let old = PasswordHasher(iterations: 3).hash(Array("pw".utf8))
        #expect(hasher.verify(Array("pw".utf8), against: old))
    }

    @Test func saltDiffersBetweenHashes() throws {
        let a = try #require(PasswordHasher.parse(hasher.hash(Array("same".utf8))))
        let b = try #require(PasswordHasher.parse(hasher.hash(Array("same".utf8))))
        #expect(a.salt != b.salt)
        #expect(a.key != b.key)
    }

    @Test func overLongPasswordNeverVerifies() {
        let long = [UInt8](repeating: 0x61, count: PasswordHasher.passwordBytesMax + 1)
        let phc = hasher.hash(Array(long.prefix(PasswordHasher.passwordBytesMax)))
        #expect(!hasher.verify(long, against: phc))
        #expect(hasher.verify(Array(long.prefix(PasswordHasher.passwordBytesMax)), against: phc))
    }

    @Test(arguments: [
        "",
        "$",
        "garbage",
        "$pbkdf2-sha256$i=2$c2FsdHNhbHRzYWx0$",
        "$pbkdf2-sha512$i=2$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=0$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=-1$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=+2$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=02$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=10000001$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=99999999999999999999$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$n=2$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=2$c2FsdHNhbHRzYWx0==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=2$c2Fs*HNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=2$c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=2$c2FsdHNhbHRzYWx0$AAAA",
        "$pbkdf2-sha256$i=2$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA$extra",
        "pbkdf2-sha256$i=2$c2FsdHNhbHRzYWx0$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ])
    func malformedPHCIsFalse(_ phc: String) {
        #expect(PasswordHasher.parse(phc) == nil)
        #expect(!hasher.verify(Array("pw".utf8), against: phc))
    }

    @Test func wellFormedPHCWithNonCanonicalTrailingBitsIsRefused() throws {
        let phc = hasher.hash(Array("pw".utf8))
        let stored = try #require(PasswordHasher.parse(phc))
        let keyText = PasswordHasher.base64(stored.key)
        // 32 bytes leave the last character's 2 low bits unused (zero); setting one spells the same key differently.
        let last = keyText.last!
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        let index = alphabet.firstIndex(of: last)!
        #expect(index & 3 == 0)
        let twisted = String(keyText.dropLast()) + String(alphabet[index | 1])
        let crafted = "$pbkdf2-sha256$i=2$\(PasswordHasher.base64(stored.salt))$\(twisted)"
        #expect(PasswordHasher.parse(crafted) == nil)
    }

    @Test func base64IsUnpaddedAndRoundTrips() {
        for count in 0...20 {
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let text = PasswordHasher.base64(bytes)
            #expect(!text.contains("="))
            if count > 0 { #expect(PasswordHasher.unbase64(Substring(text)) == bytes) }
        }
    }

    @Test func constantTimeEqual() {
        #expect(PasswordHasher.constantTimeEqual([1, 2, 3], [1, 2, 3]))
        #expect(!PasswordHasher.constantTimeEqual([1, 2, 3], [1, 2, 4]))
        #expect(!PasswordHasher.constantTimeEqual([1, 2, 3], [1, 2]))
        #expect(PasswordHasher.constantTimeEqual([], []))
    }
}
