import Foundation
import GRDB
import Testing

@testable import HiveHost

@Suite("Storage: opening and migrations")
struct StorageMigrationTests {
    @Test("an empty file is created, with its folder, and migrated with the pragmas in force")
    func freshFile() async throws {
        let fixture = try StorageFixture()
        defer { fixture.remove() }
        let nested = fixture.folder.appendingPathComponent("data/nested/powerhive.db").path
        let store = try SQLiteFleetStore(configuration: .init(path: nested))
        defer { try? store.close() }
        #expect(FileManager.default.fileExists(atPath: nested))
        #expect(try await store.appliedMigrations() == ["v1", "v2-rollups", "v3-plant-balancer", "v4-status-blocks"])
        #expect(try await store.appliedMigrations() == Schema.knownVersions)

        let pragmas = try await store.write { db in
            [
                "journal_mode": try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                "auto_vacuum": String(try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") ?? -1),
                "foreign_keys": String(try Int.fetchOne(db, sql: "PRAGMA foreign_keys") ?? -1),
                "synchronous": String(try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1),
                "busy_timeout": String(try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? -1),
            ]
        }
        #expect(pragmas["journal_mode"] == "wal")
        #expect(pragmas["auto_vacuum"] == "2")  // INCREMENTAL
        #expect(pragmas["foreign_keys"] == "1")
        #expect(pragmas["synchronous"] == "1")  // NORMAL
        #expect(pragmas["busy_timeout"] == "5000")
    }

    @Test("re-opening is idempotent: the version stays recorded and data survives")
    func reopen() async throws {
        let fixture = try StorageFixture()
        defer { fixture.remove() }
        let first = try fixture.open()
        let outcome = try await first.upsert(discovered: .at("10.0.0.1", mac: "aa:bb:cc:00:00:01"))
        try first.close()

        for _ in 0..<2 {
            let again = try fixture.open()
            #expect(
                try await again.appliedMigrations() == ["v1", "v2-rollups", "v3-plant-balancer", "v4-status-blocks"])
            let miners = try await again.miners()
            #expect(miners.map(\.id) == [outcome.minerID])
            let autoVacuum = try await again.read { db in try Int.fetchOne(db, sql: "PRAGMA auto_vacuum") }
            #expect(autoVacuum == 2)
            try again.close()
        }
    }

    @Test("a path whose folder cannot be created fails with a storage error")
    func unwritableFolder() throws {
        let fixture = try StorageFixture()
        defer { fixture.remove() }
        let blocker = fixture.folder.appendingPathComponent("file")
        try Data("x".utf8).write(to: blocker)
        #expect(throws: StorageError.self) {
            _ = try SQLiteFleetStore(configuration: .init(path: blocker.appendingPathComponent("db/powerhive.db").path))
        }
    }
}
