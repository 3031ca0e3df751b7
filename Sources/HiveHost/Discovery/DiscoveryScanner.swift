/// One discovery run: the port sweep (stage 1) feeding identification (stage 2) as hosts
/// turn up, plus a direct re-check of known miners.
///
/// Known miners skip the port scan: their addresses go straight to identification with every
/// probe, so a miner is never lost to a connect that an aggressive sweep dropped, and a
/// different machine at a known address shows up by its identity. They are asked through the
/// identifier's transports (one request in flight per miner, shared with the pollers and
/// control); sweep hosts, which no other part of the daemon talks to, through its new-host
/// transports (`Identifier.identify(_:openPorts:unansweredPorts:known:)`). Sweep hosts start
/// identification as soon as their ports are settled, at most
/// ``Identifier/Configuration/concurrency`` at a time.
public struct DiscoveryScanner: Sendable {
    /// Stage 1.
    public let portScanner: PortScanner
    /// Stage 2.
    public let identifier: Identifier
    private let clock: any Clock<Duration>

    /// Creates a scanner; `clock` measures ``DiscoveryResult/elapsed``.
    public init(portScanner: PortScanner, identifier: Identifier, clock: any Clock<Duration> = ContinuousClock()) {
        self.portScanner = portScanner
        self.identifier = identifier
        self.clock = clock
    }

    /// Sweeps `targets` and re-checks `recheck` (known miners' addresses) directly.
    ///
    /// An address in both is only re-checked. Never throws: unreachable hosts are simply not
    /// in the result.
    public func scan(_ targets: [IPv4Address], recheck: [String] = []) async -> DiscoveryResult {
        await measure(on: clock) { sinceStart in await run(targets, recheck: recheck, sinceStart: sinceStart) }
    }

    /// Identifies `hosts` directly, without a port scan (e.g. addresses a miner reported).
    public func identify(_ hosts: [String]) async -> DiscoveryResult {
        await scan([], recheck: hosts)
    }

    private func measure<C: Clock<Duration>>(
        on clock: C, _ body: (_ sinceStart: @escaping @Sendable () -> Duration) async -> DiscoveryResult
    ) async
        -> DiscoveryResult
    {
        let start = clock.now
        var result = await body { start.duration(to: clock.now) }
        result.elapsed = start.duration(to: clock.now)
        return result
    }

    private struct Job: Sendable {
        var host: String
        var openPorts: Set<Int>?
        var unansweredPorts: Set<Int> = []
        /// A re-checked address (a miner of the fleet), as opposed to a sweep host.
        var known: Bool
    }

    private enum Stage: Sendable {
        case ports(PortScanResult, ended: Duration)
        case identified([Identification], secondAttempts: Int)
    }

    private func run(
        _ targets: [IPv4Address], recheck: [String], sinceStart: @escaping @Sendable () -> Duration
    ) async -> DiscoveryResult {
        var seen: Set<String> = []
        let rechecked = recheck.filter { seen.insert($0).inserted }
        let recheckedAddresses = Set(rechecked.compactMap { IPv4Address($0) })
        let sweep = targets.filter { !recheckedAddresses.contains($0) }

        let (jobs, continuation) = AsyncStream.makeStream(of: Job.self)
        for host in rechecked { continuation.yield(Job(host: host, openPorts: nil, known: true)) }

        var ports = PortScanResult(hostsScanned: sweep.count)
        var sweepElapsed = Duration.zero
        var identifications: [Identification] = []
        var secondAttempts = 0
        await withTaskGroup(of: Stage.self) { group in
            group.addTask { [portScanner] in
                let result = await portScanner.scan(sweep) { found in
                    continuation.yield(
                        Job(
                            host: found.host.description, openPorts: found.openPorts,
                            unansweredPorts: found.unansweredPorts, known: false))
                }
                continuation.finish()
                return .ports(result, ended: sweep.isEmpty ? .zero : sinceStart())
            }
            group.addTask { [identifier] in
                let (results, secondAttempts) = await DiscoveryScanner.identifyAll(jobs, with: identifier)
                return .identified(results, secondAttempts: secondAttempts)
            }
            for await stage in group {
                switch stage {
                case .ports(let result, let ended): (ports, sweepElapsed) = (result, ended)
                case .identified(let results, let retried): (identifications, secondAttempts) = (results, retried)
                }
            }
        }

        var miners: [IdentifiedMiner] = []
        var unidentified: [UnidentifiedHost] = []
        var answeredRechecks = 0
        for identification in identifications {
            let wasRechecked = seen.contains(identification.ip)
            switch identification {
            case .identified(let miner):
                miners.append(miner)
                if wasRechecked { answeredRechecks += 1 }
            case .unidentified(let host):
                // A re-checked address where nothing answered is just absent this time.
                if wasRechecked && host.openPorts.isEmpty { continue }
                unidentified.append(host)
                if wasRechecked { answeredRechecks += 1 }
            }
        }
        var result = DiscoveryResult(
            elapsed: .zero, hostsScanned: sweep.count + rechecked.count, openHosts: ports.open.count + answeredRechecks,
            miners: miners.sorted { DiscoveryResult.byAddress($0.ip, $1.ip) },
            unidentified: unidentified.sorted { DiscoveryResult.byAddress($0.ip, $1.ip) },
            retriedHosts: ports.retried, foundOnRetry: ports.foundOnRetry)
        result.sweepElapsed = sweepElapsed
        result.secondAttempts = secondAttempts
        return result
    }

    /// Identifies every job from the stream, at most the identifier's concurrency at a time;
    /// returns the identifications and how many hosts were asked a second time.
    ///
    /// A host whose first attempt was inconclusive (a probe timed out: on a loaded scanner
    /// that says nothing about the host) is asked once more right away, at most
    /// ``Identifier/Configuration/retryConcurrency`` hosts at a time, under the shorter
    /// ``Identifier/Configuration/retryProbeTimeout``; its task keeps its place meanwhile, so a
    /// wave of timeouts also slows the start of new first attempts.
    private static func identifyAll(
        _ jobs: AsyncStream<Job>, with identifier: Identifier
    ) async -> ([Identification], secondAttempts: Int) {
        let limit = max(1, identifier.configuration.concurrency)
        let retryLimit = identifier.configuration.retryConcurrency
        let retryTimeout = identifier.configuration.secondProbeTimeout
        let retries = AsyncLimiter(limit: retryLimit)
        return await withTaskGroup(of: (Identification, asked: Int).self) { group in
            var results: [Identification] = []
            var secondAttempts = 0
            var running = 0
            for await job in jobs {
                if running >= limit, case let (done, asked)? = await group.next() {
                    results.append(done)
                    secondAttempts += asked - 1
                    running -= 1
                }
                group.addTask {
                    let first = await identifier.identify(
                        job.host, openPorts: job.openPorts, unansweredPorts: job.unansweredPorts, known: job.known)
                    guard retryLimit > 0, first.isInconclusive else { return (first, 1) }
                    let second = try? await retries.run {
                        await identifier.identify(
                            job.host, openPorts: job.openPorts, unansweredPorts: job.unansweredPorts, known: job.known,
                            probeTimeout: retryTimeout)
                    }
                    return (second.map { Identification.better(first, $0) } ?? first, second == nil ? 1 : 2)
                }
                running += 1
            }
            for await (done, asked) in group {
                results.append(done)
                secondAttempts += asked - 1
            }
            return (results, secondAttempts)
        }
    }
}
