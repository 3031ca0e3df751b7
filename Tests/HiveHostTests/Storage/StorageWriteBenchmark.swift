import Foundation
import Testing

@testable import HiveHost

/// Prints how long 10,000 status rows take to write. Run alone with
/// `swift test --filter StorageWriteBenchmark`; release figures with
/// `swift test -c release -Xswiftc -enable-testing --filter StorageWriteBenchmark`.
@Suite("Storage: write benchmark")
struct StorageWriteBenchmark {
    @Test("10,000 status rows: 10 calls of 1,000, and 10,000 concurrent single-row calls")
    func tenThousandStatuses() async throws {
        try await StorageFixture.with { store, _ in
            let miners = try await store.upsert(
                discovered: (0..<100).map { i in
                    .at("10.6.0.\(i)", mac: String(format: "AA:BB:CC:00:06:%02X", i))
                }
            ).map(\.minerID)
            let clock = ContinuousClock()

            let batched = try await clock.measure {
                for cycle in 0..<10 {
                    let rows = (0..<1_000).map { i in
                        StatusSample.mining(miners[i % 100], at: Int64(cycle * 10 + i / 100))
                    }
                    try await store.append(statuses: rows)
                }
            }

            let batchesBefore = await store.funnel.batchCount
            let concurrent = try await clock.measure {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for n in 0..<10_000 {
                        group.addTask {
                            try await store.append(status: .mining(miners[n % 100], at: Int64(100_000 + n / 100)))
                        }
                    }
                    try await group.waitForAll()
                }
            }
            let batches = await store.funnel.batchCount - batchesBefore
            #expect(try await store.stats()[table: "statuses"]?.rows == 20_000)
            print(
                """
                [WriteBenchmark] 10,000 status rows as 10 calls of 1,000: \(batched)
                [WriteBenchmark] 10,000 concurrent one-row calls: \(concurrent) in \(batches) transactions \
                (largest batch \(await store.funnel.largestBatch))
                """)
        }
    }
}
