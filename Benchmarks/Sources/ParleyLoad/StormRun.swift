import Glibc

/// One connect storm: the connections open on the monitor's schedule (each thread its share) and are held; every
/// 50 ms the monitor sees how many are ready or failed and says whether to go on. All are closed at the end.
struct StormRun {
    static let pollMicros: useconds_t = 50_000

    let threads: Int
    let sources: [UInt32?]
    let clock: any LoadClock

    func run<M: SubscriberMachine>(system: String, machines: [M], endpoint: Endpoint, pid: pid_t?,
                                   monitor initial: StormMonitor) -> StormResult {
        var monitor = initial
        let rssBefore = pid.flatMap { ProcessStats.residentBytes(pid: $0) }
        let cpuBefore = pid.flatMap { ProcessStats.cpuSeconds(pid: $0) }
        let selfBefore = ProcessStats.selfCPUSeconds()
        let group = SubscriberGroup(machines: machines, threads: threads, endpoint: endpoint, sources: sources,
                                    clock: clock, pacing: monitor.schedule)
        let start = clock.nowNanos()
        group.start(name: "load-storm")
        var reason = StormMonitor.StopReason.timeout
        var seconds = 0.0
        var printed = 0
        while true {
            usleep(Self.pollMicros)
            seconds = Double(clock.nowNanos() - start) / 1e9
            let (ready, failed) = (group.ready, group.failed)
            let verdict = monitor.observe(seconds: seconds, ready: ready, failed: failed)
            if monitor.samples.count >= printed + StormMonitor.samplesPerSecond, let s = monitor.samples.last {
                printed = monitor.samples.count
                Log.progress("\(system): \(Format.fixed(s.seconds, 1)) s, offered \(Format.grouped(Int(s.offeredPerSecond)))/s, "
                    + "\(Format.grouped(monitor.readyInLastSecond)) ready in the last second, \(Format.grouped(ready))/\(monitor.target) ready, "
                    + "\(failed) failed")
            }
            if case .stop(let why) = verdict {
                reason = why
                break
            }
        }
        let rssAfter = pid.flatMap { ProcessStats.residentBytes(pid: $0) }
        let cpu = cpuBefore.flatMap { before in pid.flatMap { ProcessStats.cpuSeconds(pid: $0) }.map { $0 - before } }
        let generatorCPU = ProcessStats.selfCPUSeconds() - selfBefore
        let recorder = group.stop()
        Log.progress("\(system): stopped (\(reason.rawValue)) after \(Format.fixed(seconds, 1)) s with \(recorder.ready) ready")
        return StormResult(
            system: system, target: monitor.target, stopReason: reason, seconds: seconds,
            offeredPerSecondAtStop: monitor.schedule.rate(atSeconds: seconds), ready: recorder.ready,
            connectFailures: recorder.failures, disconnects: recorder.disconnects,
            firstConnectionError: recorder.firstFailure,
            connectionsPerSecond: StormResult.rate(ready: recorder.ready, startNanos: start, lastReadyNanos: recorder.lastReadyNanos),
            peakPerSecond: monitor.peakPerSecond,
            handshakeMs: recorder.ready > 0 ? FanoutRun.latency(recorder.handshakes) : nil, serverPID: pid,
            serverCPUSeconds: cpu, serverRSSBytesBefore: rssBefore, serverRSSBytesAfter: rssAfter,
            generatorCPUSeconds: generatorCPU, generatorBound: seconds > 0 && generatorCPU / seconds > FanoutRun.generatorBoundShare,
            timeline: monitor.samples)
    }
}
