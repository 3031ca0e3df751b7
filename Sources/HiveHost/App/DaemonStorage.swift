public import Logging
public import ServiceLifecycle

/// The daemon's database, opened from `database.*`: SQLite at `database.path` by default,
/// PostgreSQL when `database.url` is set. The web server's users and control audit live in the
/// same database.
public struct DaemonStorage: Sendable {
    /// The fleet, retention, balancer and plant store.
    public let store: any HiveStore
    /// Users, sessions and API tokens.
    public let users: any UserStore
    /// `/healthz`'s database probe.
    public let probe: any DatabaseProbe
    /// Operator actions.
    public let audit: any ControlAuditLog
    /// Services the storage needs running (PostgreSQL's connection pool); first in the group.
    public let services: [any Service]
    /// `"sqlite"` or `"postgresql"`.
    public let backend: String

    /// Opens (and migrates) the configured database.
    ///
    /// - Throws: ``StorageError`` when the database cannot be opened or migrated; a
    ///   `ConfigError` naming `database.url` when it is not a usable PostgreSQL URL.
    public static func open(config: PowerHiveConfig, logger: Logger) async throws -> DaemonStorage {
        guard let url = try config.database.postgresURL else {
            let store = try SQLiteFleetStore(configuration: .init(path: config.database.path))
            let users = try SQLiteUserStore(fleetStore: store)
            return DaemonStorage(
                store: store, users: users, probe: users, audit: try SQLiteAuditLog(fleetStore: store), services: [],
                backend: "sqlite")
        }
        var storageLogger = logger
        storageLogger[metadataKey: "database"] = "\(url.masked)"
        let store = try await PostgresFleetStore.open(
            configuration: .init(url: url, poolSize: config.database.poolSize), logger: storageLogger)
        let users = PostgresUserStore(store: store)
        return DaemonStorage(
            store: store, users: users, probe: users, audit: PostgresAuditLog(store: store),
            services: [store.service], backend: "postgresql")
    }
}
