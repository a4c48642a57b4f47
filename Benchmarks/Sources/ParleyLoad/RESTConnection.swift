/// One keep-alive REST connection of a driver thread, carrying one call at a time as a browser's does.
/// Owned by its `DriverLoop` (`// driver thread only`).
struct RESTConnection {
    enum State { case connecting, idle, busy }

    var fd: Int32
    var state = State.connecting
    var generation: UInt32
    var call: DriverLoop.Call?
    var unsent: [UInt8] = []
    var writeWatched = true
    var stream = StreamBuffer(bytesMax: HTTPResponseFraming.bodyBytesMax)
}
