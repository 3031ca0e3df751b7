import Foundation
public import Logging
public import ServiceLifecycle

/// Runs discovery every ``Configuration/interval`` (`intervals.discovery_seconds`) and keeps
/// the inventory current; probes addresses miners report on UDP at once.
///
/// Each cycle re-checks the known miners directly and sweeps the configured targets for new
/// ones (``DiscoveryScanner``), records the result (``DiscoveryInventory``, which counts a miss
/// for each known miner that did not answer) and logs one line:
/// `discovery completed in 1.84 s: 1024 hosts, 1000 identified (antminer-stock 400, vnish 300), 3 new, 1 moved, 2 offline`.
///
/// Cycles start at fixed-rate deadlines on the injected clock (t, t+interval, ...): a slow
/// cycle shortens the wait before the next, and a cycle longer than the interval skips the
/// ticks it overran rather than running back to back. A failing cycle is logged and the next
/// one runs on time. The service stops when cancelled or on graceful shutdown (a cycle then
/// in progress is abandoned without recording misses) and closes the passive listener.
public struct DiscoveryService: Service {
    /// Service settings.
    public struct Configuration: Sendable, Hashable {
        /// Time between cycle starts (`intervals.discovery_seconds`, default 30 s).
        public var interval: Duration
        /// Whether a reported address outside the scan targets is probed too (default no: a
        /// datagram cannot make the service probe a network the operator did not list).
        public var probeReportsOutsideTargets: Bool

        /// Creates settings.
        public init(interval: Duration = .seconds(30), probeReportsOutsideTargets: Bool = false) {
            self.interval = interval
            self.probeReportsOutsideTargets = probeReportsOutsideTargets
        }
    }

    /// One cycle's outcome.
    public struct CycleReport: Sendable, Hashable {
        /// What the scan found.
        public var result: DiscoveryResult
        /// What changed in the inventory.
        public var changes: InventoryChanges
        /// The log line.
        public var summary: String {
            result.summary(new: changes.new, moved: changes.moved, offline: changes.wentOffline)
        }
    }

    private let targets: ScanTargets
    private let scanner: DiscoveryScanner
    private let inventory: any DiscoveryInventory
    private let listener: PassiveDiscoveryListener?
    private let configuration: Configuration
    private let clock: any Clock<Duration>
    private let now: @Sendable () -> UnixMillis
    private let logger: Logger
    private let onCycle: (@Sendable (CycleReport) -> Void)?

    /// Creates the service.
    ///
    /// - Parameters:
    ///   - targets: The sweep's addresses (`network.subnets`).
    ///   - scanner: The scanner.
    ///   - inventory: Where results go.
    ///   - listener: A bound passive listener whose reports are probed at once; the service
    ///     closes it when it stops.
    ///   - configuration: Interval and report policy.
    ///   - clock: The clock cycles are scheduled on.
    ///   - now: The wall-clock time recorded with results (default: the system time).
    ///   - logger: Logger.
    ///   - onCycle: Told about every completed cycle (the daemon's health and metrics).
    public init(
        targets: ScanTargets, scanner: DiscoveryScanner, inventory: any DiscoveryInventory,
        listener: PassiveDiscoveryListener? = nil, configuration: Configuration = Configuration(),
        clock: any Clock<Duration> = ContinuousClock(), now: (@Sendable () -> UnixMillis)? = nil,
        logger: Logger = Logger(label: "powerhive.discovery"), onCycle: (@Sendable (CycleReport) -> Void)? = nil
    ) {
        self.targets = targets
        self.scanner = scanner
        self.inventory = inventory
        self.listener = listener
        self.configuration = configuration
        self.clock = clock
        self.now = now ?? { UnixMillis(Date()) }
        self.logger = logger
        self.onCycle = onCycle
    }

    /// Runs cycles (and handles reports) until cancelled or graceful shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.runLoops() }
        await listener?.close()
    }

    /// Runs one cycle: re-check the known miners, sweep the targets, record, log.
    ///
    /// - Throws: the inventory's errors; `CancellationError` when cancelled during the scan
    ///   (nothing is recorded then, so no miner counts a false miss).
    @discardableResult
    public func runCycle() async throws -> CycleReport {
        let known = try await inventory.knownAddresses()
        let result = await scanner.scan(targets.hosts, recheck: known)
        try Task.checkCancellation()
        let changes = try await inventory.apply(result, at: now(), completeCycle: true)
        let report = CycleReport(result: result, changes: changes)
        logger.info(
            "\(report.summary)",
            metadata: [
                "open_hosts": "\(result.openHosts)", "unidentified": "\(result.unidentified.count)",
                "retried": "\(result.retriedHosts)", "found_on_retry": "\(result.foundOnRetry)",
                "missed": "\(changes.missed)", "came_online": "\(changes.cameOnline)",
            ])
        let withoutIdentity = result.miners.filter { $0.identityError != nil }
        if let example = withoutIdentity.first, let error = example.identityError {
            logger.warning(
                "\(withoutIdentity.count) identified miner(s) did not report their identity, e.g. \(example.ip): \(error)"
            )
        }
        onCycle?(report)
        return report
    }

    /// Probes one reported address at once and records what answered (sightings only).
    @discardableResult
    public func handle(_ report: IPReport) async throws -> InventoryChanges? {
        guard let address = IPv4Address(report.ip),
            configuration.probeReportsOutsideTargets || targets.contains(address)
        else {
            logger.debug("ignoring IP report outside the scan targets", metadata: ["miner.ip": "\(report.ip)"])
            return nil
        }
        let result = await scanner.identify([report.ip])
        try Task.checkCancellation()
        let changes = try await inventory.apply(result, at: now(), completeCycle: false)
        let found = result.miners.first.map { "identified as \($0.driver)" } ?? "not identified"
        logger.info(
            "IP report from \(report): \(found)",
            metadata: ["miner.ip": "\(report.ip)", "new": "\(changes.new)", "moved": "\(changes.moved)"])
        return changes
    }

    private func runLoops() async {
        await withTaskGroup(of: Bool.self) { group in
            if let listener {
                group.addTask {
                    for await report in listener.reports {
                        do { try await handle(report) } catch is CancellationError { break } catch {
                            logger.error("IP report not recorded: \(error)", metadata: ["miner.ip": "\(report.ip)"])
                        }
                    }
                    return false
                }
            }
            group.addTask {
                await runCycles(on: self.clock)
                return true
            }
            // The cycles end only on cancellation; then stop listening too.
            for await cyclesEnded in group where cyclesEnded { group.cancelAll() }
        }
    }

    private func runCycles<C: Clock<Duration>>(on clock: C) async {
        let interval = configuration.interval
        var deadline = clock.now
        while !Task.isCancelled {
            do {
                try await runCycle()
            } catch is CancellationError {
                return
            } catch {
                logger.error("discovery cycle failed: \(error)")
            }
            deadline = deadline.advanced(by: interval)
            let now = clock.now
            if deadline < now {
                var skipped = 0
                while deadline < now {
                    deadline = deadline.advanced(by: interval)
                    skipped += 1
                }
                logger.warning("discovery cycle took longer than its interval; skipped \(skipped) tick(s)")
            }
            do { try await clock.sleep(until: deadline, tolerance: nil) } catch { return }
        }
    }
}
