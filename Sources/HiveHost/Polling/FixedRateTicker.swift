import ServiceLifecycle

/// Drives a service loop on a ``FixedRateSchedule`` over an injected clock: waits for the
/// first deadline, then after each cycle for the next one, skipping (and reporting) deadlines
/// a long cycle ran past. Waiting ends early, returning `false`, on cancellation or graceful
/// shutdown.
struct FixedRateTicker: Sendable {
    let timeline: Timeline
    let schedule: FixedRateSchedule
    /// The deadline of the cycle that ran (or is about to run) last.
    private(set) var deadline: Duration

    /// A ticker whose first deadline is `initialDelay` from now.
    init(timeline: Timeline, interval: Duration, initialDelay: Duration) {
        self.timeline = timeline
        schedule = FixedRateSchedule(interval: interval)
        deadline = timeline.now + max(.zero, initialDelay)
    }

    /// Waits for the first deadline.
    func waitForFirst() async -> Bool {
        await Self.wait(until: deadline, on: timeline)
    }

    /// Moves to the next deadline that has not passed and waits for it.
    /// - Parameter skipped: told how many deadlines were skipped, when any were.
    mutating func waitForNext(skipped: (Int) -> Void) async -> Bool {
        let (next, missed) = schedule.next(after: deadline, now: timeline.now)
        if missed > 0 { skipped(missed) }
        deadline = next
        return await Self.wait(until: next, on: timeline)
    }

    private static func wait(until deadline: Duration, on timeline: Timeline) async -> Bool {
        guard !Task.isCancelled, !Task.isShuttingDownGracefully else { return false }
        do {
            try await cancelWhenGracefulShutdown { try await timeline.sleep(until: deadline) }
        } catch {
            return false
        }
        return !Task.isCancelled && !Task.isShuttingDownGracefully
    }
}
