public import HiveProtocols

/// Carries out an operator's command on one miner: the seam between the web server and the
/// drivers. The daemon implements it with the miner's driver and session (deadline, credentials,
/// in-flight gate); tests use a recording fake.
///
/// Contract: return the driver's ``HiveProtocols/CommandOutcome`` (after its read-back) or
/// throw a ``HiveProtocols/DriverError``; `.unsupported` when the driver lacks the capability
/// (the API answers 422), `.rejected` when the miner refused (409), anything else as a failure
/// to reach or understand the miner (502/504). Errors must not contain secrets.
public protocol MinerController: Sendable {
    /// Sends `command` to `miner` and reads the setting back.
    func perform(_ command: MinerCommand, on miner: MinerRecord) async throws -> CommandOutcome
}
