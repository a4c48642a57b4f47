import Glibc

/// One system's idle run: open and close `warmup` connections (so the server's tables and allocator pools exist
/// before the baseline), let it settle, read its RSS, open `connections` and hold them, let it settle, read its
/// RSS again. The connections are the same subscriber machines `fanout` uses; nothing is published.
struct IdleRun {
    let connections: Int
    let warmup: Int
    let threads: Int
    let settleSeconds: Double
    let connectSeconds: Double
    let sources: [UInt32?]
    let clock: any LoadClock

    /// `machines(n)` makes n connections' state machines.
    func run<M: SubscriberMachine>(system: String, machines: (Int) -> [M], endpoint: Endpoint, pid: pid_t?) -> IdleResult {
        if warmup > 0 {
            let group = open(machines(warmup), endpoint: endpoint, label: "\(system): warm-up")
            _ = group.stop()
        }
        settle()
        let baseline = pid.flatMap { ProcessStats.residentBytes(pid: $0) }
        let cpuBefore = pid.flatMap { ProcessStats.cpuSeconds(pid: $0) }
        let started = clock.nowNanos()
        let group = open(machines(connections), endpoint: endpoint, label: "\(system): connections")
        let connectSeconds = Double(clock.nowNanos() - started) / 1e9
        let cpu = cpuBefore.flatMap { before in pid.flatMap { ProcessStats.cpuSeconds(pid: $0) }.map { $0 - before } }
        settle()
        let held = pid.flatMap { ProcessStats.residentBytes(pid: $0) }
        let recorder = group.stop()
        let bytes = IdleResult.bytesPerConnection(baseline: baseline, held: held, connections: recorder.ready - recorder.disconnects)
        Log.progress("\(system): \(recorder.ready) held, " + (bytes.map { "\(Format.grouped(Int($0.rounded()))) bytes each" } ?? "no RSS"))
        return IdleResult(
            system: system, connections: connections, ready: recorder.ready, connectFailures: recorder.failures,
            disconnects: recorder.disconnects, firstConnectionError: recorder.firstFailure, connectSeconds: connectSeconds,
            connectionsPerSecond: connectSeconds > 0 ? Double(recorder.ready) / connectSeconds : 0,
            handshakeMs: recorder.ready > 0 ? FanoutRun.latency(recorder.handshakes) : nil, serverPID: pid,
            serverCPUSeconds: cpu, serverRSSBytesBaseline: baseline, serverRSSBytesHeld: held, bytesPerConnection: bytes)
    }

    /// Opens `machines` and waits until each is ready or failed (or the connect time is up), showing progress.
    private func open<M: SubscriberMachine>(_ machines: [M], endpoint: Endpoint, label: String) -> SubscriberGroup<M> {
        let group = SubscriberGroup(machines: machines, threads: threads, endpoint: endpoint, sources: sources, clock: clock)
        group.start(name: "load-idle")
        let settled = group.waitSettled(total: machines.count, timeoutSeconds: connectSeconds, label: label, clock: clock)
        Log.progress("\(label): \(group.ready)/\(machines.count) ready" + (settled ? "" : " (timed out)")
            + (group.failed > 0 ? ", \(group.failed) failed" : ""))
        return group
    }

    private func settle() {
        usleep(useconds_t(settleSeconds * 1e6))
    }
}
