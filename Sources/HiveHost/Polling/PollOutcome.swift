/// How one miner's poll ended.
enum PollOutcome<Value: Sendable>: Sendable {
    /// The driver returned a reading.
    case ok(Value)
    /// The poll failed or hit its deadline.
    case failed(PollFailure)
    /// The miner cannot answer this poll (e.g. no board telemetry); not counted.
    case notApplicable
}
