import Testing

@testable import Net

/// The byte classes are bit constants and arithmetic; check every byte against the RFC's wording.
@Suite struct HTTPByteClassTests {
    @Test func everyByteIsClassifiedAsTheRFCSays() {
        let tokenSymbols = Array("!#$%&'*+-.^_`|~".utf8)
        for value in 0...255 {
            let byte = UInt8(value)
            let letter = (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
            let digit = (0x30...0x39).contains(value)
            let visible = (0x21...0x7E).contains(value)
            let obsText = value >= 0x80
            #expect(HTTPByteClass.isToken(byte) == (letter || digit || tokenSymbols.contains(byte)), "\(value)")
            #expect(HTTPByteClass.isTarget(byte) == (visible || obsText), "\(value)")
            #expect(HTTPByteClass.isFieldValue(byte) == (visible || obsText || value == 0x20 || value == 0x09), "\(value)")
            #expect(HTTPByteClass.isVersion(byte) == visible, "\(value)")
            #expect(HTTPByteClass.isWhitespace(byte) == (value == 0x20 || value == 0x09), "\(value)")
            let hex = digit ? value - 0x30 : (0x61...0x66).contains(value | 0x20) ? (value | 0x20) - 0x61 + 10 : nil
            #expect(HTTPByteClass.hexValue(byte) == hex, "\(value)")
        }
    }
}
