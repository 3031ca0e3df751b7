public import HiveProtocols

/// Stage 1 of discovery: a TCP connect scan of the drivers' ports, to find the hosts worth
/// probing.
///
/// Every (host, port) pair is one connect attempt, run at most ``Configuration/concurrency``
/// at a time, in target order (so the interleaving of ``ScanTargets`` carries through). A
/// host is reported (``scan(_:onOpen:)``'s `onOpen`) as soon as all its ports are settled,
/// so identification can start before the sweep ends.
///
/// A host with no open port whose attempts did not all come back refused (a port timed out
/// or failed) has those ports tried once more after the first pass, at the lower
/// ``Configuration/retryConcurrency``: aggressive scans miss miners (a cold ARP cache, a
/// congested switch, a loaded host or miner that completes the handshake late), and a
/// miner's own ports time out while the ports it does not serve are refused at once. A
/// refusal is a definite answer and is never retried; a host that refused every port is
/// simply not a miner. A host with an open port goes to identification at once; its
/// unanswered ports travel with it (``HostPorts/unansweredPorts``) so their probes are
/// still sent.
public struct PortScanner: Sendable {
    /// Scan settings.
    public struct Configuration: Sendable, Hashable {
        /// Connect timeout per attempt (`network.light_scan_timeout_ms`, default 300 ms).
        public var timeout: Duration
        /// Connect attempts in flight at once. The default, 512, sweeps a /22 with six ports
        /// in well under a second when most hosts answer; it needs that many file
        /// descriptors on top of the process's others.
        public var concurrency: Int
        /// Whether unanswered ports of hosts with no open port are tried a second time.
        public var retrySilentHosts: Bool
        /// Connect attempts in flight during the retry pass (default 128).
        public var retryConcurrency: Int
        /// Connect timeout during the retry pass (default: ``timeout``).
        public var retryTimeout: Duration?

        /// Creates settings.
        public init(
            timeout: Duration = .milliseconds(300), concurrency: Int = 512, retrySilentHosts: Bool = true,
            retryConcurrency: Int = 128, retryTimeout: Duration? = nil
        ) {
            self.timeout = timeout
            self.concurrency = concurrency
            self.retrySilentHosts = retrySilentHosts
            self.retryConcurrency = retryConcurrency
            self.retryTimeout = retryTimeout
        }
    }

    /// The ports tried on every host, sorted.
    public let ports: [Int]
    /// Settings.
    public let configuration: Configuration
    private let connector: any Connector

    /// Creates a scanner for `ports`.
    public init(ports: [Int], configuration: Configuration = Configuration(), connector: any Connector = NIOConnector())
    {
        self.ports = Array(Set(ports)).sorted()
        self.configuration = configuration
        self.connector = connector
    }

    /// Creates a scanner for the ports the registry's drivers declare.
    public init(
        registry: DriverRegistry, configuration: Configuration = Configuration(),
        connector: any Connector = NIOConnector()
    ) {
        self.init(ports: registry.ports, configuration: configuration, connector: connector)
    }

    /// Scans `hosts`, calling `onOpen` for each host with an open port as soon as its ports
    /// are settled (first-pass hosts first, then those found on the retry).
    public func scan(_ hosts: [IPv4Address], onOpen: (HostPorts) -> Void = { _ in }) async -> PortScanResult {
        var result = PortScanResult(hostsScanned: hosts.count)
        guard !ports.isEmpty, !hosts.isEmpty else { return result }

        var retry: [HostJob] = []
        result.connectAttempts += await pass(
            hosts.map { HostJob(host: $0, ports: ports) }, concurrency: configuration.concurrency,
            timeout: configuration.timeout
        ) { settled in
            if !settled.open.isEmpty {
                result.open.append(settled.found)
                onOpen(settled.found)
            } else if !settled.unanswered.isEmpty {
                retry.append(HostJob(host: settled.host, ports: settled.unanswered.sorted()))
            }
        }
        guard configuration.retrySilentHosts, !retry.isEmpty, !Task.isCancelled else {
            result.silent = retry.map(\.host)
            return result
        }
        result.retried = retry.count
        result.connectAttempts += await pass(
            retry, concurrency: configuration.retryConcurrency,
            timeout: configuration.retryTimeout ?? configuration.timeout
        ) { settled in
            if !settled.open.isEmpty {
                result.open.append(settled.found)
                result.foundOnRetry += 1
                onOpen(settled.found)
            } else if !settled.unanswered.isEmpty {
                result.silent.append(settled.host)
            }
        }
        return result
    }

    /// One host and the ports to try on it.
    private struct HostJob {
        var host: IPv4Address
        var ports: [Int]
    }

    /// What one pass found on one host.
    private struct Settled {
        var host: IPv4Address
        var open: Set<Int> = []
        /// Ports that timed out or failed: no answer either way.
        var unanswered: Set<Int> = []

        var found: HostPorts { HostPorts(host: host, openPorts: open, unansweredPorts: unanswered) }
    }

    /// One pass over every (host, port) of `jobs`, in order, with a sliding window of
    /// `concurrency` attempts; `onSettled` gets each host once all its attempts are done.
    /// Returns the number of attempts made.
    private func pass(
        _ jobs: [HostJob], concurrency: Int, timeout: Duration, onSettled: (Settled) -> Void
    ) async -> Int {
        let connector = self.connector
        var attempts: [(job: Int, port: Int)] = []
        attempts.reserveCapacity(jobs.reduce(0) { $0 + $1.ports.count })
        for (index, job) in jobs.enumerated() {
            for port in job.ports { attempts.append((index, port)) }
        }
        var remaining = jobs.map(\.ports.count)
        var settled = jobs.map { Settled(host: $0.host) }
        var made = 0

        await withTaskGroup(of: (Int, Int, ConnectOutcome).self) { group in
            var next = 0
            func startNext() {
                let (job, port) = attempts[next]
                next += 1
                let host = jobs[job].host
                group.addTask { (job, port, await connector.connect(to: host, port: port, timeout: timeout)) }
            }
            while next < min(max(1, concurrency), attempts.count) { startNext() }
            while let (job, port, outcome) = await group.next() {
                made += 1
                switch outcome {
                case .open: settled[job].open.insert(port)
                case .refused: break
                case .timedOut, .failed: settled[job].unanswered.insert(port)
                }
                remaining[job] -= 1
                if remaining[job] == 0 { onSettled(settled[job]) }
                if next < attempts.count, !Task.isCancelled { startNext() }
            }
        }
        return made
    }
}
