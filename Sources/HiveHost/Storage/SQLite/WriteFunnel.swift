import GRDB

/// The single writer: accepts write jobs from any task and commits them in batches, one
/// transaction per batch, answering each job only after its batch committed.
///
/// It works as a group commit with no background task. The first caller to find the funnel
/// idle becomes the *leader*: it takes everything queued (up to `maxBatchJobs`), runs the
/// jobs in one transaction on GRDB's writer queue, answers the others, and hands the lead to
/// the caller at the head of the queue, if any. While a batch commits, new jobs queue up and
/// form the next batch, so under load batches grow on their own and when idle a job commits
/// alone with no delay.
///
/// Each job runs inside its own savepoint: a job that throws is rolled back and gets its
/// error, the rest of its batch commits. If the commit itself fails, every job of the batch
/// gets that error. A job runs even if its caller's task is cancelled meanwhile: once
/// queued, a write is not silently dropped.
actor WriteFunnel {
    typealias Body = @Sendable (Database) throws -> any Sendable

    private enum Signal: Sendable {
        case lead
        case done(Result<any Sendable, any Error>)
    }

    private struct Job: Sendable {
        let body: Body
        let continuation: CheckedContinuation<Signal, Never>
    }

    private let writer: any DatabaseWriter
    private let maxBatchJobs: Int
    private var queue: [Job] = []
    private var leading = false
    private var queueWatchers: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    /// Batches committed (or failed) so far.
    private(set) var batchCount = 0
    /// Size of the largest batch so far.
    private(set) var largestBatch = 0

    init(writer: any DatabaseWriter, maxBatchJobs: Int) {
        self.writer = writer
        self.maxBatchJobs = max(1, maxBatchJobs)
    }

    /// Queues `body`, waits until its batch committed, and returns its result.
    func submit<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let signal = await withCheckedContinuation { (continuation: CheckedContinuation<Signal, Never>) in
            queue.append(Job(body: { try body($0) }, continuation: continuation))
            notifyQueueWatchers()
            if !leading {
                leading = true
                continuation.resume(returning: .lead)
            }
        }
        let result: Result<any Sendable, any Error>
        switch signal {
        case .done(let outcome):
            result = outcome
        case .lead:
            result = await leadOneBatch()
        }
        let value = try result.get()
        guard let typed = value as? T else {
            throw StorageError(.internalInconsistency, "write job returned \(type(of: value)), expected \(T.self)")
        }
        return typed
    }

    /// Runs the batch at the head of the queue (whose first job is the leader's), answers the
    /// others, hands the lead on, and returns the leader's own result.
    private func leadOneBatch() async -> Result<any Sendable, any Error> {
        let batch = Array(queue.prefix(maxBatchJobs))
        queue.removeFirst(batch.count)
        batchCount += 1
        largestBatch = max(largestBatch, batch.count)
        let results = await commit(batch.map(\.body))
        for (job, result) in zip(batch, results).dropFirst() {
            job.continuation.resume(returning: .done(result))
        }
        if let next = queue.first {
            next.continuation.resume(returning: .lead)
        } else {
            leading = false
        }
        return results.first ?? .failure(StorageError(.internalInconsistency, "empty write batch"))
    }

    /// Runs `bodies` in one transaction on the writer queue; one result per body.
    private func commit(_ bodies: [Body]) async -> [Result<any Sendable, any Error>] {
        await withCheckedContinuation { continuation in
            writer.asyncWriteWithoutTransaction { db in
                var results: [Result<any Sendable, any Error>] = []
                results.reserveCapacity(bodies.count)
                do {
                    try db.inTransaction(.immediate) {
                        for body in bodies {
                            do {
                                var produced: any Sendable = ()
                                try db.inSavepoint {
                                    produced = try body(db)
                                    return .commit
                                }
                                results.append(.success(produced))
                            } catch {
                                results.append(.failure(error))
                            }
                        }
                        return .commit
                    }
                    continuation.resume(returning: results)
                } catch {
                    continuation.resume(returning: Array(repeating: .failure(error), count: bodies.count))
                }
            }
        }
    }

    // MARK: Test support

    /// Returns once at least `count` jobs wait in the queue (not counting a batch being
    /// committed). Lets tests line jobs up into one batch without sleeping.
    func waitUntilQueued(_ count: Int) async {
        if queue.count >= count { return }
        await withCheckedContinuation { continuation in
            queueWatchers.append((count, continuation))
        }
    }

    private func notifyQueueWatchers() {
        let ready = queueWatchers.filter { queue.count >= $0.count }
        queueWatchers.removeAll { queue.count >= $0.count }
        for watcher in ready { watcher.continuation.resume() }
    }
}
