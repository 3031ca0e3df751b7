/// An injected clock seen as offsets from the moment the service was created, so services can
/// hold a `any Clock<Duration>` (a `ContinuousClock` in the daemon, a `ManualClock` in tests)
/// without becoming generic over it.
struct Timeline: Sendable {
    private let elapsed: @Sendable () -> Duration
    private let sleeper: @Sendable (Duration) async throws -> Void

    /// Wraps `clock`; offset zero is now.
    init(_ clock: any Clock<Duration>) {
        self.init(opening: clock)
    }

    private init<C: Clock<Duration>>(opening clock: C) {
        let origin = clock.now
        elapsed = { origin.duration(to: clock.now) }
        sleeper = { offset in try await clock.sleep(until: origin.advanced(by: offset), tolerance: nil) }
    }

    /// Time since the origin.
    var now: Duration { elapsed() }

    /// Sleeps until `offset` after the origin (returns at once if it has passed).
    /// - Throws: `CancellationError` when the task is cancelled.
    func sleep(until offset: Duration) async throws {
        try await sleeper(offset)
    }
}
