/// Close status codes (RFC 6455 §7.4) that Parley sends, as plain `UInt16` values because peers may send
/// application codes (3000–4999) that no enum could name.
public struct WebSocketCloseCode {
    public static let normal: UInt16 = 1000
    public static let goingAway: UInt16 = 1001
    public static let protocolError: UInt16 = 1002
    public static let unsupportedData: UInt16 = 1003
    public static let invalidPayload: UInt16 = 1007
    public static let policyViolation: UInt16 = 1008
    public static let messageTooBig: UInt16 = 1009
    public static let internalError: UInt16 = 1011
    public static let tryAgainLater: UInt16 = 1013

    /// Whether `code` may appear in a close frame on the wire.
    ///
    /// 1004 is reserved, 1005, 1006 and 1015 are reserved for reporting locally and must never be sent, and
    /// 1016–2999 are unassigned. 1012–1014 (service restart, try again later, bad gateway) are registered
    /// with IANA after the RFC and browsers send them, so they are accepted. 3000–4999 belong to libraries
    /// and applications (Mattermost's TypeScript client closes with 4000 and 4001).
    public static func isValidOnWire(_ code: UInt16) -> Bool {
        (1000...1003).contains(code) || (1007...1014).contains(code) || (3000...4999).contains(code)
    }
}
