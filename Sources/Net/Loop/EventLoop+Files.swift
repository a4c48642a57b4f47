extension EventLoop {
    /// A file response is due: the file reader opens it, decides 200/206/304/416 and sends the head, then one
    /// chunk at a time as the connection drains.
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
        table[i].http.fileStream = id
    }

    func fileChunk(_ i: Int, stream: UInt64, chunk: FileChunk) {
        guard table[i].phase == .open, table[i].http.fileStream == stream else {
            if !chunk.isLast { files.cancel(stream) }
            return
        }
        if let status = chunk.failureStatus {
            table[i].http.fileStream = nil
            if status < 0 {
                beginClose(i)  // the head promised bytes that cannot come
            } else {
                writeInPlace(i, renderError(status, "the file cannot be read"))
            }
            return
        }
        chunk.bytes.withUnsafeBytes { emit(i, $0) }
        guard chunk.isLast else { return }  // the next chunk is asked for when this one has been sent
        table[i].http.fileStream = nil
        let info = table[i].http.outstanding.removeFirst()
        table[i].http.nextToWrite &+= 1
        counters.responses += 1
        finishResponse(i, keepAlive: keepsAlive(info, HTTPResponse(status: 200)))
        releaseWaitingResponses(i)
    }

    /// The connection's output reached the kernel: a streaming file may send its next chunk.
    func outputDrainedHook(_ i: Int) {
        if let stream = table[i].http.fileStream { files.next(stream) }
    }

    /// Replaces the due response (a file that could not be started) with `response`.
    private func writeInPlace(_ i: Int, _ response: HTTPResponse) {
        let sequence = table[i].http.nextToWrite
        deliver(i, sequence: sequence, response: response)
    }

    /// A connection going away stops its file stream.
    func cancelFileStream(_ i: Int) {
        if let stream = table[i].http.fileStream {
            files.cancel(stream)
            table[i].http.fileStream = nil
        }
    }
}
