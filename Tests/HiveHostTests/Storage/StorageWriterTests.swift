import Dispatch
import GRDB
import Testing

@testable import HiveHost

@Suite("Storage: the batching writer")
struct StorageWriterTests {
    /// Holds the writer inside a transaction until released, and tells when it got there.
    final class Gate: Sendable {
        let semaphore = DispatchSemaphore(value: 0)
        let entered: AsyncStream<Void>
        let enteredContinuation: AsyncStream<Void>.Continuation

        init() {
            (entered, enteredContinuation) = AsyncStream<Void>.makeStream()
        }

        /// Called from the write job: signals and blocks the writer queue.
        func hold() {
            enteredContinuation.yield()
            semaphore.wait()
        }

        func waitUntilEntered() async {
            var iterator = entered.makeAsyncIterator()
            _ = await iterator.next()
        }

        func release() { semaphore.signal() }
    }

    static func insertStatus(_ db: Database, miner: Int64, at time: Int64) throws {
        try db.execute(
            sql: "INSERT INTO statuses (miner_id, ts_ms, state) VALUES (?, ?, 1)", arguments: [miner, time])
    }

    @Test("jobs queued during a commit form one batch, and are answered only after it commits")
    func acknowledgesAfterCommit() async throws {
        try await StorageFixture.with { store, _ in
            let miner = try await store.upsert(discovered: .at("10.2.0.1", mac: "AA:BB:CC:00:01:01")).minerID.rawValue
            let batchesBefore = await store.funnel.batchCount
            let gate = Gate()

            // name -> nil on success, else the error's description
            let results = await withTaskGroup(of: (String, String?).self) { group in
                group.addTask {
                    (
                        "held",
                        await Self.failure {
                            try await store.write { db -> Void in
                                try Self.insertStatus(db, miner: miner, at: 1)
                                gate.hold()
                            }
                        }
                    )
                }
                await gate.waitUntilEntered()
                // The writer is now busy: these two queue up behind it, as one batch.
                group.addTask {
                    (
                        "innocent",
                        await Self.failure {
                            try await store.write { db in
                                try Self.insertStatus(db, miner: miner, at: 2)
                            }
                        }
                    )
                }
                group.addTask {
                    // Valid inside its savepoint, but breaks the deferred foreign key at COMMIT.
                    (
                        "breaks commit",
                        await Self.failure {
                            try await store.write { db -> Void in
                                try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
                                try Self.insertStatus(db, miner: 999_999, at: 3)
                            }
                        }
                    )
                }
                await store.funnel.waitUntilQueued(2)
                // While the writer holds its transaction, readers still answer.
                let duringWrite = try? await store.latestStatuses()
                #expect(duringWrite?.isEmpty == true)
                gate.release()
                var results: [String: String?] = [:]
                for await (name, failure) in group { results[name] = failure }
                return results
            }

            #expect(results["held"] == .some(nil))
            // Both jobs of the second batch ran fine on their own, yet both report the commit's failure.
            let innocent = try #require(results["innocent"] ?? nil)
            let culprit = try #require(results["breaks commit"] ?? nil)
            #expect(innocent.contains("FOREIGN KEY constraint failed"))
            #expect(culprit == innocent)
            let stored = try await store.statusHistory(
                of: MinerRecord.ID(miner), from: UnixMillis(0), to: UnixMillis(10), limit: nil)
            #expect(stored.map(\.time.rawValue) == [1])
            #expect(await store.funnel.batchCount - batchesBefore == 2)
            #expect(await store.funnel.largestBatch == 2)
        }
    }

