import Glibc
import Histogram

/// One system's fan-out run: connect every subscriber, publish on the shape's schedule, wait until every message
/// reached every subscriber (or deliveries stop for `drainSeconds`), and measure the server and the generator.
struct FanoutRun {
    let shape: FanoutShape
    let clock: any LoadClock
    let sources: [UInt32?]

    /// What the measured phase saw, before it becomes a `SystemResult`.
    struct Measured {
        var publish = PublishResult()
        var recorder = DeliveryRecorder()
        var connectSeconds = 0.0
        var endNanos: UInt64 = 0
        var serverCPU: Double?
        var generatorCPU = 0.0
        var rssBefore: Int?
        var rssConnected: Int?
        var rssPeak: Int?
    }

    func run<M: SubscriberMachine, W: PublishWire>(
        system: String, machines: [M], subscribeTo: Endpoint, wire: W, publishTo: Endpoint, serverPID: pid_t?
    ) throws -> SystemResult {
        var m = Measured()
        m.rssBefore = serverPID.flatMap { ProcessStats.residentBytes(pid: $0) }
        let sampler = serverPID.map { ResidentSampler(pid: $0) }
        let group = SubscriberGroup(machines: machines, threads: shape.subscriberThreads, endpoint: subscribeTo,
                                    sources: sources, clock: clock)
        defer { if m.rssPeak == nil { _ = sampler?.stop() } }
        let connectStart = clock.nowNanos()
        group.start(name: system == "Parley" ? "load-ws" : "load-sub")
        let settled = group.waitSettled(total: machines.count, timeoutSeconds: shape.connectSeconds,
                                        label: "\(system): subscribers", clock: clock)
        m.connectSeconds = Double(clock.nowNanos() - connectStart) / 1e9
        Log.progress("\(system): \(group.ready)/\(machines.count) subscribers ready in \(Format.fixed(m.connectSeconds, 1)) s"
            + (settled ? "" : " (timed out)") + (group.failed > 0 ? ", \(group.failed) failed" : ""))
        if group.ready > 0 {
            usleep(200_000)  // let the server finish what connecting started (presence, hello) before measuring
            m.rssConnected = serverPID.flatMap { ProcessStats.residentBytes(pid: $0) }
            try measure(system: system, group: group, wire: wire, publishTo: publishTo, serverPID: serverPID, into: &m)
        }
        m.recorder = group.stop()
        m.rssPeak = sampler?.stop()
        return result(system: system, subscribers: machines.count, m, serverPID: serverPID)
    }

    /// Publishes and waits for the deliveries, with CPU read around exactly that.
    private func measure<M: SubscriberMachine, W: PublishWire>(
        system: String, group: SubscriberGroup<M>, wire: W, publishTo: Endpoint, serverPID: pid_t?, into m: inout Measured
    ) throws {
        let cpuBefore = serverPID.flatMap { ProcessStats.cpuSeconds(pid: $0) }
        let selfBefore = ProcessStats.selfCPUSeconds()
        let readyCount = group.ready
        Log.progress("\(system): publishing \(shape.posts) messages, \(shape.schedule.label)")
        let publisher = try Publisher(wire: wire, endpoint: publishTo, connections: shape.publishConnections,
                                      messages: shape.posts, schedule: shape.schedule, clock: clock,
                                      stallSeconds: max(shape.drainSeconds, 10))
        m.publish = publisher.run()
        if let failure = m.publish.failure { Log.progress("\(system): publishing stopped: \(failure)") }
        m.endNanos = drain(group: group, expected: readyCount * m.publish.replies.ok, system: system)
        if let before = cpuBefore, let after = serverPID.flatMap({ ProcessStats.cpuSeconds(pid: $0) }) {
            m.serverCPU = after - before
        }
        m.generatorCPU = ProcessStats.selfCPUSeconds() - selfBefore
    }

    /// Waits until `expected` deliveries arrived or none arrived for `drainSeconds`; returns when it stopped.
    private func drain<M: SubscriberMachine>(group: SubscriberGroup<M>, expected: Int, system: String) -> UInt64 {
        var last = group.delivered
        var lastChange = clock.nowNanos()
        var lastPrint = lastChange
        while last < expected {
            usleep(2_000)
            let now = clock.nowNanos()
            let count = group.delivered
            if count != last {
                last = count
                lastChange = now
            } else if Double(now - lastChange) / 1e9 >= shape.drainSeconds {
                Log.progress("\(system): no delivery for \(Format.fixed(shape.drainSeconds, 0)) s; \(last)/\(expected) delivered")
                break
            }
            if now - lastPrint >= 1_000_000_000 {
                Log.progress("\(system): \(last)/\(expected) delivered")
                lastPrint = now
            }
        }
        return clock.nowNanos()
    }
}
