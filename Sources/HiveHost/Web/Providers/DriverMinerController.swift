public import HiveProtocols

/// The ``MinerController`` over the daemon's shared driver sessions: finds the miner's driver,
/// refuses a command outside its capabilities (`.unsupported`, without touching the miner) and
/// applies it within a deadline (`.timedOut` after it). Requests still go through the
/// transports' per-miner gate, so an operator's command queues behind a poll instead of racing
/// it.
public struct DriverMinerController: MinerController {
    private let sessions: MinerSessionPool
    private let deadline: Duration
    private let clock: any Clock<Duration>

    /// Creates the controller.
    /// - Parameters:
    ///   - sessions: The daemon's driver sessions.
    ///   - deadline: Longest a command (with its read-back) may take.
    ///   - clock: The clock the deadline runs on.
    public init(
        sessions: MinerSessionPool, deadline: Duration = .seconds(60), clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.sessions = sessions
        self.deadline = deadline
        self.clock = clock
    }

    /// Applies `command` through the miner's driver.
    public func perform(_ command: MinerCommand, on miner: MinerRecord) async throws -> CommandOutcome {
        let driver = try await sessions.driver(for: miner)
        guard driver.capabilities.contains(command.requiredCapability) else {
            throw DriverError(
                .unsupported, "\(miner.driver) cannot \(command) on this miner", driver: miner.driver,
                endpoint: miner.ip)
        }
        let deadline = self.deadline
        let clock = self.clock
        return try await withThrowingTaskGroup(of: CommandOutcome?.self) { group in
            group.addTask { try await driver.apply(command) }
            group.addTask {
                try await clock.sleep(for: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let outcome = first else {
                throw DriverError(
                    .timedOut, "no answer within \(deadline)", driver: miner.driver, endpoint: miner.ip,
                    request: "\(command)")
            }
            return outcome
        }
    }
}
