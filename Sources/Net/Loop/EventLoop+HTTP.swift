import CShims
import Glibc
import DequeModule

extension EventLoop {
    /// Bytes from the socket: decrypted first on TLS connections, then handed to the connection's protocol.
    func received(_ i: Int, _ bytes: UnsafeRawBufferPointer) {
        switch table[i].phase {
        case .lingering, .closing, .free:
            return  // discarded: the connection is on its way out
        case .open:
            break
        }
        guard let tls = table[i].tls else {
            receivedPlain(i, bytes)
            return
        }
        plaintext.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        let result = tls.receive(bytes, plaintext: &plaintext, ciphertextOut: &scratch)
        scratch.withUnsafeBytes { emitRaw(i, $0) }
        switch result {
        case .ok:
            if !plaintext.isEmpty {
                plaintext.withUnsafeBytes { receivedPlain(i, $0) }
            }
        case .closed:
            peerClosed(i)
        case .failed:
            beginClose(i)
        }
    }

    private func receivedPlain(_ i: Int, _ bytes: UnsafeRawBufferPointer) {
        switch table[i].mode {
        case .http: receivedHTTP(i, bytes)
        case .webSocket: receivedWebSocket(i, bytes)
        }
    }

    private func receivedHTTP(_ i: Int, _ bytes: UnsafeRawBufferPointer) {
        if table[i].http.stopped {
            keepUpgradeInput(i, bytes)
            return
        }
        var collector = RequestCollector(handler: handler, head: table[i].http.readingHead,
                                         body: table[i].http.readingBody)
        table[i].http.readingHead = nil
        table[i].http.readingBody = []
        let result = table[i].http.parser.parse(bytes, delegate: &collector)
        table[i].http.readingHead = collector.head
        table[i].http.readingBody = collector.body
        switch result {
        case .consumed:
            break
        case .paused(let consumed):
            table[i].http.stopped = true
            if consumed < bytes.count {
                keepUpgradeInput(i, UnsafeRawBufferPointer(rebasing: bytes[consumed...]))
            }
        case .failed(let error):
            table[i].http.stopped = true
            collector.items.append(.error(status: error.status, message: "\(error)"))
        }
        for item in collector.items {
            guard table[i].phase == .open else { return }
            dispatch(i, item)
        }
        updateHTTPDeadline(i)
    }

    /// After an upgrade request, input is kept (bounded) for the WebSocket; after an error it is dropped.
    private func keepUpgradeInput(_ i: Int, _ bytes: UnsafeRawBufferPointer) {
        guard table[i].http.outstanding.last?.isUpgrade == true else { return }
        if table[i].http.upgradeInput.count + bytes.count > config.upgradeBufferBytesMax {
            beginClose(i)
            return
        }
        table[i].http.upgradeInput.append(contentsOf: bytes)
    }

    private func dispatch(_ i: Int, _ item: RequestCollector.Item) {
        switch item {
        case .sendContinue:
            if !table[i].http.awaitingResponses {
                HTTPResponseEncoder.continueResponse.withUnsafeBytes { emit(i, $0) }
            }
        case let .error(status, message):
            let seq = enqueueRequest(i, RequestInfo(isHead: false, keepAlive: false, isUpgrade: false,
                                                    requestHead: nil, closesConnection: true))
            deliver(i, sequence: seq, response: renderError(status, message))
        case let .request(head, body):
            startRequest(i, head: head, body: body, isUpgrade: false)
        case let .upgrade(head):
            startRequest(i, head: head, body: [], isUpgrade: true)
        }
    }

    private func startRequest(_ i: Int, head: HTTPRequestHead, body: [UInt8], isUpgrade: Bool) {
        if table[i].http.outstanding.count >= config.pipelineRequestsMax {
            beginClose(i)
            return
        }
        let conditional = head.headers["range"] != nil || head.headers["if-none-match"] != nil
        let seq = enqueueRequest(i, RequestInfo(isHead: head.method == "HEAD", keepAlive: head.keepAlive,
                                                isUpgrade: isUpgrade, requestHead: conditional || isUpgrade ? head : nil,
                                                closesConnection: false))
        counters.requests += 1
        let request = HTTPRequest(head: head, body: body, remoteAddress: table[i].remoteAddress,
                                  isTLS: table[i].tls != nil)
        let responder = HTTPResponder(mailbox: mailbox, slot: UInt32(i), generation: table[i].generation,
                                      sequence: seq)
        handler.handle(request, responder: responder)
    }

