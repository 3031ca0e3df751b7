/// Thrown by ``raceDeadline(_:after:_:)`` when the deadline passes first.
struct BalancerDeadlineExceeded: Error {}

/// Runs `operation` against a deadline `after` from now on `timeline`: the operation's result,
/// or ``BalancerDeadlineExceeded`` once the deadline passes (the operation is then cancelled).
func raceDeadline<T: Sendable>(
    _ timeline: Timeline, after limit: Duration, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    let deadline = timeline.now + limit
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await timeline.sleep(until: deadline)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw BalancerDeadlineExceeded() }
        return value
    }
}
