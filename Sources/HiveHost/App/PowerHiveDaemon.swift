import AsyncHTTPClient
import Foundation
public import HiveProtocols
public import Logging
public import ServiceLifecycle

/// The daemon: storage, discovery, pollers, retention, (as they are wired) plant and balancer,
/// and the web server as one `ServiceGroup`, in dependency order; shutdown runs in reverse, so
/// the web server stops first and the shared HTTP client last.
///
/// `powerhive run` and `powerhive demo` build it from a validated `PowerHiveConfig`; tests
/// build it the same way against a simulated fleet.
public struct PowerHiveDaemon: Sendable {
    /// The validated configuration.
    public let config: PowerHiveConfig
    /// The store (SQLite, or PostgreSQL when `database.url` is set).
    public let store: any HiveStore
    /// The database the store, users and audit log live in.
    public let storage: DaemonStorage
    /// The shared driver sessions.
    public let sessions: MinerSessionPool
    /// Loop heartbeats, metrics and discovery runs the services report to.
    public let reporting: DaemonReporting
    /// What the web server reads and acts through.
    public let web: WebContext
    /// The services, in start order (the web server last).
    public let services: [any Service]
    /// Logger.
    public let logger: Logger

    /// Builds the daemon: opens (and migrates) the database, makes the transports, and
    /// creates every service. Nothing runs until `run()`.
    ///
    /// - Throws: the store's errors, ``WebStartupError`` (e.g. `auth.mode: "none"` off loopback).
    public static func build(
        config: PowerHiveConfig, registry: DriverRegistry, logger: Logger,
        clock: any Clock<Duration> = ContinuousClock()
    ) async throws -> PowerHiveDaemon {
        let now: @Sendable () -> UnixMillis = { UnixMillis(Date()) }
        let storage = try await DaemonStorage.open(config: config, logger: logger)
        let store = storage.store
        let httpClient = HTTPClientFactory.makeClient(
            configuration: .init(connectTimeout: .milliseconds(config.network.minerProbeTimeoutMs)))
        let factory = LiveTransportFactory(httpClient: httpClient)
        let credentialStore = StoredCredentials(store: store, now: now)
        let sessions = MinerSessionPool(
            registry: registry, transports: { factory.transports(for: $0) }, credentialStore: credentialStore,
            credentials: config.credentials, store: store, logger: logger)
        let reporting = DaemonReporting(now: now)
        typealias Loop = DaemonReporting.Loop

        // The database pool first: it stops last.
        var services: [any Service] = storage.services + [HTTPClientService(client: httpClient)]
        reporting.register(Loop.discovery, interval: .seconds(config.intervals.discoverySeconds))
        services.append(
            try await makeDiscovery(
                config: config, registry: registry, store: store, factory: factory, credentialStore: credentialStore,
                clock: clock, logger: logger, onCycle: reporting.discoveryCycle))

        var status = PollerConfiguration.status
        status.interval = .seconds(config.intervals.statusSeconds)
        status.perMinerDeadline = .seconds(config.polling.statusDeadlineSeconds)
        status.maxConcurrentPolls = config.polling.concurrency
        status.offlineAfterMisses = config.network.offlineAfterMisses
        reporting.register(Loop.status, interval: status.interval)
        services.append(
            StatusPoller(
                store: store, sessions: sessions, configuration: status, clock: clock, gate: factory.gate, now: now,
                logger: logger.labelled("status"), observer: reporting.pollObserver(Loop.status)))

        var telemetry = PollerConfiguration.telemetry
        telemetry.interval = .seconds(config.intervals.telemetrySeconds)
        telemetry.perMinerDeadline = .seconds(config.polling.telemetryDeadlineSeconds)
        telemetry.maxConcurrentPolls = max(1, config.polling.concurrency / 4)
        reporting.register(Loop.telemetry, interval: telemetry.interval)
        // No gate check for telemetry: a status request in flight would make every miner look
        // busy and the hourly cycle skip them all. Its requests still queue on the transports'
        // gate (one request per miner); only its own previous cycle makes it skip a miner.
        services.append(
            TelemetryPoller(
                store: store, sessions: sessions, configuration: telemetry, clock: clock, gate: nil, now: now,
                logger: logger.labelled("telemetry"), observer: reporting.pollObserver(Loop.telemetry)))

        var retention = RetentionService.Configuration()
        retention.rawStatuses = .seconds(config.retention.statusDays * 86_400)
        retention.chipTelemetry = .seconds(config.retention.chipDays * 86_400)
        retention.boardSnapshots = .seconds(config.retention.boardDays * 86_400)
        retention.fiveMinuteRollups = .seconds(config.retention.rollupDays * 86_400)
        retention.hourlyRollups = .seconds(config.retention.rollupDays * 86_400)
        retention.plantReadings = .seconds(config.retention.plantDays * 86_400)
        retention.balancerAudit = .seconds(config.retention.auditDays * 86_400)
        reporting.register(Loop.retention, interval: retention.interval)
        services.append(
            RetentionService(
                store: store, configuration: retention, clock: clock, logger: logger.labelled("retention"),
                onRun: reporting.retentionRun))

        // MARK: Energy (plant poller + balancer), between retention and the web server. Without a
        // plant endpoint or a fixed cap there is nothing to balance against: the web answers 503
        // for the energy routes and /healthz does not expect those loops.
        var providers = WebProviders()
        let instanceID = config.instance.id
        reporting.metrics.recordInstance(instanceID, leading: store is PostgresFleetStore ? false : nil)
        if let energy = try makeEnergy(
            config: config, store: store, sessions: sessions, httpClient: httpClient, clock: clock, logger: logger,
            heartbeat: { reporting.loops.tick($0) },
            onLeadership: { reporting.metrics.recordInstance(instanceID, leading: $0) })
        {
            reporting.register(DaemonReporting.Loop.plant, interval: .seconds(config.intervals.plantSeconds))
            if energy.balancer != nil {
                reporting.register(DaemonReporting.Loop.balancer, interval: .seconds(config.intervals.balancerSeconds))
            }
            services += energy.services
            providers = energy.webProviders
        }

        let web = try makeWebContext(
            config: config, storage: storage, sessions: sessions, reporting: reporting, providers: providers, now: now,
            clock: clock, logger: logger)
        services.append(try WebServer.makeWebApplication(context: web))

        return PowerHiveDaemon(
            config: config, store: store, storage: storage, sessions: sessions, reporting: reporting, web: web,
            services: services, logger: logger)
    }

