/// Thrown by `withDeadline` when the deadline passes first; transports turn it into a
/// `DriverError` of kind `.timedOut`.
struct DeadlineExceeded: Error {}

/// Runs `operation` and returns its result, or throws `DeadlineExceeded` once `deadline`
/// passes, cancelling the operation (which must honour cancellation to return promptly).
func withDeadline<T: Sendable>(
    _ deadline: ContinuousClock.Instant, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(until: deadline, clock: .continuous)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw DeadlineExceeded()
        }
        return value
    }
}
