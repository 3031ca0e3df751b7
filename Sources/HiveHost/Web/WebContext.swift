public import Logging

/// Everything the web server reads and acts through, built once by the daemon (and by tests).
///
/// Optional providers may be `nil` while their part of the daemon is not wired or is disabled;
/// the matching API routes then answer 503 `unavailable` and pages say so.
public struct WebContext: Sendable {
    /// The fleet inventory and samples.
    public var store: any FleetStore
    /// The daemon's configuration (secrets are never shown; `maskedJSON` is).
    public var config: PowerHiveConfig
    /// Users, sessions and API tokens.
    public var users: any UserStore
    /// Who changed what.
    public var audit: any ControlAuditLog
    /// Sends operator commands to miners.
    public var controller: (any MinerController)?
    /// Told about commands miners accepted (the balancer, for its cooldowns).
    public var observer: (any ControlActionObserver)?
    /// Plant and balancer state.
    public var energy: (any EnergyStatusProvider)?
    /// Budget overrides.
    public var budget: (any BudgetOverrideController)?
    /// The operator's balancer policies per miner and model.
    public var policies: (any BalancerPolicyStore)?
    /// Discovery runs.
    public var discovery: (any DiscoveryStatusProvider)?
    /// Database health probe.
    public var database: (any DatabaseProbe)?
    /// Loop heartbeats.
    public var loops: LoopHealth
    /// Prometheus registry fed by the services, plus scrape-time fleet gauges.
    public var metrics: HostMetrics
    /// Wall time.
    public var now: @Sendable () -> UnixMillis
    /// Sleeps (server-sent events).
    public var clock: any Clock<Duration>
    /// The server's logger.
    public var logger: Logger
    /// Web-only settings.
    public var web: WebConfiguration
    /// Login throttling, shared by all requests.
    public let rateLimiter: LoginRateLimiter

    /// Creates a context.
    public init(
        store: any FleetStore, config: PowerHiveConfig, users: any UserStore, audit: any ControlAuditLog,
        controller: (any MinerController)? = nil, observer: (any ControlActionObserver)? = nil,
        energy: (any EnergyStatusProvider)? = nil,
        budget: (any BudgetOverrideController)? = nil, policies: (any BalancerPolicyStore)? = nil,
        discovery: (any DiscoveryStatusProvider)? = nil,
        database: (any DatabaseProbe)? = nil, loops: LoopHealth, metrics: HostMetrics,
        now: @escaping @Sendable () -> UnixMillis, clock: any Clock<Duration> = ContinuousClock(),
        logger: Logger, web: WebConfiguration = WebConfiguration()
    ) {
        self.store = store
        self.config = config
        self.users = users
        self.audit = audit
        self.controller = controller
        self.observer = observer
        self.energy = energy
        self.budget = budget
        self.policies = policies
        self.discovery = discovery
        self.database = database
        self.loops = loops
        self.metrics = metrics
        self.now = now
        self.clock = clock
        self.logger = logger
        self.web = web
        self.rateLimiter = LoginRateLimiter(configuration: web.loginLimits)
    }

    /// Whether authentication is off (`auth.mode: "none"`).
    var authDisabled: Bool { config.auth.mode == "none" }
}
