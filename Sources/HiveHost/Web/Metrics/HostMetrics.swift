public import Metrics
public import Prometheus

/// The process's Prometheus registry: histograms and counters the services feed while they run
/// (poll and scan cycle durations, poll results, balancer actions, logins), plus a swift-metrics
/// factory over the same registry for code that speaks swift-metrics.
///
/// Nothing is bootstrapped globally: pass ``factory`` to `Counter(label:dimensions:factory:)`
/// and friends. Names that ``HostMetrics`` or the scrape-time ``FleetMetricsCollector`` own are
/// reserved: a swift-metrics metric with such a name is renamed with an `_external` suffix
/// instead of crashing the registry on a type or help-text clash.
public final class HostMetrics: Sendable {
    /// The registry `/metrics` emits after the scrape-time fleet gauges.
    public let registry: PrometheusCollectorRegistry
    /// A swift-metrics factory writing into ``registry``.
    public let factory: any MetricsFactory

    /// Creates an empty registry.
    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.nameAndLabelSanitizer = { name, labels in
            (Self.reservedNames.contains(name) ? name + "_external" : name, labels)
        }
        self.factory = factory
    }

    /// Records a finished poll cycle: its duration, and each miner's result by outcome
    /// (`ok`, `timed_out`, `unreachable`, `failed`, `skipped`).
    public func record(cycle: CycleReport) {
        let poll = Self.labelValue(cycle.poll)
        registry.makeDurationHistogram(
            descriptor: Self.pollDuration, labels: [("poll", poll)], buckets: Self.pollBuckets
        ).recordNanoseconds(Self.nanoseconds(cycle.elapsed))
        let outcomes: [(String, Int)] = [
            ("ok", cycle.ok), ("timed_out", cycle.timedOut), ("unreachable", cycle.unreachable),
            ("failed", max(0, cycle.failed - cycle.unreachable)), ("skipped", cycle.skipped),
        ]
        for (outcome, count) in outcomes {
            let counter = registry.makeCounter(
                descriptor: Self.pollResults, labels: [("poll", poll), ("outcome", outcome)])
            if count > 0 { counter.increment(by: Int64(count)) }
        }
    }

    /// Records a finished discovery sweep.
    public func recordScan(elapsed: Duration, succeeded: Bool = true) {
        registry.makeDurationHistogram(
            descriptor: Self.scanDuration, labels: [("result", succeeded ? "ok" : "failed")], buckets: Self.scanBuckets
        ).recordNanoseconds(Self.nanoseconds(elapsed))
    }

    /// Counts one balancer action by its outcome (`verified`, `pending`, `rejected`, `failed`,
    /// `dry_run`…).
    public func recordBalancerAction(outcome: String) {
        registry.makeCounter(descriptor: Self.balancerActions, labels: [("outcome", Self.labelValue(outcome))])
            .increment()
    }

    /// Counts one plant API read by outcome (`usable`, `unusable`, `failed`).
    public func recordPlantRead(outcome: String) {
        registry.makeCounter(descriptor: Self.plantReads, labels: [("outcome", Self.labelValue(outcome))]).increment()
    }

    /// Counts a login attempt (`success`, `failure`, `throttled`).
    func recordLogin(result: String) {
        registry.makeCounter(descriptor: Self.logins, labels: [("result", result)]).increment()
    }

    /// Counts an operator command by action and outcome.
    func recordControl(action: String, outcome: String) {
        registry.makeCounter(
            descriptor: Self.controls, labels: [("action", action), ("outcome", Self.labelValue(outcome))]
        ).increment()
    }

    /// Records this instance's id (`powerhive_instance_info{instance}` 1) and, where several
    /// instances share a PostgreSQL database, whether it runs the balancer
    /// (`powerhive_balancer_leader{instance}` 1 or 0; absent for a single SQLite instance).
    public func recordInstance(_ id: String, leading: Bool?) {
        // The operator's id as written (letters, digits, `-_.:`), anything else as `_`.
        let label = String(id.map { $0.isLetter || $0.isNumber || "-_.:".contains($0) ? $0 : "_" }.prefix(64))
        let labels = [("instance", label)]
        registry.makeGauge(descriptor: Self.instanceInfo, labels: labels).set(to: 1.0)
        if let leading {
            registry.makeGauge(descriptor: Self.balancerLeader, labels: labels).set(to: leading ? 1.0 : 0.0)
        }
    }

    /// The registry's text.
    func emit() -> String { registry.emitToString() }

    // MARK: Families

    static var pollDuration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "powerhive", subsystem: "poll", metricName: "cycle_duration", unitName: "seconds",
            helpText: "Duration of one poll cycle over the fleet.")
    }
    static var instanceInfo: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "powerhive", subsystem: "instance", metricName: "info",
            helpText: "This PowerHive instance (value 1), by instance.id.")
    }
    static var balancerLeader: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "powerhive", subsystem: "balancer", metricName: "leader",
            helpText: "Whether this instance holds the balancer's leader lock (several instances on PostgreSQL).")
    }
    static var pollResults: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "powerhive", subsystem: "poll", metricName: "results", unitName: "total",
            helpText: "Per-miner poll results by outcome.")
    }
    static var scanDuration: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "powerhive", subsystem: "scan", metricName: "cycle_duration", unitName: "seconds",
            helpText: "Duration of one discovery sweep.")
    }
    static var balancerActions: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "powerhive", subsystem: "balancer", metricName: "actions", unitName: "total",
            helpText: "Balancer actions by outcome.")
    }
    static var plantReads: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "powerhive", subsystem: "plant", metricName: "reads", unitName: "total",
            helpText: "Plant API reads by outcome.")
    }
    static var logins: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "powerhive", subsystem: "web", metricName: "logins", unitName: "total",
            helpText: "Dashboard login attempts by result.")
    }
    static var controls: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "powerhive", subsystem: "web", metricName: "control_actions", unitName: "total",
            helpText: "Operator commands sent to miners by action and outcome.")
    }

    static let pollBuckets: [Duration] = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300].map(HostMetrics.seconds)
    static let scanBuckets: [Duration] = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600].map(HostMetrics.seconds)

    /// Every name this registry or the fleet collector emits.
    static let reservedNames: Set<String> = Set(
        [pollDuration, pollResults, scanDuration, balancerActions, plantReads, logins, controls].map(\.name)
    ).union(FleetMetricsCollector.familyNames)

    static func seconds(_ value: Double) -> Duration { .milliseconds(Int64(value * 1000)) }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }

    /// Keeps label values to a closed, safe alphabet.
    static func labelValue(_ text: String) -> String {
        let cleaned = text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
        return String(cleaned.prefix(40))
    }
}
