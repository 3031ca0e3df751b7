import HiveProtocols
import Logging

extension PollEngine {
    /// The prefix of errors this poller records on a miner (`status poll: timed out: …`), so a
    /// later success clears only errors it recorded itself.
    var errorPrefix: String { "\(name) poll: " }

    /// Writes a cycle's results: the poller's samples, and per miner the error (recorded on a
    /// failure, cleared after a success) and, when configured, the online state (seen on
    /// success, a miss on failure). The calls run concurrently so the store's single writer
    /// can commit them together.
    ///
    /// - Returns: how many miners went offline.
    func record(_ results: CycleResults<Value>) async throws -> Int {
        let time = results.time
        let store = store
        let offlineAfter = max(1, configuration.offlineAfterMisses)
        return try await withThrowingTaskGroup(of: [MissOutcome].self) { group in
            group.addTask {
                try await self.write(results)
                return []
            }
            if configuration.updatesOnlineState {
                let seen = results.successes.map(\.miner.id)
                let missed = results.failures.map(\.miner.id)
                group.addTask {
                    try await store.recordSeen(seen, at: time)
                    return []
                }
                group.addTask { try await store.recordMisses(missed, at: time, offlineAfter: offlineAfter) }
            }
            for (miner, failure) in results.failures {
                let message = errorPrefix + failure.description
                group.addTask {
                    try await store.recordError(message, for: miner.id, at: time)
                    return []
                }
            }
            for (miner, _) in results.successes where miner.lastError?.hasPrefix(errorPrefix) == true {
                group.addTask {
                    try await store.recordError(nil, for: miner.id, at: time)
                    return []
                }
            }
            var wentOffline = 0
            for try await outcomes in group {
                for outcome in outcomes where outcome.wentOffline {
                    wentOffline += 1
                    let miner = results.failures.first { $0.miner.id == outcome.minerID }?.miner
                    logger.warning(
                        "miner went offline after \(outcome.consecutiveMisses) failed \(name) polls",
                        metadata: ["miner.ip": "\(miner?.ip ?? "-")", "miner.id": "\(outcome.minerID)"])
                }
            }
            return wentOffline
        }
    }
}
