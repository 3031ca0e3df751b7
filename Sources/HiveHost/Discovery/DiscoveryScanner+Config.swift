public import HiveProtocols
public import Logging

extension ScanTargets {
    /// The sweep's addresses from the `network.*` keys: `subnets`, each entry at most as
    /// large as `max_subnet_prefix` allows.
    ///
    /// - Throws: ``ScanTargetError`` naming every invalid or oversized entry.
    public init(network: PowerHiveConfig.Network) throws {
        try self.init(network.subnets, network: network)
    }

    /// `entries` (instead of `network.subnets`) under the `max_subnet_prefix` limit.
    ///
    /// - Throws: ``ScanTargetError`` naming every invalid or oversized entry.
    public init(_ entries: [String], network: PowerHiveConfig.Network) throws {
        let prefix = min(32, max(0, network.maxSubnetPrefix))
        try self.init(entries, configuration: .init(maximumAddressesPerEntry: 1 << (32 - prefix)))
    }
}

extension DiscoveryScanner {
    /// A scanner set up from the `network.*` config keys, as the daemon runs it: connect
    /// timeout `light_scan_timeout_ms`, `scan_concurrency` connects at once, probe deadline
    /// `miner_probe_timeout_ms`, `probe_concurrency` hosts identified at once.
    ///
    /// - Parameters:
    ///   - network: The `network` section.
    ///   - registry: The drivers (their ports are swept, their probes sent).
    ///   - credentials: Operator credentials per driver (the driver's defaults otherwise).
    ///   - credentialStore: Where drivers keep secrets they create on a miner.
    ///   - clock: The clock the deadlines and the elapsed time run on.
    ///   - logger: Logger.
    ///   - readTimeout: The deadline for the matched driver's `identity()` (and `status()`).
    ///   - readsStatus: Whether identified miners' `status()` is read too (a one-shot scan).
    ///   - transports: Makes a host's transports (usually `LiveTransportFactory.transports(for:)`).
    ///   - newHostTransports: Makes the transports for a sweep host that is no known miner
    ///     (usually `LiveTransportFactory.transports(for:scope: .port)`; default: `transports`).
    public init(
        network: PowerHiveConfig.Network, registry: DriverRegistry, credentials: [DriverID: Credentials] = [:],
        credentialStore: any CredentialStore = InMemoryCredentialStore(),
        clock: any Clock<Duration> = ContinuousClock(), logger: Logger = Logger(label: "powerhive.discovery"),
        readTimeout: Duration = .seconds(3), readsStatus: Bool = false,
        transports: @escaping Identifier.TransportFactory, newHostTransports: Identifier.TransportFactory? = nil
    ) {
        let portScanner = PortScanner(
            registry: registry,
            configuration: .init(
                timeout: .milliseconds(network.lightScanTimeoutMs), concurrency: network.scanConcurrency))
        let identifier = Identifier(
            registry: registry,
            configuration: .init(
                probeTimeout: .milliseconds(network.minerProbeTimeoutMs), identityTimeout: readTimeout,
                concurrency: network.probeConcurrency, readsStatus: readsStatus),
            clock: clock, credentials: { _, driver in credentials[driver] }, credentialStore: credentialStore,
            logger: logger, transports: transports, newHostTransports: newHostTransports)
        self.init(portScanner: portScanner, identifier: identifier, clock: clock)
    }
}
