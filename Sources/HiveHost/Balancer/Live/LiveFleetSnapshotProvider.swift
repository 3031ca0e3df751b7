import Foundation
import HiveProtocols
public import Logging
import NIOConcurrencyHelpers

/// The daemon's ``FleetSnapshotProvider``: the inventory and the newest status samples from the
/// store, plus each managed miner's ``PowerControl`` read through its driver in the shared
/// ``MinerSessionPool``.
///
/// Per cycle it talks only to the miners that need it: those being read back (setting, state
/// and draw read afresh, `sampledAt` the time of that read) and managed miners whose cached
/// control is missing or older than `controlMaxAge` (``LiveCommandExecutor`` drops a miner's
/// entry when it sends it a command). At most `concurrency` miners are read at once, each within
/// `deadline` on the injected clock; requests still queue on the transports' per-miner gate
/// behind a poll. Offline and unmanaged miners are never contacted.
///
/// Draw that no reading supports is never made up: a miner whose last poll failed keeps the draw
/// it was last seen with (as an estimate, counted as unreachable), and one never seen drawing
/// counts as unknown.
public final class LiveFleetSnapshotProvider: FleetSnapshotProvider {
    /// Settings.
    public struct Configuration: Sendable, Hashable {
        /// Miners read at once.
        public var concurrency: Int
        /// Longest one miner's reads may take.
        public var deadline: Duration
        /// A cached power control older than this is read again.
        public var controlMaxAge: Duration

        /// Creates settings.
        public init(concurrency: Int = 64, deadline: Duration = .seconds(15), controlMaxAge: Duration = .seconds(900)) {
            self.concurrency = max(1, concurrency)
            self.deadline = deadline
            self.controlMaxAge = controlMaxAge
        }
    }

    /// Per-miner and per-model policies by scope (`miner:<id>`, `model:<model>`).
    public typealias Policies = @Sendable () async throws -> [String: MinerPolicy]

    /// The settings.
    public let configuration: Configuration
    /// The controls read so far (share it with the ``LiveCommandExecutor``).
    public let cache: PowerControlCache
    private let store: any FleetStore
    private let sessions: MinerSessionPool
    private let policies: Policies?
    private let timeline: Timeline
    private let now: @Sendable () -> UnixMillis
    private let logger: Logger
    private let lastSeenDraw = NIOLockedValueBox([MinerRecord.ID: Watts]())

    /// Creates the provider.
    /// - Parameters:
    ///   - store: Inventory and status samples.
    ///   - sessions: The daemon's driver sessions.
    ///   - cache: Controls read so far, shared with the executor.
    ///   - policies: The operator's policies; `nil`: defaults for every miner.
    ///   - clock: The clock per-miner deadlines run on.
    ///   - now: Wall time of fresh reads.
    public init(
        store: any FleetStore, sessions: MinerSessionPool, cache: PowerControlCache = PowerControlCache(),
        configuration: Configuration = Configuration(), policies: Policies? = nil,
        clock: any Clock<Duration> = ContinuousClock(), now: (@Sendable () -> UnixMillis)? = nil, logger: Logger
    ) {
        self.store = store
        self.sessions = sessions
        self.cache = cache
        self.configuration = configuration
        self.policies = policies
        timeline = Timeline(clock)
        self.now = now ?? { UnixMillis(Date()) }
        self.logger = logger
    }

    /// Every miner with a current address, managed or not.
    public func snapshot(readingBack: Set<MinerRecord.ID>) async throws -> [BalancerMiner] {
        let records = try await store.miners().filter { $0.ip != nil }
        let latest = Dictionary(
            try await store.latestStatuses().map { ($0.minerID, $0) },
            uniquingKeysWith: { a, b in a.time > b.time ? a : b }
        )
        let policyTable = try await policies?() ?? [:]
        let started = now()
        let maxAge = Self.milliseconds(configuration.controlMaxAge)
        var jobs: [Job] = []
        var resolved: [MinerRecord.ID: MinerPolicy] = [:]
        for record in records {
            let policy = Self.policy(for: record, in: policyTable)
            resolved[record.id] = policy
            guard policy.managed, record.online else { continue }
            let readBack = readingBack.contains(record.id)
            let stale = cache.entry(record.id).map { started.rawValue - $0.readAt.rawValue >= maxAge } ?? true
            if readBack || stale { jobs.append(Job(record: record, status: readBack)) }
        }
        let fresh = await read(jobs)
        cache.retain(only: Set(records.map(\.id)))
        return records.map { record in
            miner(
                record, sample: latest[record.id], fresh: fresh[record.id], policy: resolved[record.id] ?? MinerPolicy()
            )
        }
    }

