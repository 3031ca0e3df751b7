import Foundation
import HiveTesting
import Logging
import PostgresNIO
import Testing

@testable import HiveHost

/// Balancer leadership between instances sharing one PostgreSQL database.
@Suite(
    "Storage: PostgreSQL leader election",
    .enabled(if: StorageBackend.postgresURL != nil, StorageBackend.postgresDisabledReason))
struct StorageLeaderElectionTests {
    @Test("one instance leads; when its session dies another takes over at its next try, and the old one stays out")
    func takeover() async throws {
        try await PostgresTestDatabase.with { store in
            let clockA = ManualClock()
            let clockB = ManualClock()
            let logger = Logger(label: "test.leader")
            let metrics = HostMetrics()
            let a = PostgresLeaderElection(
                store: store, instanceID: "a", retryInterval: .seconds(1), clock: clockA, logger: logger,
                onChange: { metrics.recordInstance("a", leading: $0) })
            let b = PostgresLeaderElection(
                store: store, instanceID: "b", retryInterval: .seconds(1), clock: clockB, logger: logger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await a.run() }
                await clockA.waitForSleepers(1)
                #expect(a.isLeader)
                #expect(metrics.emit().contains(#"powerhive_balancer_leader{instance="a"} 1"#), "\(metrics.emit())")
                group.addTask { try await b.run() }
                await clockB.waitForSleepers(1)
                #expect(!b.isLeader)

                // A's session dies (as when its process is killed): the server frees the lock once
                // the backend has exited, which pg_terminate_backend waits for (up to 10 s).
                let killed = try await store.rows(
                    PostgresStatement(
                        """
                        SELECT pg_terminate_backend(pid, 10000) AS done FROM pg_locks
                        WHERE locktype = 'advisory' AND granted
                            AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                        """)
                ) { try $0.bool("done") }
                #expect(killed == [true])
                clockB.advance(by: .seconds(1))
                await clockB.waitForSleepers(1)
                #expect(b.isLeader)

                // A notices its connection is gone, steps down, reconnects, and does not lead.
                clockA.advance(by: .seconds(1))
                await clockA.waitForSleepers(1)
                #expect(!a.isLeader)
                clockA.advance(by: .seconds(1))
                await clockA.waitForSleepers(1)
                #expect(!a.isLeader)
                #expect(b.isLeader)
                #expect(metrics.emit().contains(#"powerhive_balancer_leader{instance="a"} 0"#), "\(metrics.emit())")
                group.cancelAll()
            }
            #expect(!a.isLeader && !b.isLeader)
        }
    }
}
