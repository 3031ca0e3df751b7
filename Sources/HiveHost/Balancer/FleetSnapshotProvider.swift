public import HiveProtocols

/// Gives the balancer its view of the fleet each cycle.
///
/// The daemon's implementation joins the inventory (managed flag), the latest status samples
/// (state, draw, hash rate), each managed miner's ``PowerControl`` (from its driver, cached
/// between cycles) and the operator's per-miner and per-model policy. The simulation's can read
/// the simulated fleet directly.
public protocol FleetSnapshotProvider: Sendable {
    /// Every miner of the site, managed or not.
    ///
    /// - Parameter readingBack: miners with a change whose settle time has passed: read their
    ///   setting, state and draw from the miner now (not from the last poll), with `sampledAt`
    ///   the time of that read, so the change can be verified.
    func snapshot(readingBack: Set<MinerRecord.ID>) async throws -> [BalancerMiner]
}

/// Sends one command to one miner through its driver.
///
/// The daemon's implementation takes the miner's driver from the `MinerSessionPool` and calls
/// `apply(_:)`; it should check the driver's capabilities first and answer `.rejected` (not
/// throw) for a command the driver cannot carry out.
public protocol CommandExecutor: Sendable {
    /// Carries out `command` and returns the driver's outcome.
    /// - Throws: the driver's `DriverError` (recorded as a failed action).
    func execute(_ command: MinerCommand, on miner: MinerRecord.ID) async throws -> CommandOutcome
}
