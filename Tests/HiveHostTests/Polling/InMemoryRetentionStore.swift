import HiveProtocols

@testable import HiveHost

/// A ``RetentionStore`` over arrays, recording each call, for retention tests.
actor InMemoryRetentionStore: RetentionStore {
    var statuses: [StatusSample] = []
    var chipRows: [UnixMillis] = []
    var boardSnapshots: [UnixMillis] = []
    var rollups: [StatusRollup] = []
    var freePages = 0
    var deleteCalls: [(table: String, limit: Int)] = []
    var appendCalls = 0

    func seed(
        statuses: [StatusSample] = [], chipRows: [UnixMillis] = [], boardSnapshots: [UnixMillis] = [],
        rollups: [StatusRollup] = [], freePages: Int = 0
    ) {
        self.statuses += statuses
        self.chipRows += chipRows
        self.boardSnapshots += boardSnapshots
        self.rollups += rollups
        self.freePages = freePages
    }

    private func delete<T>(_ rows: inout [T], _ table: String, limit: Int, isOld: (T) -> Bool) -> Int {
        deleteCalls.append((table, limit))
        var removed = 0
        rows.removeAll { row in
            guard removed < limit, isOld(row) else { return false }
            removed += 1
            return true
        }
        return removed
    }

    func deleteStatuses(before: UnixMillis, limit: Int) -> Int {
        delete(&statuses, "statuses", limit: limit) { $0.time < before }
    }

    func deleteChipTelemetry(before: UnixMillis, limit: Int) -> Int {
        delete(&chipRows, "chips", limit: limit) { $0 < before }
    }

    func deleteBoardSnapshots(before: UnixMillis, limit: Int) -> Int {
        delete(&boardSnapshots, "boards", limit: limit) { $0 < before }
    }

    func deleteRollups(_ resolution: RollupResolution, before: UnixMillis, limit: Int) -> Int {
        delete(&rollups, "rollups-\(resolution)", limit: limit) { $0.resolution == resolution && $0.bucket < before }
    }

    var plantReadings: [UnixMillis] = []
    var auditEntries: [UnixMillis] = []

    func deletePlantReadings(before: UnixMillis, limit: Int) -> Int {
        delete(&plantReadings, "plant", limit: limit) { $0 < before }
    }

    func deleteBalancerAudit(before: UnixMillis, limit: Int) -> Int {
        delete(&auditEntries, "audit", limit: limit) { $0 < before }
    }

    func append(rollups new: [StatusRollup]) {
        appendCalls += 1
        for rollup in new {
            rollups.removeAll {
                $0.resolution == rollup.resolution && $0.scope == rollup.scope && $0.bucket == rollup.bucket
            }
            rollups.append(rollup)
        }
    }

    func latestRollupBucket(_ resolution: RollupResolution) -> UnixMillis? {
        rollups.filter { $0.resolution == resolution }.map(\.bucket).max()
    }

    func allStatuses(from: UnixMillis, to: UnixMillis) -> [StatusSample] {
        statuses.filter { $0.time >= from && $0.time < to }
    }

    func oldestStatusTime() -> UnixMillis? { statuses.map(\.time).min() }

    func reclaimFreePages(_ maxPages: Int) -> Int {
        let reclaimed = min(maxPages, freePages)
        freePages -= reclaimed
        return reclaimed
    }

    func databaseBytes() -> Int { 4096 * (100 + freePages) }
}
