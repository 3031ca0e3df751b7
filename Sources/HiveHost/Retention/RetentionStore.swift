/// What ``RetentionService`` needs from storage: age-based deletes in small batches, rollup
/// rows, and space reclaiming.
///
/// Each delete removes at most `limit` rows older than `before` and returns how many it
/// removed, so the service can loop in batches and the store's single writer is never held
/// for long; a return below `limit` means nothing older is left. Deletes remove the oldest
/// rows first where that is cheap, but any order is correct.
///
/// A ``FleetStore`` gets ``allStatuses(from:to:)`` and ``oldestStatusTime()`` for free (one
/// indexed range read per miner); a store with a cheaper way may override them.
public protocol RetentionStore: Sendable {
    /// Deletes up to `limit` status samples with `time < before`.
    func deleteStatuses(before: UnixMillis, limit: Int) async throws -> Int

    /// Deletes up to `limit` boards' per-chip readings with `time < before`, keeping the board
    /// snapshots they belong to.
    func deleteChipTelemetry(before: UnixMillis, limit: Int) async throws -> Int

    /// Deletes up to `limit` board snapshots (and any chips still with them) with
    /// `time < before`.
    func deleteBoardSnapshots(before: UnixMillis, limit: Int) async throws -> Int

    /// Deletes up to `limit` rollups of `resolution` whose bucket starts before `before`.
    func deleteRollups(_ resolution: RollupResolution, before: UnixMillis, limit: Int) async throws -> Int

    /// Deletes up to `limit` plant readings received before `before`.
    func deletePlantReadings(before: UnixMillis, limit: Int) async throws -> Int

    /// Deletes up to `limit` balancer audit entries whose action was issued before `before`.
    func deleteBalancerAudit(before: UnixMillis, limit: Int) async throws -> Int

    /// Packs status samples with `time < before` into the store's denser long-term form,
    /// returning how many it packed; a return below `limit` means nothing is left to pack.
    /// History reads return packed samples like any other. Stores that keep samples as
    /// written need not implement it (the default packs nothing).
    func compactStatuses(before: UnixMillis, limit: Int) async throws -> Int

    /// Stores rollups; one already stored for the same (resolution, scope, bucket) is replaced.
    func append(rollups: [StatusRollup]) async throws

    /// The start of the newest stored bucket of `resolution` (any scope), if any.
    func latestRollupBucket(_ resolution: RollupResolution) async throws -> UnixMillis?

    /// Every miner's status samples with `from <= time < to`.
    func allStatuses(from: UnixMillis, to: UnixMillis) async throws -> [StatusSample]

    /// The time of the oldest stored status sample, if any.
    func oldestStatusTime() async throws -> UnixMillis?

    /// Returns up to `maxPages` free pages to the file system (SQLite
    /// `PRAGMA incremental_vacuum(n)`); returns how many it returned.
    func reclaimFreePages(_ maxPages: Int) async throws -> Int

    /// The database's size in bytes, free pages included.
    func databaseBytes() async throws -> Int
}

extension RetentionStore {
    /// Packs nothing: the store keeps samples as written.
    public func compactStatuses(before: UnixMillis, limit: Int) async throws -> Int { 0 }
}

extension RetentionStore where Self: FleetStore {
    /// Every miner's samples in the range, one range read per miner.
    public func allStatuses(from: UnixMillis, to: UnixMillis) async throws -> [StatusSample] {
        var samples: [StatusSample] = []
        for miner in try await miners() {
            samples += try await statusHistory(of: miner.id, from: from, to: to, limit: nil)
        }
        return samples
    }

    /// The oldest sample's time, one first-row read per miner.
    public func oldestStatusTime() async throws -> UnixMillis? {
        var oldest: UnixMillis?
        for miner in try await miners() {
            let first = try await statusHistory(
                of: miner.id, from: UnixMillis(Int64.min), to: UnixMillis(Int64.max), limit: 1)
            if let time = first.first?.time { oldest = min(oldest ?? time, time) }
        }
        return oldest
    }
}
