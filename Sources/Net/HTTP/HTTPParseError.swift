/// Why a request could not be parsed. Each case maps to the status the server answers with before closing.
public enum HTTPParseError: Error, Sendable, Equatable {
    case uriTooLong
    case headersTooLarge
    case bodyTooLarge
    /// The reason is a fixed phrase naming the rule that was broken; it never echoes peer bytes.
    case malformed(String)
    case versionNotSupported
    case unsupportedTransferCoding

    public var status: Int {
        switch self {
        case .uriTooLong: return 414
        case .headersTooLarge: return 431
        case .bodyTooLarge: return 413
        case .malformed: return 400
        case .versionNotSupported: return 505
        case .unsupportedTransferCoding: return 501
        }
    }
}
