import Foundation
import HiveProtocols
import Testing

@testable import HiveHost

@Suite("Storage: stats, backup and retention")
struct StorageMaintenanceTests {
    @Test("stats count rows and bytes per table")
    func stats() async throws {
        try await StorageFixture.with { store, _ in
            let id = try await store.upsert(discovered: .at("10.5.0.1", mac: "AA:BB:CC:00:05:01")).minerID
            try await store.append(statuses: (0..<500).map { .mining(id, at: Int64($0)) })
            let stats = try await store.stats()
            #expect(
                stats.tables.map(\.name) == [
                    "balancer_audit", "balancer_policies", "balancer_state", "chain_chips", "chain_snapshots",
                    "credentials", "miner_addresses", "miners", "plant_readings", "status_blocks", "status_rollups",
                    "statuses",
                ])
            #expect(stats[table: "statuses"]?.rows == 500)
            #expect(stats[table: "miners"]?.rows == 1)
            let statusBytes = try #require(stats[table: "statuses"]?.bytes)  // Debian's SQLite has dbstat
            #expect(statusBytes >= 4096)
            #expect(stats.totalBytes >= statusBytes)
            #expect(stats.freeBytes >= 0)
        }
    }

    @Test("a backup taken while writes go on opens, passes integrity_check and holds the data")
    func backup() async throws {
        try await StorageFixture.with { store, fixture in
            let miners = try await store.upsert(
                discovered: (0..<20).map { i in
                    .at("10.5.1.\(i)", mac: String(format: "AA:BB:CC:00:05:%02X", i))
                }
            ).map(\.minerID)
            try await store.append(statuses: miners.map { .mining($0, at: 1) })
            try await store.save(
                credential: CredentialRecord(ref: "k", kind: .token, secret: Secret("v"), updatedAt: UnixMillis(1)))
            let backupPath = fixture.folder.appendingPathComponent("backups/copy.db").path
            try FileManager.default.createDirectory(
                atPath: fixture.folder.appendingPathComponent("backups").path, withIntermediateDirectories: true)

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for round in 2..<12 {
                        try await store.append(statuses: miners.map { .mining($0, at: Int64(round)) })
                    }
                }
                group.addTask { try await store.backup(to: backupPath) }
                try await group.waitForAll()
            }
            // Taking another backup over an existing file replaces it.
            try await store.backup(to: backupPath)

            #expect(try SQLiteFleetStore.integrityCheck(at: backupPath) == ["ok"])
            let leftovers = try FileManager.default.contentsOfDirectory(
                atPath: fixture.folder.appendingPathComponent("backups").path)
            #expect(leftovers == ["copy.db"])

            let copy = try SQLiteFleetStore(configuration: .init(path: backupPath))
            defer { try? copy.close() }
            #expect(
                try await copy.appliedMigrations() == ["v1", "v2-rollups", "v3-plant-balancer", "v4-status-blocks"])
            #expect(try await copy.miners().count == 20)
            #expect(try await copy.latestStatuses().allSatisfy { $0.time == UnixMillis(11) })
            #expect(try await copy.credential("k")?.secret.value == "v")
        }
    }

    @Test("a backup to an impossible path fails with a storage error and leaves nothing behind")
    func backupFailure() async throws {
        try await StorageFixture.with { store, fixture in
            let path = fixture.folder.appendingPathComponent("missing-folder/copy.db").path
            await #expect(throws: StorageError.self) { try await store.backup(to: path) }
            #expect(
                !FileManager.default.fileExists(atPath: fixture.folder.appendingPathComponent("missing-folder").path))
        }
    }

    @Test("old history is deleted, chips with their boards; free pages can be given back")
    func retention() async throws {
        try await StorageFixture.with { store, _ in
            let id = try await store.upsert(discovered: .at("10.5.2.1", mac: "AA:BB:CC:00:05:21")).minerID
            try await store.append(statuses: (0..<2_000).map { .mining(id, at: Int64($0)) })
            let chips = (0..<100).map { ChipReading(index: $0, temperature: Celsius(60)) }
            try await store.append(
                telemetry: (0..<50).map {
                    TelemetrySample(
                        minerID: id, time: UnixMillis(Int64($0) * 40), boards: [BoardSnapshot(index: 0, chips: chips)])
                })
            let deleted = try await store.deleteHistory(before: UnixMillis(1_000))
            #expect(deleted == 1_000 + 25 + 25)
            let stats = try await store.stats()
            #expect(stats[table: "statuses"]?.rows == 1_000)
            #expect(stats[table: "chain_snapshots"]?.rows == 25)
            #expect(stats[table: "chain_chips"]?.rows == 25)
            #expect(stats.freeBytes > 0)
            try await store.reclaimSpace()
            let after = try await store.stats()
            #expect(after.freeBytes == 0)
            #expect(after.totalBytes < stats.totalBytes)
        }
    }
}
