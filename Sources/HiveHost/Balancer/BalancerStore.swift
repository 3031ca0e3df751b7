public import HiveProtocols

/// Where the balancer keeps its state and audit log.
///
/// Same contract as ``FleetStore``: durable when the call returns, a throwing call wrote
/// nothing, timestamps are the caller's, no secret in any record. ``InMemoryBalancerStore`` is
/// the test and simulator implementation; the SQLite tables are described in
/// `Docs/BalancerStorage.md`; ``SQLiteFleetStore`` implements it.
public protocol BalancerStore: Sendable {
    /// The saved state, if any.
    func loadBalancerState() async throws -> BalancerState?
    /// Replaces the saved state.
    func save(balancerState: BalancerState) async throws
    /// Appends audit entries (an entry with an existing id replaces it).
    func append(audit: [BalancerAuditEntry]) async throws
    /// Updates the outcome of existing entries; unknown ids are skipped.
    func update(audit: [BalancerAuditUpdate]) async throws
    /// Entries with `from <= time < to`, of one miner or all, oldest first, at most `limit`.
    func auditEntries(
        miner: MinerRecord.ID?, from: UnixMillis, to: UnixMillis, limit: Int?
    ) async throws
        -> [BalancerAuditEntry]
}
