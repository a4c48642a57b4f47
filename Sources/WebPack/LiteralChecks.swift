/// Contents that are easy to get wrong in a literal, packed with the assets on every build so that the unit tests
/// (which spell the same bytes out independently) prove the encoding round-trips through the compiler.
enum LiteralChecks {
    static let all: [PackedFile] = [
        PackedFile(path: "delimiters", bytes: Array(
            "\"#  \"\"\"#  \\#(x)  \\#n  \\\\##  ends with a backslash \\\n\ttab, \u{4E2D}\u{6587}, \u{2713}\n\n".utf8)),
        PackedFile(path: "no final newline", bytes: Array("last line".utf8)),
        PackedFile(path: "empty", bytes: []),
        PackedFile(path: "crlf", bytes: Array("a\r\nb\r\n".utf8)),
        PackedFile(path: "every byte", bytes: (0...255).map { UInt8($0) }),
    ]
}
