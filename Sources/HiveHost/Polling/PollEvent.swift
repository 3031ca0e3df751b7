/// What the pollers tell a test observer (never used in production).
enum PollEvent: Sendable {
    /// The kinds a miner's poll can be decided as.
    enum Decision: String, Sendable, Hashable {
        case ok, timedOut, unreachable, failed, skipped, notApplicable
    }

    /// A miner's poll was decided (for a deadline: its operation is already cancelled; for a
    /// success: its deadline timer is already cancelled).
    case decided(MinerRecord.ID, Decision)
    /// A driver call that lost to its deadline has finally returned; its miner can be polled
    /// again.
    case stragglerEnded(MinerRecord.ID)
    /// Only miners whose previous poll timed out are still undecided; everything decided so
    /// far is written.
    case answersRecorded(stillRunning: Int)
    /// A cycle ended.
    case cycleCompleted(CycleReport)
    /// A cycle failed before completing (e.g. the store could not be read).
    case cycleFailed(String)
    /// The schedule skipped deadlines after an overrun.
    case deadlinesSkipped(Int)
}

/// Test hook receiving ``PollEvent``s.
typealias PollObserver = @Sendable (PollEvent) -> Void
