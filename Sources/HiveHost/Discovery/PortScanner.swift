public import HiveProtocols

/// Stage 1 of discovery: a TCP connect scan of the drivers' ports, to find the hosts worth
/// probing.
///
/// Every (host, port) pair is one connect attempt, run at most ``Configuration/concurrency``
/// at a time, in target order (so the interleaving of ``ScanTargets`` carries through). A
/// host is reported (``scan(_:onOpen:)``'s `onOpen`) as soon as all its ports are settled,
/// so identification can start before the sweep ends.
///
/// A host none of whose ports answered at all (every attempt timed out or failed, none was
/// refused) is tried once more after the first pass, at the lower
/// ``Configuration/retryConcurrency``: aggressive scans miss miners (a cold ARP cache, a
/// congested switch). A refusal is a definite answer and is never retried; a host that
/// refused every port is simply not a miner.
public struct PortScanner: Sendable {
    /// Scan settings.
    public struct Configuration: Sendable, Hashable {
        /// Connect timeout per attempt (`network.light_scan_timeout_ms`, default 300 ms).
        public var timeout: Duration
        /// Connect attempts in flight at once. The default, 512, sweeps a /22 with six ports
        /// in well under a second when most hosts answer; it needs that many file
        /// descriptors on top of the process's others.
        public var concurrency: Int
        /// Whether silent hosts are tried a second time.
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

        let first = await pass(hosts, concurrency: configuration.concurrency, timeout: configuration.timeout) {
            result.open.append($0)
            onOpen($0)
        }
        result.connectAttempts += first.attempts
        var silent = first.silent
        if configuration.retrySilentHosts, !silent.isEmpty, !Task.isCancelled {
            result.retried = silent.count
            let foundBefore = result.open.count
            let second = await pass(
                silent, concurrency: configuration.retryConcurrency,
                timeout: configuration.retryTimeout ?? configuration.timeout
            ) {
                result.open.append($0)
                onOpen($0)
            }
            result.connectAttempts += second.attempts
            result.foundOnRetry = result.open.count - foundBefore
            silent = second.silent
        }
        result.silent = silent
        return result
    }

    private struct PassOutcome {
        var silent: [IPv4Address] = []
        var attempts = 0
    }

    /// One pass over `hosts` × `ports` with a sliding window of `concurrency` attempts.
    private func pass(
        _ hosts: [IPv4Address], concurrency: Int, timeout: Duration, onOpen: (HostPorts) -> Void
    ) async -> PassOutcome {
        let ports = self.ports
        let connector = self.connector
        let total = hosts.count * ports.count
        var remaining = Array(repeating: ports.count, count: hosts.count)
        var openPorts = Array(repeating: Set<Int>(), count: hosts.count)
        var answered = Array(repeating: false, count: hosts.count)
        var outcome = PassOutcome()

        await withTaskGroup(of: (Int, ConnectOutcome).self) { group in
            var next = 0
            func startNext() {
                let job = next
                next += 1
                let host = hosts[job / ports.count]
                let port = ports[job % ports.count]
                group.addTask { (job, await connector.connect(to: host, port: port, timeout: timeout)) }
            }
            while next < min(max(1, concurrency), total) { startNext() }
            while let (job, result) = await group.next() {
                outcome.attempts += 1
                let index = job / ports.count
                if result == .open { openPorts[index].insert(ports[job % ports.count]) }
                if result.hostAnswered { answered[index] = true }
                remaining[index] -= 1
                if remaining[index] == 0 {
                    if !openPorts[index].isEmpty {
                        onOpen(HostPorts(host: hosts[index], openPorts: openPorts[index]))
                    } else if !answered[index] {
                        outcome.silent.append(hosts[index])
                    }
                }
                if next < total, !Task.isCancelled { startNext() }
            }
        }
        return outcome
    }
}
