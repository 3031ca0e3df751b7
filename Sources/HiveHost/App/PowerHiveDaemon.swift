import AsyncHTTPClient
public import Foundation
public import HiveProtocols
public import Logging
public import ServiceLifecycle

/// The daemon: storage, discovery, pollers, retention (and, as they are wired, plant,
/// balancer and web) as one `ServiceGroup`, in dependency order; shutdown runs in reverse.
///
/// `powerhive run` and `powerhive demo` build it from a validated `PowerHiveConfig`; tests
/// build it the same way against a simulated fleet.
public struct PowerHiveDaemon: Sendable {
    /// The validated configuration.
    public let config: PowerHiveConfig
    /// The store.
    public let store: SQLiteFleetStore
    /// The shared driver sessions.
    public let sessions: MinerSessionPool
    /// The services, in start order.
    public let services: [any Service]
    /// Logger.
    public let logger: Logger

    /// Builds the daemon: opens (and migrates) the database, makes the transports, and
    /// creates every service. Nothing runs until `run()`.
    public static func build(
        config: PowerHiveConfig, registry: DriverRegistry, logger: Logger,
        clock: any Clock<Duration> = ContinuousClock()
    ) async throws -> PowerHiveDaemon {
        let store = try SQLiteFleetStore(configuration: .init(path: config.database.path))
        let httpClient = HTTPClientFactory.makeClient(
            configuration: .init(connectTimeout: .milliseconds(config.network.minerProbeTimeoutMs)))
        let factory = LiveTransportFactory(httpClient: httpClient)
        let credentialStore = StoredCredentials(store: store, now: { UnixMillis(Date()) })
        let sessions = MinerSessionPool(
            registry: registry, transports: { factory.transports(for: $0) }, credentialStore: credentialStore,
            credentials: config.credentials, store: store, logger: logger)

        var services: [any Service] = [HTTPClientService(client: httpClient)]
        services.append(
            try await makeDiscovery(
                config: config, registry: registry, store: store, factory: factory, credentialStore: credentialStore,
                clock: clock, logger: logger))

        var status = PollerConfiguration.status
        status.interval = .seconds(config.intervals.statusSeconds)
        status.perMinerDeadline = .seconds(config.polling.statusDeadlineSeconds)
        status.maxConcurrentPolls = config.polling.concurrency
        status.offlineAfterMisses = config.network.offlineAfterMisses
        services.append(
            StatusPoller(
                store: store, sessions: sessions, configuration: status, clock: clock, gate: factory.gate,
                logger: logger.labelled("status")))

        var telemetry = PollerConfiguration.telemetry
        telemetry.interval = .seconds(config.intervals.telemetrySeconds)
        telemetry.perMinerDeadline = .seconds(config.polling.telemetryDeadlineSeconds)
        telemetry.maxConcurrentPolls = max(1, config.polling.concurrency / 4)
        // No gate check for telemetry: a status request in flight would make every miner look
        // busy and the hourly cycle skip them all. Its requests still queue on the transports'
        // gate (one request per miner); only its own previous cycle makes it skip a miner.
        services.append(
            TelemetryPoller(
                store: store, sessions: sessions, configuration: telemetry, clock: clock, gate: nil,
                logger: logger.labelled("telemetry")))

        var retention = RetentionService.Configuration()
        retention.rawStatuses = .seconds(config.retention.statusDays * 86_400)
        retention.chipTelemetry = .seconds(config.retention.chipDays * 86_400)
        retention.boardSnapshots = .seconds(config.retention.boardDays * 86_400)
        retention.fiveMinuteRollups = .seconds(config.retention.rollupDays * 86_400)
        retention.hourlyRollups = .seconds(config.retention.rollupDays * 86_400)
        services.append(
            RetentionService(store: store, configuration: retention, clock: clock, logger: logger.labelled("retention"))
        )

        return PowerHiveDaemon(config: config, store: store, sessions: sessions, services: services, logger: logger)
    }

    private static func makeDiscovery(
        config: PowerHiveConfig, registry: DriverRegistry, store: SQLiteFleetStore, factory: LiveTransportFactory,
        credentialStore: any CredentialStore, clock: any Clock<Duration>, logger: Logger
    ) async throws -> DiscoveryService {
        let targets = try ScanTargets(
            config.network.subnets,
            configuration: .init(maximumAddressesPerEntry: 1 << (32 - config.network.maxSubnetPrefix)))
        let portScanner = PortScanner(
            registry: registry,
            configuration: .init(
                timeout: .milliseconds(config.network.lightScanTimeoutMs),
                concurrency: config.network.scanConcurrency))
        let credentials = config.credentials
        let identifier = Identifier(
            registry: registry,
            configuration: .init(
                probeTimeout: .milliseconds(config.network.minerProbeTimeoutMs),
                concurrency: config.network.probeConcurrency),
            clock: clock, credentials: { _, driver in credentials[driver] }, credentialStore: credentialStore,
            logger: logger.labelled("discovery"), transports: { factory.transports(for: $0) })
        var listener: PassiveDiscoveryListener?
        if config.network.passiveDiscovery {
            do {
                listener = try await PassiveDiscoveryListener.bind(.init())
            } catch {
                logger.warning("passive discovery disabled: cannot listen on UDP 14235/8888: \(error)")
            }
        }
        return DiscoveryService(
            targets: targets, scanner: DiscoveryScanner(portScanner: portScanner, identifier: identifier, clock: clock),
            inventory: FleetStoreInventory(store: store, offlineAfter: config.network.offlineAfterMisses),
            listener: listener,
            configuration: .init(interval: .seconds(config.intervals.discoverySeconds)), clock: clock,
            logger: logger.labelled("discovery"))
    }

    /// Runs every service until SIGTERM / SIGINT (or a service fails), then shuts down in
    /// reverse order.
    public func run() async throws {
        let group = ServiceGroup(
            configuration: .init(
                services: services.map {
                    .init(
                        service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                        failureTerminationBehavior: .gracefullyShutdownGroup)
                },
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

extension Logger {
    /// A copy with a `loop` metadata value.
    func labelled(_ loop: String) -> Logger {
        var copy = self
        copy[metadataKey: "loop"] = "\(loop)"
        return copy
    }
}
