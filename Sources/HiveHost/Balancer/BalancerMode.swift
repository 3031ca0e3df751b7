/// What the balancer is allowed to do.
public enum BalancerMode: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Decide and send commands to miners.
    case active
    /// Decide and log (audit entries with outcome `dry run`), never send.
    case dryRun = "dry_run"
    /// Compute the budget and the fleet's state only: no decisions, never write to a miner.
    case monitoringOnly = "monitoring_only"

    /// Parses the configuration spelling (`active`, `dry_run`, `monitoring_only`).
    public init?(configValue: String) { self.init(rawValue: configValue) }

    /// The configuration spelling.
    public var description: String { rawValue }
}
