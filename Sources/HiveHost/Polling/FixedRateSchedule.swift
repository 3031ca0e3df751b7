/// Fixed-rate deadlines: each one is the previous deadline plus the interval, never "now plus
/// the interval", so the schedule does not drift by the length of each cycle.
///
/// A cycle that overruns one or more deadlines skips them (they are counted, never run late
/// in a burst) and the next cycle starts at the first deadline that has not yet passed.
/// A pure value: the services feed it times read from their injected clock.
public struct FixedRateSchedule: Sendable, Hashable {
    /// Time between deadlines.
    public var interval: Duration

    /// Creates a schedule. A non-positive interval is treated as one second.
    public init(interval: Duration) {
        self.interval = interval > .zero ? interval : .seconds(1)
    }

    /// The deadline after `deadline`, given that it is now `now`.
    ///
    /// - Returns: the next deadline that is not in the past (`>= now`), and how many deadlines
    ///   before it were missed because `now` was already past them.
    public func next(after deadline: Duration, now: Duration) -> (deadline: Duration, skipped: Int) {
        var next = deadline + interval
        guard next < now else { return (next, 0) }
        // Jump close to `now` in one step (a long suspension may have missed many deadlines),
        // then correct by exact comparison.
        var skipped = max(0, Int(((now - next) / interval).rounded(.down)))
        next = deadline + interval * (skipped + 1)
        while next < now {
            next += interval
            skipped += 1
        }
        while skipped > 0, next - interval >= now {
            next -= interval
            skipped -= 1
        }
        return (next, skipped)
    }
}
