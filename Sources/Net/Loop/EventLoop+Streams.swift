/// Responses whose bodies leave piece by piece: files (read by the file reader) and producers (an async source,
/// sent chunked). Either way the next piece is asked for only when the previous one has reached the kernel.
extension EventLoop {
    func startFile(_ i: Int, _ response: HTTPResponse, path: String, offset: Int64, length: Int64) {
        guard let info = table[i].http.outstanding.first else { preconditionFailure("slot \(i): file response without a request") }
        let start = FileReader.Start(mailbox: mailbox, slot: UInt32(i), generation: table[i].generation,
                                     sequence: table[i].http.nextToWrite, response: response, path: path,
                                     offset: offset, length: length, request: info,
                                     keepAlive: keepsAlive(info, response), date: currentDate())
        guard let id = files.start(start) else {
            writeInPlace(i, renderError(503, "the file reader is busy"))
            return
        }
        table[i].http.bodyStream = .file(id)
    }

    func fileChunk(_ i: Int, stream: UInt64, chunk: FileChunk) {
        guard table[i].phase == .open, table[i].http.bodyStream == .file(stream) else {
            if !chunk.isLast { files.cancel(stream) }
            return
        }
        if let status = chunk.failureStatus {
            table[i].http.bodyStream = nil
            if status < 0 {
                beginClose(i)  // the head promised bytes that cannot come
            } else {
                writeInPlace(i, renderError(status, "the file cannot be read"))
            }
            return
        }
        chunk.bytes.withUnsafeBytes { emit(i, $0) }
        if chunk.isLast { finishStream(i) }  // otherwise the next chunk is asked for once this one is out
    }

    /// Sends the head with `Transfer-Encoding: chunked` and asks the producer for its first piece.
    func startProducer(_ i: Int, _ response: HTTPResponse, _ source: HTTPBodyStream) {
        guard let info = table[i].http.outstanding.first else { preconditionFailure("slot \(i): stream without a request") }
        encodeBuffer.removeAll(keepingCapacity: true)
        HTTPResponseEncoder.encodeHead(response, contentLength: nil, chunked: !info.isHead,
                                       keepAlive: keepsAlive(info, response), date: currentDate(), into: &encodeBuffer)
        encodeBuffer.withUnsafeBytes { emit(i, $0) }
        if info.isHead {
            finishStream(i, closing: keepsAlive(info, response) == false)
            return
        }
        nextStreamID &+= 1
        table[i].http.bodyStream = .producer(nextStreamID, source)
        requestPiece(i)
    }

    private func requestPiece(_ i: Int) {
        guard case let .producer(id, source)? = table[i].http.bodyStream else { return }
        let (mailbox, slot, generation) = (self.mailbox, UInt32(i), table[i].generation)
        Task {
            let piece = await source.next()
            mailbox.push(.streamPiece(slot: slot, generation: generation, stream: id, bytes: piece), bounded: false)
        }
    }

    func streamPiece(_ i: Int, stream: UInt64, bytes: [UInt8]?) {
        guard table[i].phase == .open, case let .producer(id, _)? = table[i].http.bodyStream, id == stream else { return }
        encodeBuffer.removeAll(keepingCapacity: true)
        guard let bytes, !bytes.isEmpty else {
            HTTPResponseEncoder.encodeLastChunk(into: &encodeBuffer)
            encodeBuffer.withUnsafeBytes { emit(i, $0) }
            finishStream(i)
            return
        }
        bytes.withUnsafeBytes { HTTPResponseEncoder.encodeChunk($0, into: &encodeBuffer) }
        encodeBuffer.withUnsafeBytes { emit(i, $0) }
    }

    /// The streamed response is complete: retire its request and release the responses waiting behind it.
    private func finishStream(_ i: Int, closing: Bool? = nil) {
        table[i].http.bodyStream = nil
        let info = table[i].http.outstanding.removeFirst()
        table[i].http.nextToWrite &+= 1
        counters.responses += 1
        finishResponse(i, keepAlive: closing.map { !$0 } ?? keepsAlive(info, HTTPResponse(status: 200)))
        releaseWaitingResponses(i)
    }

    /// The connection's output reached the kernel: a stream may send its next piece.
    func outputDrainedHook(_ i: Int) {
        switch table[i].http.bodyStream {
        case .file(let id)?: files.next(id)
        case .producer?: requestPiece(i)
        case nil: break
        }
    }

    /// Replaces the due response (a file that could not be started) with `response`.
    private func writeInPlace(_ i: Int, _ response: HTTPResponse) {
        deliver(i, sequence: table[i].http.nextToWrite, response: response)
    }

    /// A connection going away stops its stream.
    func cancelBodyStream(_ i: Int) {
        if case .file(let id)? = table[i].http.bodyStream { files.cancel(id) }
        table[i].http.bodyStream = nil
    }
}