    /// `nil` when `body` succeeds, else the error's description.
    static func failure(_ body: () async throws -> Void) async -> String? {
        do {
            try await body()
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test("a job that throws is rolled back alone; the rest of its batch commits")
    func failingJobIsIsolated() async throws {
        try await StorageFixture.with { store, _ in
            let miner = try await store.upsert(discovered: .at("10.2.0.2", mac: "AA:BB:CC:00:01:02")).minerID.rawValue
            let gate = Gate()
            struct Refused: Error {}
            let results = await withTaskGroup(of: (Int, Bool).self) { group in
                group.addTask {
                    ((0, (try? await store.write { _ in gate.hold() }) != nil))
                }
                await gate.waitUntilEntered()
                for i in 1...3 {
                    group.addTask {
                        let ok =
                            (try? await store.write { db -> Void in
                                try Self.insertStatus(db, miner: miner, at: Int64(i))
                                if i == 2 { throw Refused() }
                            }) != nil
                        return (i, ok)
                    }
                }
                await store.funnel.waitUntilQueued(3)
                gate.release()
                var results: [Int: Bool] = [:]
                for await (i, ok) in group { results[i] = ok }
                return results
            }
            #expect(results == [0: true, 1: true, 2: false, 3: true])
            let stored = try await store.statusHistory(
                of: MinerRecord.ID(miner), from: UnixMillis(0), to: UnixMillis(10), limit: nil)
            #expect(stored.map(\.time.rawValue) == [1, 3])
            #expect(await store.funnel.largestBatch == 3)
        }
    }

    @Test("a batch never exceeds the configured number of jobs")
    func batchLimit() async throws {
        try await StorageFixture.with(maxBatchJobs: 4) { store, _ in
            let gate = Gate()
            await withTaskGroup(of: Void.self) { group in
                group.addTask { _ = try? await store.write { _ in gate.hold() } }
                await gate.waitUntilEntered()
                for _ in 0..<10 { group.addTask { _ = try? await store.write { _ in 1 } } }
                await store.funnel.waitUntilQueued(10)
                gate.release()
            }
            #expect(await store.funnel.largestBatch == 4)
            #expect(await store.funnel.batchCount == 1 + 3)  // 4 + 4 + 2 after the held one
        }
    }

    @Test("readers hammering latest-per-miner never hit 'database is locked' while batches of 1000 rows commit")
    func concurrentReadsDuringWrites() async throws {
        try await StorageFixture.with { store, _ in
            let miners = try await store.upsert(
                discovered: (0..<100).map { i in
                    .at("10.3.0.\(i)", mac: String(format: "AA:BB:CC:00:02:%02X", i))
                }
            ).map(\.minerID)
            let batches = 6
            let progress = WriteProgress()

            try await withThrowingTaskGroup(of: Void.self) { group in
                for reader in 0..<3 {
                    group.addTask {
                        var iterations = 0
                        // Bounded: stops when the writer is done, or after 20,000 reads at most.
                        while iterations < 20_000 {
                            let latest = try await store.latestStatuses()
                            #expect(latest.count <= miners.count)
                            iterations += 1
                            if reader == 0, iterations == 1 { await progress.readerStarted() }
                            if await progress.isDone { break }
                        }
                        await progress.countReads(iterations)
                    }
                }
                group.addTask {
                    await progress.waitForReader()
                    for batch in 0..<batches {
                        let rows = (0..<1000).map { i in
                            StatusSample.mining(miners[i % miners.count], at: Int64(batch * 1000 + i / miners.count))
                        }
                        try await store.append(statuses: rows)
                        await progress.committed()
                    }
                    await progress.finish()
                }
                try await group.waitForAll()
            }
            #expect(await progress.batchesCommitted == batches)
            #expect(await progress.reads > 3)
            let latest = try await store.latestStatuses()
            #expect(latest.count == miners.count)
            #expect(latest.allSatisfy { $0.time.rawValue == Int64((batches - 1) * 1000 + 9) })
        }
    }

    /// Coordination between the reader and writer tasks of the concurrency test.
    actor WriteProgress {
        private(set) var isDone = false
        private(set) var batchesCommitted = 0
        private(set) var reads = 0
        private var started = false
        private var waiters: [CheckedContinuation<Void, Never>] = []

        func readerStarted() {
            started = true
            for waiter in waiters { waiter.resume() }
            waiters = []
        }

        func waitForReader() async {
            if started { return }
            await withCheckedContinuation { waiters.append($0) }
        }

        func committed() { batchesCommitted += 1 }
        func finish() { isDone = true }
        func countReads(_ n: Int) { reads += n }
    }
}
