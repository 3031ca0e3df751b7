import Foundation
import HiveProtocols
import Logging

/// The cycle both pollers run, generic over what they read from a driver.
///
/// One cycle: list the miners due for polling, start one child task per miner under the
/// concurrency bound (skipping, and counting, any miner whose previous poll is still running
/// or whose request gate is busy), decide each poll by racing the driver call against the
/// per-miner deadline on the injected clock, then write the results in one go.
///
/// A poll is *decided* at the first of "the driver answered" and "the deadline passed"; the
/// cycle never waits for a driver past its deadline. The losing side is cancelled. A driver
/// that ignores cancellation keeps its miner marked in flight (so later cycles skip it) until
/// it returns; its task is a child of the group passed to ``runCycle(in:)``: the service's
/// group in the daemon, or a group private to a standalone ``runCycle()``, which then returns
/// only once such stragglers have ended.
struct PollEngine<Value: Sendable>: Sendable {
    /// "status" or "telemetry", for logs and recorded errors.
    var name: String
    var configuration: PollerConfiguration
    var store: any FleetStore
    var sessions: MinerSessionPool
    var gate: MinerRequestGate?
    var timeline: Timeline
    var now: @Sendable () -> UnixMillis
    var logger: Logger
    var observer: PollObserver?
    var inFlight = InFlightMiners()
    /// Miners whose last poll (by this engine or another sharing its session pool) timed out.
    var unresponsive: MinerSet { sessions.unresponsive }
    /// Reads a miner through its driver; `nil` when the miner cannot answer this poll.
    var read: @Sendable (any MinerDriver) async throws -> Value?
    /// Whether a miner is polled at all (besides being due), e.g. has board telemetry.
    var applies: @Sendable (MinerRecord) -> Bool
    /// Stores a cycle's readings.
    var write: @Sendable (CycleResults<Value>) async throws -> Void

    /// Runs one cycle in a task group of its own; returns after every poll task has ended.
    func runCycle() async throws -> CycleReport {
        try await withThrowingDiscardingTaskGroup { group in try await runCycle(in: &group) }
    }

    /// Runs one cycle whose per-miner tasks are children of `group`; returns once every poll
    /// is decided and the results are written.
    ///
    /// Miners whose previous poll timed out ("unresponsive") are started first and do not
    /// hold up the cycle: once only they are still undecided, everything decided so far is
    /// written and the cycle's `elapsed` is taken; their outcomes (a success, or a timeout at
    /// their deadline) are written when they come, counted as `late`, before the cycle returns
    /// and logs its line. A miner that hangs for the first time still costs the cycle its
    /// deadline once, since nothing tells it apart from a slow one.
    func runCycle(in group: inout ThrowingDiscardingTaskGroup<any Error>) async throws -> CycleReport {
        let started = timeline.now
        let time = now()
        let records = try await store.miners()
        if configuration.updatesOnlineState { sessions.retain(only: Set(records.map(\.id))) }
        unresponsive.retain(only: Set(records.map(\.id)))
        let due = records.filter { isDue($0, at: time) && applies($0) }
        let (suspects, others) = due.reduce(into: ([MinerRecord](), [MinerRecord]())) { split, miner in
            if unresponsive.contains(miner.id) { split.0.append(miner) } else { split.1.append(miner) }
        }

        var tally = Tally<Value>(time: time)
        let (outcomes, continuation) = AsyncStream.makeStream(of: (MinerRecord, PollOutcome<Value>).self)
        defer { continuation.finish() }
        var pending = outcomes.makeAsyncIterator()
        var running = Set<MinerRecord.ID>()
        var answersWritten: Duration?
        var wentOffline = 0
        func receive() async throws {
            guard let (record, outcome) = await pending.next() else { throw CancellationError() }
            tally.add(record, outcome, late: answersWritten != nil)
            running.remove(record.id)
            noteTimeout(of: record.id, outcome)
        }
        for miner in suspects + others {
            while running.count >= configuration.effectiveConcurrency { try await receive() }
            // Checked just before starting, so a request that began while this miner waited
            // for a slot is not queued behind.
            let gateBusy = miner.ip.map { gate?.isBusy($0) ?? false } ?? false
            guard !gateBusy, inFlight.claim(miner.id) else {
                tally.skipped += 1
                observer?(.decided(miner.id, .skipped))
                continue
            }
            let deadline = timeline.now + configuration.effectiveDeadline
            running.insert(miner.id)
            group.addTask { await self.poll(miner, deadline: deadline, report: continuation) }
        }
        while !running.isEmpty {
            if answersWritten == nil, running.allSatisfy(unresponsive.contains) {
                wentOffline += try await record(tally.takeResults())
                answersWritten = timeline.now - started
                observer?(.answersRecorded(stillRunning: running.count))
            }
            try await receive()
        }

        wentOffline += try await record(tally.takeResults())
        var report = tally.report(poll: name, wentOffline: wentOffline)
        report.settled = timeline.now - started
        report.elapsed = answersWritten ?? report.settled
        logger.info("\(report.logLine)")
        observer?(.cycleCompleted(report))
        FreedMemory.release()
        return report
    }

    /// Remembers whether `miner`'s poll timed out, for the next cycle.
    private func noteTimeout(of miner: MinerRecord.ID, _ outcome: PollOutcome<Value>) {
        if case .failed(let failure) = outcome, failure.kind == .timedOut {
            unresponsive.insert(miner)
        } else {
            unresponsive.remove(miner)
        }
    }

    /// Whether `miner` is polled this cycle: it has an address and is online or answered
    /// within the recently-seen window.
    func isDue(_ miner: MinerRecord, at time: UnixMillis) -> Bool {
        guard miner.ip != nil else { return false }
        return miner.online || time.rawValue &- miner.lastSeen.rawValue <= configuration.recentlySeenMillis
    }
}

/// A cycle's decided polls, for writing.
struct CycleResults<Value: Sendable>: Sendable {
    /// The time stamped on every sample of the cycle.
    var time: UnixMillis
    /// Miners that answered, with their readings.
    var successes: [(miner: MinerRecord, value: Value)] = []
    /// Miners whose poll failed.
    var failures: [(miner: MinerRecord, failure: PollFailure)] = []
}

/// Counts outcomes as they arrive, and holds the results not yet written.
private struct Tally<Value: Sendable> {
    var results: CycleResults<Value>
    var ok = 0
    var skipped = 0
    var timedOut = 0
    var unreachable = 0
    var failed = 0
    var late = 0

    init(time: UnixMillis) { results = CycleResults(time: time) }

    mutating func add(_ miner: MinerRecord, _ outcome: PollOutcome<Value>, late isLate: Bool) {
        if isLate { late += 1 }
        switch outcome {
        case .ok(let value):
            ok += 1
            results.successes.append((miner, value))
        case .failed(let failure):
            results.failures.append((miner, failure))
            switch failure.kind {
            case .timedOut: timedOut += 1
            case .unreachable:
                unreachable += 1
                failed += 1
            case .failed: failed += 1
            }
        case .notApplicable:
            break
        }
    }

    /// The results not yet written; later ones collect anew.
    mutating func takeResults() -> CycleResults<Value> {
        defer { results = CycleResults(time: results.time) }
        return results
    }

    func report(poll: String, wentOffline: Int) -> CycleReport {
        CycleReport(
            poll: poll, startedAt: results.time, miners: ok + timedOut + failed + skipped, ok: ok, timedOut: timedOut,
            failed: failed, unreachable: unreachable, skipped: skipped, wentOffline: wentOffline, late: late)
    }
}
