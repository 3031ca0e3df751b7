import Foundation
import Logging
import PostgresNIO

/// The PostgreSQL schema, as versioned migrations recorded in `schema_migrations`. Never edit
/// a shipped migration: add one.
///
/// Same tables, columns and migration names as ``Schema`` (SQLite), with PostgreSQL types:
/// timestamps `bigint` Unix milliseconds (`*_ms`), quantities `double precision` in base units,
/// booleans `boolean`, blobs `bytea`. The time series are partitioned by day on their time
/// column (``PostgresPartitions`` creates and drops the partitions); their primary keys include
/// that column, as PostgreSQL requires.
enum PostgresSchema {
    /// Every migration, oldest first: (identifier, statements).
    static let migrations: [(String, [String])] = [
        ("v1", v1), ("v2-rollups", v2Rollups), ("v3-plant-balancer", v3PlantBalancer), ("web_v1", webV1),
    ]

    /// Identifiers of all migrations this build knows.
    static var knownVersions: [String] { migrations.map(\.0) }

    /// The advisory lock key under which migrations and partition changes run (any instance).
    static let ddlLock: Int64 = 0x5048_5344_444C  // "PHSDDL"

    /// Connects once and applies pending migrations in one transaction, holding ``ddlLock`` so
    /// two instances starting together migrate once.
    static func migrate(configuration: PostgresFleetStore.Configuration, logger: Logger) async throws {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: configuration.connection, id: 0, logger: logger)
        } catch {
            throw StorageError(
                .unavailable, "cannot connect to \(configuration.url.masked)", underlying: PostgresServerError(error))
        }
        do {
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.execute(
                    PostgresStatement("SELECT pg_advisory_xact_lock($1)", [.int(ddlLock)]), logger: logger)
                try await connection.execute(
                    PostgresStatement(
                        "CREATE TABLE IF NOT EXISTS schema_migrations (version text PRIMARY KEY, applied_ms bigint NOT NULL)"
                    ),
                    logger: logger)
                let applied = Set(
                    try await connection.rows(
                        PostgresStatement("SELECT version FROM schema_migrations"), logger: logger
                    ) {
                        try $0.string("version")
                    })
                for (version, statements) in migrations where !applied.contains(version) {
                    for statement in statements {
                        try await connection.execute(PostgresStatement(statement), logger: logger)
                    }
                    try await connection.execute(
                        PostgresStatement(
                            "INSERT INTO schema_migrations (version, applied_ms) VALUES ($1, $2)",
                            [.text(version), .int(Int64(Date().timeIntervalSince1970 * 1000))]),
                        logger: logger)
                }
            }
            try await connection.close()
        } catch {
            try? await connection.close()
            throw StorageError(
                .unavailable, "cannot migrate \(configuration.url.masked)", underlying: PostgresServerError(error))
        }
    }
}
