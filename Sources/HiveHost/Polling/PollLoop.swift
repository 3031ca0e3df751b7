import Logging
import NIOConcurrencyHelpers

/// The service loop both pollers run: a cycle at each fixed-rate deadline, with every
/// per-miner task a child of one task group that lives as long as the service, so a driver
/// that outlives its deadline never holds up a cycle and is cancelled at shutdown.
enum PollLoop {
    static func run<Value: Sendable>(
        engine: PollEngine<Value>, interval: Duration, initialDelay: Duration, overruns: NIOLockedValueBox<Int>
    ) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            var ticker = FixedRateTicker(timeline: engine.timeline, interval: interval, initialDelay: initialDelay)
            guard await ticker.waitForFirst() else { return }
            repeat {
                do {
                    _ = try await engine.runCycle(in: &group)
                } catch {
                    if Task.isCancelled { break }
                    engine.logger.error("\(engine.name) poll failed: \(error)")
                    engine.observer?(.cycleFailed("\(error)"))
                }
            } while await ticker.waitForNext(skipped: { skipped in
                overruns.withLockedValue { $0 += skipped }
                engine.logger.warning(
                    "\(engine.name) poll overran its interval: skipped \(skipped) deadline\(skipped == 1 ? "" : "s")")
                engine.observer?(.deadlinesSkipped(skipped))
            })
            group.cancelAll()
        }
    }
}
