/// A response body produced piece by piece (an export, a long listing). The loop asks for the next piece only
/// once the previous one has been handed to the kernel, so a slow client slows the producer instead of filling
/// memory. `next` returns nil (or an empty array) at the end.
public final class HTTPBodyStream: Sendable, Equatable {
    let next: @Sendable () async -> [UInt8]?

    public init(_ next: @escaping @Sendable () async -> [UInt8]?) {
        self.next = next
    }

    public static func == (a: HTTPBodyStream, b: HTTPBodyStream) -> Bool { a === b }
}
