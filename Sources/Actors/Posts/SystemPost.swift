/// The system messages membership and channel changes leave in a channel (Mattermost's texts and types).
enum SystemPost {
    static func make(_ type: PostType, by userID: ID, at time: Int64, message: String,
                     props: [(String, String)]) -> PostSeed {
        PostSeed(id: ID.fast(), userID: userID, createAt: time, message: message, type: type, props: json(props))
    }

    /// A flat JSON object of strings, escaped by hand (the Actors module has no JSON layer).
    static func json(_ pairs: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "{")]
        for (i, (k, v)) in pairs.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendString(k, to: &out)
            out.append(UInt8(ascii: ":"))
            appendString(v, to: &out)
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                out.append(UInt8(ascii: "\\")); out.append(b)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8)); out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)])
            default:
                out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
