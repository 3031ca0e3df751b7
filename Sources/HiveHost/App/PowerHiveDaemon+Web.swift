import Foundation
import Logging

/// The web server's optional providers that other parts of the daemon supply.
public struct WebProviders: Sendable {
    /// Plant and balancer state (`nil`: the energy routes answer 503).
    public var energy: (any EnergyStatusProvider)?
    /// Budget overrides, handed to the running balancer.
    public var budget: (any BudgetOverrideController)?
    /// Told about operator commands miners accepted (the balancer's cooldowns).
    public var observer: (any ControlActionObserver)?

    /// Creates the providers; all `nil` by default.
    public init(
        energy: (any EnergyStatusProvider)? = nil, budget: (any BudgetOverrideController)? = nil,
        observer: (any ControlActionObserver)? = nil
    ) {
        self.energy = energy
        self.budget = budget
        self.observer = observer
    }
}

extension PowerHiveDaemon {
    /// The web server's context over the daemon's store, sessions and reporting: users and the
    /// audit log in the fleet's database (`web_` tables), operator commands through the shared
    /// driver sessions, `/healthz` probing the database through the user store.
    static func makeWebContext(
        config: PowerHiveConfig, storage: DaemonStorage, sessions: MinerSessionPool, reporting: DaemonReporting,
        providers: WebProviders, now: @escaping @Sendable () -> UnixMillis, clock: any Clock<Duration>,
        logger: Logger
    ) throws -> WebContext {
        WebContext(
            store: storage.store, config: config, users: storage.users, audit: storage.audit,
            controller: DriverMinerController(sessions: sessions, clock: clock), observer: providers.observer,
            energy: providers.energy, budget: providers.budget, policies: storage.store,
            discovery: reporting.discoveryRuns, database: storage.probe,
            loops: reporting.loops, metrics: reporting.metrics, now: now, clock: clock, logger: logger.labelled("web"))
    }
}
