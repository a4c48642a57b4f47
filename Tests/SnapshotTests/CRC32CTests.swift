import Testing
@testable import Snapshot

struct CRC32CTests {
    @Test func knownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([]) == 0)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
    }

    @Test func hardwareAndSoftwareAgreeAndPiecesCompose() {
        var rng = SeededRandom(seed: 42)
        for length in [0, 1, 7, 8, 9, 63, 64, 65, 1000, 4099] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let whole = CRC32C.checksum(bytes)
            let software = bytes.withUnsafeBytes { CRC32C.softwareChecksum($0) }
            #expect(whole == software, "length \(length)")
            let cut = length / 3
            var pieces = CRC32C()
            pieces.update(Array(bytes[..<cut]))
            pieces.update(Array(bytes[cut...]))
            #expect(pieces.value == whole, "length \(length) cut \(cut)")
        }
    }
}
