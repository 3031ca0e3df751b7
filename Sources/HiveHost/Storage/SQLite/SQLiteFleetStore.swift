import Foundation
import GRDB

/// The ``FleetStore`` on one SQLite file, through GRDB.
///
/// - One `DatabasePool` in WAL mode: readers run on their own connections and never wait for
///   the writer; `busy_timeout` covers the rare moments SQLite still needs a lock (checkpoints,
///   another process).
/// - One writer: every write goes through a ``WriteFunnel``, which commits whatever is
///   queued in one transaction per batch and answers each call only after its commit.
/// - Pragmas: `foreign_keys=ON`, `synchronous=NORMAL` (the usual WAL choice: never corrupt,
///   and a process crash loses nothing committed, but a power cut or kernel crash can roll
///   back the last commits before the next checkpoint), `auto_vacuum=INCREMENTAL` set on a new
///   file before the first table exists, so retention can later give pages back with
///   `incremental_vacuum`.
/// - Schema from versioned migrations (``Schema``), applied when the store opens.
public final class SQLiteFleetStore: FleetStore {
    /// Settings for opening the store.
    public struct Configuration: Sendable, Hashable {
        /// Path of the database file; its folder is created if missing.
        public var path: String
        /// How long a statement waits for a lock before failing with "database is locked".
        public var busyTimeout: Duration
        /// Most write calls committed in one transaction.
        public var maxBatchJobs: Int
        /// Most concurrent reader connections.
        public var maxReaders: Int

        /// Creates a configuration.
        public init(
            path: String = "./data/powerhive.db", busyTimeout: Duration = .seconds(5), maxBatchJobs: Int = 256,
            maxReaders: Int = 5
        ) {
            self.path = path
            self.busyTimeout = busyTimeout
            self.maxBatchJobs = maxBatchJobs
            self.maxReaders = maxReaders
        }
    }

    /// The settings it was opened with.
    public let configuration: Configuration
    let pool: DatabasePool
    let funnel: WriteFunnel

    /// Opens (creating if needed) the database at `configuration.path` and migrates it to
    /// the current schema. Blocks while migrating; call it once at startup.
    public init(configuration: Configuration = Configuration()) throws {
        self.configuration = configuration
        try Self.createFolder(for: configuration.path)
        var config = GRDB.Configuration()
        config.busyMode = .timeout(Self.seconds(configuration.busyTimeout))
        config.foreignKeysEnabled = true
        config.maximumReaderCount = max(1, configuration.maxReaders)
        config.label = "powerhive"
        config.prepareDatabase { db in
            guard !db.configuration.readonly else { return }
            // Runs on the writer before GRDB switches to WAL, so it still counts on a new file
            // (a no-op on an existing one).
            try db.execute(sql: "PRAGMA auto_vacuum = INCREMENTAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: configuration.path, configuration: config)
            try Schema.migrator.migrate(pool)
        } catch {
            throw StorageError(.unavailable, "cannot open \(configuration.path)", underlying: error)
        }
        funnel = WriteFunnel(writer: pool, maxBatchJobs: configuration.maxBatchJobs)
    }

    /// Closes the database. Later calls fail.
    public func close() throws {
        try pool.close()
    }

    /// Migrations applied to the file, oldest first (e.g. `["v1"]`).
    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try Schema.migrator.appliedMigrations(db) }
    }

    /// Runs `body` as one job of the writer's next batch.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await funnel.submit(body)
    }

    /// Runs `body` on a reader connection, concurrently with the writer.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }

    private static func createFolder(for path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard !FileManager.default.fileExists(atPath: folder) else { return }
        do {
            // Owner-only: the file holds miner logins and API keys.
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StorageError(.unavailable, "cannot create folder \(folder)", underlying: error)
        }
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
