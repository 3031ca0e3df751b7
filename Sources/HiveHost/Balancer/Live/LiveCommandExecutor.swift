import Foundation
public import HiveProtocols
public import Logging

/// The daemon's ``CommandExecutor``: sends a balancer command through the miner's driver in the
/// shared ``MinerSessionPool``, within a deadline.
///
/// A command the driver's capabilities do not cover is answered `.rejected` without contacting
/// the miner. Requests queue on the transports' per-miner gate, so a command waits behind a poll
/// instead of racing it (one request in flight per miner). After every attempt the miner's
/// cached power control is dropped, so the next snapshot reads its setting afresh.
public struct LiveCommandExecutor: CommandExecutor {
    private let store: any FleetStore
    private let sessions: MinerSessionPool
    private let cache: PowerControlCache?
    private let deadline: Duration
    private let timeline: Timeline
    private let logger: Logger

    /// Creates the executor.
    /// - Parameters:
    ///   - store: Where the miner's record (address, driver, login) is looked up.
    ///   - sessions: The daemon's driver sessions.
    ///   - cache: The snapshot provider's control cache, invalidated per command.
    ///   - deadline: Longest a command with its read-back may take (the Antminer work-mode write
    ///     alone can take about 20 s).
    ///   - clock: The clock the deadline runs on.
    public init(
        store: any FleetStore, sessions: MinerSessionPool, cache: PowerControlCache?, deadline: Duration = .seconds(60),
        clock: any Clock<Duration> = ContinuousClock(), logger: Logger
    ) {
        self.store = store
        self.sessions = sessions
        self.cache = cache
        self.deadline = deadline
        timeline = Timeline(clock)
        self.logger = logger
    }

    /// Carries out `command` on `miner` and returns the driver's outcome.
    /// - Throws: `DriverError` (`.unreachable` for a miner no longer in the inventory,
    ///   `.timedOut` past the deadline, the driver's own errors).
    public func execute(_ command: MinerCommand, on miner: MinerRecord.ID) async throws -> CommandOutcome {
        guard let record = try await store.miner(miner) else {
            throw DriverError(.unreachable, "miner \(miner) is no longer in the inventory", request: "\(command)")
        }
        defer { cache?.invalidate(miner) }
        let driver = try await sessions.driver(for: record)
        guard driver.capabilities.contains(command.requiredCapability) else {
            return CommandOutcome(
                result: .rejected, detail: "\(record.driver) cannot \(command) on this miner; nothing sent")
        }
        do {
            return try await raceDeadline(timeline, after: deadline) { try await driver.apply(command) }
        } catch is BalancerDeadlineExceeded {
            throw DriverError(
                .timedOut, "no answer within \(deadline)", driver: record.driver, endpoint: record.ip,
                request: "\(command)")
        }
    }
}
