/// A host and the ports that accepted a connection.
public struct HostPorts: Sendable, Hashable, CustomStringConvertible {
    /// The host.
    public var host: IPv4Address
    /// Ports that accepted a connection.
    public var openPorts: Set<Int>
    /// Ports that neither accepted nor refused (timed out or failed): possibly open.
    public var unansweredPorts: Set<Int>

    /// Creates an entry.
    public init(host: IPv4Address, openPorts: Set<Int>, unansweredPorts: Set<Int> = []) {
        self.host = host
        self.openPorts = openPorts
        self.unansweredPorts = unansweredPorts
    }

    /// e.g. `10.0.0.5 [80, 4028]`.
    public var description: String { "\(host) \(openPorts.sorted())" }
}

/// What stage 1 found.
public struct PortScanResult: Sendable, Hashable {
    /// Hosts scanned.
    public var hostsScanned: Int
    /// Hosts with at least one open port, in the order they were settled.
    public var open: [HostPorts]
    /// Hosts without an open port whose unanswered ports were tried again.
    public var retried: Int
    /// Of those, the hosts that had an open port on the retry.
    public var foundOnRetry: Int
    /// Hosts without an open port where some port never answered (after the retry, when
    /// enabled).
    public var silent: [IPv4Address]
    /// Connect attempts made, both passes.
    public var connectAttempts: Int

    /// Creates a result.
    public init(
        hostsScanned: Int, open: [HostPorts] = [], retried: Int = 0, foundOnRetry: Int = 0, silent: [IPv4Address] = [],
        connectAttempts: Int = 0
    ) {
        self.hostsScanned = hostsScanned
        self.open = open
        self.retried = retried
        self.foundOnRetry = foundOnRetry
        self.silent = silent
        self.connectAttempts = connectAttempts
    }
}
