/// What the parser does after handing a request head to its delegate.
public enum HTTPHeadDecision: Sendable, Equatable {
    /// Read the body, failing with `.bodyTooLarge` before passing any body byte if it would exceed `limitBytes`.
    case readBody(limitBytes: Int)
    /// Read the body under `HTTPLimits.bodyBytesMax`, for delegates that have no per-route cap.
    case readBodyDefaultLimit
    /// Stop right after this head: the caller owns every byte after it (WebSocket frames after an upgrade, or the
    /// body of a request it rejects itself). The next `parse` starts a fresh request.
    case pause
}