    private func enqueueRequest(_ i: Int, _ info: RequestInfo) -> UInt32 {
        let seq = table[i].http.nextSequence
        table[i].http.nextSequence &+= 1
        table[i].http.outstanding.append(info)
        return seq
    }

    /// A response is ready. It leaves now if it is the next one due; otherwise it waits for the earlier ones.
    func deliver(_ i: Int, sequence: UInt32, response: HTTPResponse) {
        guard table[i].phase == .open, table[i].mode == .http else { return }
        let offset = sequence &- table[i].http.nextToWrite
        guard offset < UInt32(table[i].http.outstanding.count) else { return }  // unknown or answered twice
        if offset != 0 {
            table[i].http.readyEarly[sequence] = response
            return
        }
        guard table[i].http.bodyStream == nil else {
            table[i].http.readyEarly[sequence] = response
            return
        }
        write(i, response)
        releaseWaitingResponses(i)
    }

    /// Writes the responses that were ready early, in order, up to the first one still missing.
    func releaseWaitingResponses(_ i: Int) {
        while table[i].phase == .open, table[i].mode == .http, table[i].http.bodyStream == nil,
              let next = table[i].http.readyEarly.removeValue(forKey: table[i].http.nextToWrite) {
            write(i, next)
        }
        updateHTTPDeadline(i)
    }

    /// Encodes the response due next and retires its request (a file response retires when its last chunk is out).
    private func write(_ i: Int, _ response: HTTPResponse) {
        switch response.body {
        case let .file(path, offset, length):
            startFile(i, response, path: path, offset: offset, length: length)
            return
        case let .stream(source):
            startProducer(i, response, source)
            return
        case .empty, .bytes:
            break
        }
        let info = table[i].http.outstanding.removeFirst()
        table[i].http.nextToWrite &+= 1
        counters.responses += 1
        let keepAlive = keepsAlive(info, response)
        encodeBuffer.removeAll(keepingCapacity: true)
        ResponseWriter.encode(response, request: info, keepAlive: keepAlive, date: currentDate(), into: &encodeBuffer)
        encodeBuffer.withUnsafeBytes { emit(i, $0) }
        finishResponse(i, keepAlive: keepAlive)
    }

    /// Whether the connection stays open after this response.
    func keepsAlive(_ info: RequestInfo, _ response: HTTPResponse) -> Bool {
        info.keepAlive && !info.closesConnection && !info.isUpgrade && shutdownDeadlineMs == nil
            && response.headers["connection"]?.lowercased() != "close"
    }

    /// The response is out: the connection closes after it unless it stays alive.
    func finishResponse(_ i: Int, keepAlive: Bool) {
        if !keepAlive {
            table[i].http.stopped = true
            table[i].closeAfterFlush = true
            scheduleFlush(i)
        }
    }

    /// The peer closed its side (or the receive failed). Responses still owed are sent before closing.
    func peerClosed(_ i: Int) {
        if table[i].mode == .http && table[i].http.awaitingResponses && table[i].receiveArmed == false {
            table[i].http.stopped = true
            table[i].closeAfterFlush = true
            return
        }
        beginClose(i)
    }

    func updateHTTPDeadline(_ i: Int) {
        guard table[i].phase == .open, table[i].mode == .http else { return }
        // Fields are read in place: copying the whole HTTP state here would retain and release its buffers.
        if table[i].http.readingHead != nil {
            setDeadline(i, .body, after: config.bodyTimeoutMs)
        } else if table[i].http.parser.hasPartialRequest {
            if table[i].deadline != .header { setDeadline(i, .header, after: config.headerTimeoutMs) }
        } else if table[i].http.awaitingResponses {
            table[i].deadline = .response
        } else if !table[i].http.stopped {
            setDeadline(i, .idle, after: config.idleTimeoutMs)
        }
    }
}
