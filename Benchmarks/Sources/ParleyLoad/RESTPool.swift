import Synchronization

/// A few keep-alive REST connections, each used by one thread at a time, for the population steps.
final class RESTPool: Sendable {
    let clients: [RESTClient]

    init(endpoint: Endpoint, connections: Int) {
        clients = (0..<max(connections, 1)).map { _ in RESTClient(endpoint: endpoint) }
    }

    var first: RESTClient { clients[0] }

    /// Runs `body(client, i)` for every i in 0..<count, spread over the connections (one thread each), showing
    /// progress under `label`. Throws the first failure after every thread stopped.
    func forEach(_ count: Int, label: String, _ body: @escaping @Sendable (RESTClient, Int) throws -> Void) throws {
        guard count > 0 else { return }
        let progress = ProgressLine(label, total: count)
        let failure = Mutex<String?>(nil)
        let next = Atomic<Int>(0)
        var threads: [LoadThread] = []
        for client in clients.prefix(count) {
            threads.append(LoadThread(name: "load-rest") {
                while failure.withLock({ $0 == nil }) {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard i < count else { return }
                    do {
                        try body(client, i)
                        progress.advance()
                    } catch {
                        failure.withLock { $0 = $0 ?? "\(error)" }
                    }
                }
            })
        }
        for thread in threads { thread.join() }
        if let failure = failure.withLock({ $0 }) { throw LoadError("\(label): \(failure)") }
        progress.finish()
    }
}
