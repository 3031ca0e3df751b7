public import HiveProtocols

/// The daemon's whole configuration: `config.json` plus environment overrides, validated.
///
/// Keys and defaults follow the seed deployment guide (`network.*`, `intervals.*`, `plant.*`,
/// `database.path`, `http.addr`); everything an operator may need to tune — worker counts
/// included — is here rather than in code.
public struct PowerHiveConfig: Sendable {
    /// This instance.
    public struct Instance: Sendable { public var id: String }

    /// Discovery settings.
    public struct Network: Sendable {
        /// CIDRs and ranges to scan.
        public var subnets: [String]
        /// TCP connect timeout of the fast scan stage.
        public var lightScanTimeoutMs: Int
        /// Timeout of identification probes.
        public var minerProbeTimeoutMs: Int
        /// Concurrent TCP connects in the fast stage.
        public var scanConcurrency: Int
        /// Hosts identified concurrently.
        public var probeConcurrency: Int
        /// Largest subnet accepted, as a prefix length (16 = a /16).
        public var maxSubnetPrefix: Int
        /// Consecutive misses before a miner counts as offline.
        public var offlineAfterMisses: Int
        /// Listen for Antminer (UDP 14235) and Whatsminer (UDP 8888) IP-report datagrams.
        public var passiveDiscovery: Bool
    }

    /// Loop intervals.
    public struct Intervals: Sendable {
        /// Discovery sweep.
        public var discoverySeconds: Int
        /// Status poll.
        public var statusSeconds: Int
        /// Detailed telemetry poll.
        public var telemetrySeconds: Int
        /// Plant API read.
        public var plantSeconds: Int
        /// Balancer cycle.
        public var balancerSeconds: Int
    }

    /// Poller limits.
    public struct Polling: Sendable {
        /// Miners polled at once.
        public var concurrency: Int
        /// Deadline for one miner's status read.
        public var statusDeadlineSeconds: Int
        /// Deadline for one miner's telemetry read.
        public var telemetryDeadlineSeconds: Int
    }

    /// The plant / energy API.
    public struct Plant: Sendable {
        /// Endpoint URL; `nil` disables the plant poller (and the balancer has no budget).
        public var apiEndpoint: String?
        /// Bearer key (also from `POWERHIVE_PLANT_API_KEY`).
        public var apiKey: Secret?
        /// `plant_id` query parameter.
        public var plantID: String?
        /// Unit of the `*_mw` fields: the real service sends kW there.
        public var unit: String
        /// Readings with a lower `trust.confidence_score` are not used.
        public var minConfidence: Double
        /// Deadline for one plant API request (connection, TLS and body).
        public var timeoutSeconds: Int
    }

    /// The balancer.
    public struct Balancer: Sendable {
        /// Whether the balancer runs at all.
        public var enabled: Bool
        /// `active`, `dry_run` (decide and log only) or `monitoring_only` (never write to miners).
        public var mode: String
        /// Which figure the budget follows: `generation` (generation × (1 − safety margin) −
        /// other load), `fixed` (`fixed_cap_kw`, no plant needed) or `available` (the plant's
        /// direct available-power field × (1 − safety margin)).
        public var budgetSource: String
        /// Fraction of generation kept in reserve.
        public var safetyMargin: Double
        /// Other site load to subtract from generation, kW.
        public var otherLoadKW: Double
        /// The fixed cap, kW, when `budgetSource` is `fixed` (required then, refused otherwise).
        public var fixedCapKW: Double?
        /// Plant data older than this triggers the fail-safe.
        public var staleAfterSeconds: Int
        /// The fail-safe level, kW; `nil` = sleep every managed miner.
        public var failSafeKW: Double?
        /// Per-miner cooldown between changes.
        public var cooldownSeconds: Int
        /// No action while consumption is within this band under the budget, kW.
        public var deadbandKW: Double
        /// Miners raised per cycle; `nil`: 1 % of the managed miners, at least 10, at most 100.
        public var restoreBatchSize: Int?
        /// Failed changes in a row before a miner is set aside.
        public var maxAttempts: Int
        /// How long a miner is set aside after `maxAttempts` failures.
        public var quarantineSeconds: Int
        /// Draw assumed for a sleeping miner whose firmware does not report it, W.
        public var assumedSleepW: Double
        /// Smallest raise worth a command, W.
        public var minChangeW: Double
        /// How long after its settle time a change may wait for a read-back before it counts
        /// as not applied.
        public var readBackGraceSeconds: Int
    }

    /// Storage.
    public struct Database: Sendable {
        /// SQLite file.
        public var path: String
        /// `postgres://…` selects PostgreSQL instead.
        public var url: Secret?
        /// Most PostgreSQL connections the pool opens (`database.pool_size`).
        public var poolSize: Int = 10

        /// `database.url` parsed, or `nil` when it is not set (SQLite).
        /// - Throws: a ``ConfigError`` naming `database.url` (never echoing it: it may hold a
        ///   password) when it is set but not a usable PostgreSQL URL.
        public var postgresURL: PostgresURL? {
            get throws {
                guard let url else { return nil }
                guard let parsed = PostgresURL(url.value) else {
                    throw ConfigError(source: "config", problems: [Self.badURL])
                }
                return parsed
            }
        }

        static let badURL = ConfigProblem(
            key: "database.url", value: nil,
            expected: "a URL like postgres://user:password@host:5432/database (no query parameters)")
    }

    /// Retention windows.
    public struct Retention: Sendable {
        /// Raw status rows.
        public var statusDays: Int
        /// Per-chip telemetry.
        public var chipDays: Int
        /// Per-board snapshots.
        public var boardDays: Int
        /// Rollups.
        public var rollupDays: Int
        /// Plant readings (every attempt, with its raw body).
        public var plantDays: Int
        /// The balancer's audit log.
        public var auditDays: Int
    }

    /// The web server.
    public struct HTTP: Sendable {
        /// Listen address, `host:port` or `:port`.
        public var addr: String
        /// The host part (`0.0.0.0` when omitted).
        public var host: String
        /// The port.
        public var port: Int
    }

    /// Dashboard authentication.
    public struct Auth: Sendable {
        /// `password` or `none` (loopback only).
        public var mode: String
        /// First admin password (also `POWERHIVE_ADMIN_PASSWORD`); generated when absent.
        public var adminPassword: Secret?
    }

    /// Logging.
    public struct Logging: Sendable {
        /// Level name.
        public var level: String
        /// `text` or `json`.
        public var format: String
    }

    public var instance: Instance
    public var network: Network
    public var intervals: Intervals
    public var polling: Polling
    public var plant: Plant
    public var balancer: Balancer
    public var database: Database
    public var retention: Retention
    public var http: HTTP
    public var auth: Auth
    public var logging: Logging
    /// Credentials per driver id (operator-configured; drivers' defaults apply otherwise).
    public var credentials: [DriverID: Credentials]
}
