import Foundation
import HiveProtocols
import Logging
import PostgresNIO
import Testing

@testable import HiveHost

/// What only the PostgreSQL store does: day partitions, migrations shared by instances, the
/// URL and its masking.
@Suite(
    "Storage: PostgreSQL specifics",
    .enabled(if: StorageBackend.postgresURL != nil, StorageBackend.postgresDisabledReason))
struct StoragePostgresTests {
    static let day: Int64 = 86_400_000

    func partitions(_ table: PostgresPartitions.Table, _ store: PostgresFleetStore) async throws -> [Int64] {
        try await store.client.withConnection { connection in
            try await store.partitions.list(table, on: connection, logger: store.logger).map(\.1)
        }
    }

    @Test("writes create the day partitions they need (and the next day); retention drops whole old ones")
    func partitionsAheadAndDropped() async throws {
        try await PostgresTestDatabase.with { store in
            let miner = try await store.upsert(discovered: .at("10.8.0.1", mac: "AA:BB:CC:00:08:01")).minerID
            let base = 20_000 * Self.day
            try await store.append(
                statuses: [0, 1, 3].map { StatusSample.mining(miner, at: base + $0 * Self.day + 1_000) })
            #expect(try await partitions(.statuses, store) == [20_000, 20_001, 20_003, 20_004])
            #expect(try await partitions(.chainSnapshots, store).isEmpty)
            let stats = try await store.stats()
            #expect(stats[table: "statuses"]?.rows == 3)
            #expect((stats[table: "statuses"]?.bytes ?? 0) > 0 && (stats[table: "miners"]?.bytes ?? 0) > 0)

            // The cutoff falls inside day 20 001: day 20 000 is dropped whole, the older row of
            // day 20 001 is deleted, its newer row stays.
            try await store.append(status: .mining(miner, at: base + Self.day + 5_000))
            #expect(try await partitions(.statuses, store) == [20_000, 20_001, 20_002, 20_003, 20_004])
            let removed = try await store.deleteStatuses(before: UnixMillis(base + Self.day + 2_000), limit: 100)
            #expect(removed == 2)
            #expect(try await partitions(.statuses, store) == [20_001, 20_002, 20_003, 20_004])
            let kept = try await store.statusHistory(
                of: miner, from: UnixMillis(0), to: UnixMillis(Int64.max), limit: nil)
            #expect(kept.map(\.time.rawValue) == [base + Self.day + 5_000, base + 3 * Self.day + 1_000])

            // A late sample for a dropped day re-creates its partition.
            try await store.append(status: .mining(miner, at: base + 2))
            #expect(try await partitions(.statuses, store).first == 20_000)
        }
    }

    @Test("a write after another instance dropped a cached partition re-creates it")
    func partitionDroppedElsewhere() async throws {
        try await PostgresTestDatabase.with { store in
            let miner = try await store.upsert(discovered: .at("10.8.0.2", mac: "AA:BB:CC:00:08:02")).minerID
            try await store.append(status: .mining(miner, at: 5 * Self.day))
            try await store.execute(PostgresStatement("DROP TABLE statuses_p5"))
            try await store.append(status: .mining(miner, at: 5 * Self.day + 1))
            #expect(try await store.latestStatuses().map(\.time.rawValue) == [5 * Self.day + 1])
        }
    }

    @Test("migrations are recorded once; opening again (another instance) applies nothing twice")
    func migrationsOnce() async throws {
        try await PostgresTestDatabase.with { store in
            #expect(try await store.appliedMigrations() == PostgresSchema.knownVersions.sorted())
            let again = try await PostgresFleetStore.open(configuration: store.configuration, logger: store.logger)
            _ = again
            #expect(try await store.appliedMigrations().count == PostgresSchema.knownVersions.count)
            let stats = try await store.stats()
            #expect(stats.tables.map(\.name).contains("statuses"))
            #expect(!stats.tables.map(\.name).contains { $0.hasPrefix("statuses_p") })
            #expect(stats.totalBytes > 0)
        }
    }

    @Test("backup says it is SQLite-only; an unreachable server is an error naming it without the password")
    func backupAndUnreachable() async throws {
        try await PostgresTestDatabase.with { store in
            await #expect(throws: StorageError.self) { try await store.backup(to: "/tmp/never.db") }
        }
        let closed = PostgresURL(
            host: "127.220.0.9", port: 9, username: "u", password: Secret("hunter2-secret"), database: "d")
        let error = await #expect(throws: StorageError.self) {
            _ = try await PostgresFleetStore.open(
                configuration: .init(url: closed, connectTimeout: .seconds(10)), logger: Logger(label: "test"))
        }
        let text = "\(error.map { "\($0)" } ?? "")"
        #expect(text.contains("postgres://u:***@127.220.0.9:9/d"), "\(text)")
        #expect(!text.contains("hunter2"))
    }
}

@Suite("Storage: PostgreSQL URL")
struct PostgresURLTests {
    @Test func parsesAndMasks() throws {
        let url = try #require(PostgresURL("postgres://hive:s%40cret@db.example:6432/fleet"))
        #expect(url.host == "db.example" && url.port == 6432 && url.username == "hive" && url.database == "fleet")
        #expect(url.password?.value == "s@cret")
        #expect(url.masked == "postgres://hive:***@db.example:6432/fleet")
        #expect("\(url)" == url.masked)
        #expect(PostgresURL("postgresql://hive@localhost")?.database == "hive")
        #expect(PostgresURL("postgresql://hive@localhost")?.port == 5432)
        for bad in ["mysql://a@b/c", "postgres://b/c", "postgres://a@/c", "postgres://a@b/c?sslmode=require", "", "x"] {
            #expect(PostgresURL(bad) == nil, "\(bad)")
        }
    }

    @Test("a bad database.url is a config error naming the key, never echoing the value")
    func configError() throws {
        let json = #"{"database": {"url": "postgres://hive:topsecret@/nohost"}}"#
        let error = #expect(throws: ConfigError.self) {
            _ = try PowerHiveConfig.parse(Array(json.utf8), source: "test.json", environment: [:])
        }
        let text = "\(error.map { "\($0)" } ?? "")"
        #expect(text.contains("database.url"))
        #expect(!text.contains("topsecret"))
        let good = try PowerHiveConfig.parse(
            Array(#"{"database": {"url": "postgres://hive:topsecret@127.0.0.1/fleet", "pool_size": 4}}"#.utf8),
            source: "test.json", environment: [:])
        #expect(good.database.poolSize == 4)
        #expect(try good.database.postgresURL?.database == "fleet")
        let masked = good.maskedJSON.serialized()
        #expect(!masked.contains("topsecret"))
        #expect(masked.contains("postgres://hive:***@127.0.0.1:5432/fleet"))
    }
}
