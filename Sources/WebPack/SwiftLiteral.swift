import Foundation

/// Swift string literals for arbitrary file contents.
enum SwiftLiteral {
    /// True when a multi-line raw literal reproduces `bytes` exactly: valid UTF-8 with no control characters but
    /// tab and line feed. Carriage returns are out because the compiler turns CR LF in a literal into LF.
    static func canHoldExactly(_ bytes: [UInt8]) -> Bool {
        guard let text = String(validating: bytes, as: UTF8.self) else { return false }
        return text.unicodeScalars.allSatisfy { s in
            s == "\n" || s == "\t" || (s.value >= 0x20 && s.value != 0x7F && !(0x80...0x9F).contains(s.value))
        }
    }

    /// `#"""` … `"""#` with as many `#` as it takes for neither an escape (`\#`) nor the closing delimiter (`"#`) to
    /// occur in the text. The delimiters sit on lines of their own at column 0, so no indentation is stripped and the
    /// newline before the closing one is the literal's own, not the text's.
    static func raw(_ text: String) -> String {
        var hashes = "#"
        while text.contains("\\" + hashes) || text.contains("\"" + hashes) { hashes += "#" }
        return hashes + "\"\"\"\n" + text + "\n\"\"\"" + hashes
    }

    /// A one-line literal for short strings such as paths.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\\" || scalar == "\"" {
                out += "\\" + String(scalar)
            } else if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func base64(_ bytes: [UInt8]) -> String {
        "\"" + Data(bytes).base64EncodedString() + "\""
    }
}
