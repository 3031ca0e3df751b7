public import AsyncHTTPClient
import Foundation
import HiveProtocols
public import Logging
import NIOCore
import NIOPosix
public import ServiceLifecycle

/// The plant poller and the balancer as the daemon runs them, and what the web server needs of
/// them.
public struct EnergyServices: Sendable {
    /// The plant poller; `nil` with a fixed budget and no plant endpoint.
    public var plantPoller: PlantPoller?
    /// The balancer; `nil` unless `balancer.enabled`.
    public var balancer: BalancerService?
    /// Plant readings and balancer state for the Energy page and API.
    public var status: any EnergyStatusProvider
    /// The services in start order: the plant's HTTP client owner (shut down last), the plant
    /// poller, the balancer.
    public var services: [any Service]

    /// The web server's energy providers: status, budget overrides and the cooldown observer
    /// (the last two are the balancer, when it runs).
    public var webProviders: WebProviders {
        WebProviders(energy: status, budget: balancer, observer: balancer)
    }
}

extension BalancerService: BudgetOverrideController {}

extension PowerHiveDaemon {
    /// Builds the plant poller and the balancer from `plant.*` and `balancer.*`; `nil` when
    /// there is nothing to run: no plant endpoint and no fixed budget.
    ///
    /// The plant API gets its own HTTP client that **verifies TLS certificates** (the bearer key
    /// goes over it; the miners' shared client does not verify, their certificates being
    /// self-signed), follows no redirects, and is shut down with the daemon. Requests to it are
    /// bounded by `plant.timeout_seconds`. The balancer reads the fleet from `store` and the
    /// miners through `sessions` (requests queue on the transports' per-miner gate), and keeps
    /// its state and audit log in `store`.
    ///
    /// - Parameters:
    ///   - httpClient: The miners' shared client (unused for the plant; kept so callers need not
    ///     change if a plant on a trusted LAN should share it one day).
    ///   - heartbeat: Called with `"plant"` after each stored reading and `"balancer"` after each
    ///     cycle (`DaemonReporting.Loop` names).
    ///   - onLeadership: Told when this instance gains or loses the balancer's lead (instances
    ///     sharing a PostgreSQL database).
    /// - Throws: a `ConfigError` when the plant endpoint or unit cannot be used.
    public static func makeEnergy(
        config: PowerHiveConfig, store: any HiveStore, sessions: MinerSessionPool, httpClient: HTTPClient,
        clock: any Clock<Duration>, logger: Logger, heartbeat: (@Sendable (String) -> Void)? = nil,
        onLeadership: (@Sendable (_ leading: Bool) -> Void)? = nil
    ) throws -> EnergyServices? {
        let fixed = config.balancer.budgetSource == "fixed"
        let plantConfiguration = PlantPoller.Configuration(config)
        if config.plant.apiEndpoint != nil, plantConfiguration == nil {
            throw ConfigError(
                source: "config",
                problems: [
                    ConfigProblem(
                        key: "plant.api_endpoint", value: config.plant.apiEndpoint,
                        expected: "an http:// or https:// URL with a host, and plant.unit one of W, kW, MW")
                ])
        }
        guard plantConfiguration != nil || fixed else {
            if config.balancer.enabled {
                logger.warning(
                    """
                    balancer.enabled but no plant.api_endpoint and balancer.budget_source is not "fixed": \
                    the balancer does not run
                    """)
            }
            return nil
        }
        var services: [any Service] = []
        var poller: PlantPoller?
        if let plantConfiguration {
            let client = makePlantClient(timeout: plantConfiguration.timeout)
            services.append(HTTPClientService(client: client))
            let transport = LiveHTTPTransport(
                host: plantConfiguration.endpoint.host, client: client, gate: MinerRequestGate(),
                configuration: .init(deadline: plantConfiguration.timeout, maximumBodySize: 1024 * 1024))
            var onPoll: (@Sendable (PlantReadingRecord) -> Void)?
            if let heartbeat { onPoll = { _ in heartbeat(DaemonReporting.Loop.plant) } }
            let made = PlantPoller(
                configuration: plantConfiguration, transport: transport, store: store, clock: clock,
                logger: logger.labelled("plant"), onPoll: onPoll)
            services.append(made)
            poller = made
            logger.notice("plant poller reads \(plantConfiguration.endpoint) every \(plantConfiguration.interval)")
        }
        var balancer: BalancerService?
        if config.balancer.enabled {
            let cache = PowerControlCache()
            let fleet = LiveFleetSnapshotProvider(
                store: store, sessions: sessions, cache: cache,
                configuration: .init(
                    concurrency: max(1, config.polling.concurrency / 4),
                    deadline: .seconds(config.polling.statusDeadlineSeconds)),
                policies: { try await store.balancerPolicies() }, clock: clock, logger: logger.labelled("balancer"))
            let executor = LiveCommandExecutor(
                store: store, sessions: sessions, cache: cache, clock: clock, logger: logger.labelled("balancer"))
            let configuration = BalancerService.Configuration(config)
            var onCycle: (@Sendable (BalancerCycleReport) -> Void)?
            if let heartbeat { onCycle = { _ in heartbeat(DaemonReporting.Loop.balancer) } }
            // Instances sharing a PostgreSQL database elect one balancer: it tries for the lock
            // at least twice per balancer interval, so a follower takes over within two cycles.
            var leadership: (@Sendable () -> Bool)?
            if let shared = store as? PostgresFleetStore {
                let election = PostgresLeaderElection(
                    store: shared, instanceID: config.instance.id,
                    retryInterval: min(.seconds(5), configuration.interval / 2), clock: clock,
                    logger: logger.labelled("leader"), onChange: onLeadership)
                services.append(election)
                leadership = { election.isLeader }
            }
            let made = BalancerService(
                configuration: configuration, fleet: fleet, executor: executor, plant: store, store: store,
                clock: clock, logger: logger.labelled("balancer"), onCycle: onCycle, leadership: leadership)
            services.append(made)
            balancer = made
            let mode = config.balancer.mode
            let source = config.balancer.budgetSource
            logger.notice("balancer runs every \(configuration.interval) in mode \(mode), budget from \(source)")
        }
        return EnergyServices(
            plantPoller: poller, balancer: balancer,
            status: StoredEnergyStatus(plant: store, balancer: balancer == nil ? nil : store), services: services)
    }

    /// A client for the plant API: certificates verified, no redirects, HTTP/1.1, connection
    /// timeout bounded by the request timeout.
    static func makePlantClient(timeout: Duration) -> HTTPClient {
        var configuration = HTTPClient.Configuration(
            certificateVerification: .fullVerification, redirectConfiguration: .disallow,
            timeout: .init(connect: TimeAmount(min(timeout, .seconds(10)))), decompression: .disabled)
        configuration.httpVersion = .http1Only
        return HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }
}