    // MARK: Reading miners

    struct Job: Sendable {
        var record: MinerRecord
        /// Read the status too (a read-back), not only the control.
        var status: Bool
    }

    struct Fresh: Sendable {
        var status: MinerStatus?
        var readAt: UnixMillis
    }

    /// Reads every job, at most `concurrency` at once; fills the control cache.
    private func read(_ jobs: [Job]) async -> [MinerRecord.ID: Fresh] {
        guard !jobs.isEmpty else { return [:] }
        return await withTaskGroup(of: (MinerRecord.ID, Fresh?).self) { group in
            var results: [MinerRecord.ID: Fresh] = [:]
            var queue = jobs.makeIterator()
            func startNext() -> Bool {
                guard let job = queue.next() else { return false }
                group.addTask { (job.record.id, await self.read(job)) }
                return true
            }
            var running = 0
            while running < configuration.concurrency, startNext() { running += 1 }
            for await (id, fresh) in group {
                if let fresh { results[id] = fresh }
                _ = startNext()
            }
            return results
        }
    }

    /// One miner's reads within the deadline; `nil` (logged) when they fail.
    private func read(_ job: Job) async -> Fresh? {
        let record = job.record
        let sessions = self.sessions
        do {
            let (status, control) = try await raceDeadline(timeline, after: configuration.deadline) {
                let driver = try await sessions.driver(for: record)
                let status = job.status ? try await driver.status() : nil
                return (status, try await driver.powerControl())
            }
            let readAt = now()
            cache.store(control, for: record.id, at: readAt)
            return Fresh(status: status, readAt: readAt)
        } catch {
            let reason = error is BalancerDeadlineExceeded ? "no answer within \(configuration.deadline)" : "\(error)"
            logger.warning(
                "balancer could not read the miner's power control\(job.status ? " (read-back)" : "")",
                metadata: ["miner.ip": "\(record.ip ?? "-")", "driver": "\(record.driver)", "error": "\(reason)"])
            return nil
        }
    }

    // MARK: Building the view

    private func miner(
        _ record: MinerRecord, sample: StatusSample?, fresh: Fresh?, policy: MinerPolicy
    ) -> BalancerMiner {
        let label = "\(record.ip ?? "-") \(record.model ?? record.driver.rawValue)"
        let control = cache.entry(record.id)?.control
        if let fresh, let status = fresh.status {
            let draw = status.power.flatMap { $0.value.isFinite ? $0 : nil }
            if let draw { lastSeenDraw.withLockedValue { $0[record.id] = draw } }
            return BalancerMiner(
                id: record.id, label: label, reachable: true, state: status.state, control: control, draw: draw,
                drawMeasured: status.powerSource == .measured, sampledAt: fresh.readAt,
                hashrate: status.hashrateAverage ?? status.hashrateRealtime, policy: policy)
        }
        guard let sample else {
            return BalancerMiner(
                id: record.id, label: label, reachable: false, state: .unknown, control: control, draw: nil,
                drawMeasured: false, sampledAt: nil, policy: policy)
        }
        let answered = sample.error == nil && record.online
        var draw = sample.power.flatMap { $0.value.isFinite ? $0 : nil }
        var measured = sample.powerMeasured ?? false
        if answered, let draw {
            lastSeenDraw.withLockedValue { $0[record.id] = draw }
        } else if draw == nil {
            // Not answering: count what it drew when last seen (it may still draw it).
            draw = lastSeenDraw.withLockedValue { $0[record.id] }
            measured = false
        }
        return BalancerMiner(
            id: record.id, label: label, reachable: answered, state: sample.state, control: control, draw: draw,
            drawMeasured: measured, sampledAt: sample.time, hashrate: sample.hashrateAverage ?? sample.hashrateRealtime,
            policy: policy)
    }

    /// The miner's own policy, else its model's, else the defaults; never managed when the
    /// inventory says unmanaged.
    static func policy(for record: MinerRecord, in table: [String: MinerPolicy]) -> MinerPolicy {
        var policy =
            table["miner:\(record.id.rawValue)"] ?? record.model.flatMap { table["model:\($0)"] } ?? MinerPolicy()
        policy.managed = policy.managed && record.managed
        return policy
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