    private static func makeDiscovery(
        config: PowerHiveConfig, registry: DriverRegistry, store: any FleetStore, factory: LiveTransportFactory,
        credentialStore: any CredentialStore, clock: any Clock<Duration>, logger: Logger,
        onCycle: @escaping @Sendable (DiscoveryService.CycleReport) -> Void
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
            logger: logger.labelled("discovery"), transports: { factory.transports(for: $0) },
            newHostTransports: { factory.transports(for: $0, scope: .port) })
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
            logger: logger.labelled("discovery"), onCycle: onCycle)
    }

    /// Runs every service until SIGTERM / SIGINT (or a service fails), then shuts down in
    /// reverse order: the web server first, the shared HTTP client last. A graceful shutdown
    /// that takes longer than `shutdownLimit` (a poll cycle waiting on hung miners) is turned
    /// into cancellation, so the process exits within the limit.
    public func run(shutdownLimit: Duration = .seconds(8)) async throws {
        var configuration = ServiceGroupConfiguration(
            services: services.map {
                .init(
                    service: $0, successTerminationBehavior: .gracefullyShutdownGroup,
                    failureTerminationBehavior: .gracefullyShutdownGroup)
            },
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        configuration.maximumGracefulShutdownDuration = shutdownLimit
        try await ServiceGroup(configuration: configuration).run()
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
