import Foundation
public import Logging
import NIOCore
public import PostgresNIO
public import ServiceLifecycle

/// The ``FleetStore`` on PostgreSQL, through PostgresNIO's pooled `PostgresClient`.
///
/// - Same logical schema as ``SQLiteFleetStore`` (same tables and columns, integer Unix-ms
///   timestamps), applied by versioned migrations recorded in `schema_migrations`
///   (``PostgresSchema``) when ``open(configuration:logger:)`` runs.
/// - The time series (`statuses`, `chain_snapshots`, `chain_chips`, `plant_readings`) are
///   partitioned by day on their time column; a write first makes sure the partitions of its
///   days (and the next day) exist, and retention drops whole partitions
///   (`Docs/PostgreSQL.md`).
/// - Writes are multi-row `INSERT … ON CONFLICT` statements, one transaction per call, so the
///   ``FleetStore`` contract (a call that returns is committed; a call that throws wrote
///   nothing) holds as it does on SQLite. Inventory writes take a transaction-scoped advisory
///   lock, so the identity rules run one at a time even with several instances.
/// - ``client`` is a ServiceLifecycle `Service`: run it (the daemon puts ``service`` first in
///   its `ServiceGroup`); queries wait for a connection until it runs.
public final class PostgresFleetStore: FleetStore {
    /// Settings for opening the store.
    public struct Configuration: Sendable, Hashable {
        /// The server, credentials and database.
        public var url: PostgresURL
        /// Most connections the pool opens (`database.pool_size`).
        public var poolSize: Int
        /// How long opening a connection may take.
        public var connectTimeout: Duration

        /// Creates a configuration.
        public init(url: PostgresURL, poolSize: Int = 10, connectTimeout: Duration = .seconds(10)) {
            self.url = url
            self.poolSize = poolSize
            self.connectTimeout = connectTimeout
        }

        /// PostgresNIO's client configuration: no TLS (a loopback or LAN database; TLS is not
        /// configurable yet), the pool size as its maximum connection count.
        var client: PostgresClient.Configuration {
            var configuration = PostgresClient.Configuration(
                host: url.host, port: url.port, username: url.username, password: url.password?.value,
                database: url.database, tls: .disable)
            configuration.options.maximumConnections = max(1, poolSize)
            configuration.options.connectTimeout = connectTimeout
            return configuration
        }

        /// The configuration of one connection outside the pool (migrations, leader lock).
        var connection: PostgresConnection.Configuration {
            var configuration = PostgresConnection.Configuration(
                host: url.host, port: url.port, username: url.username, password: url.password?.value,
                database: url.database, tls: .disable)
            configuration.options.connectTimeout = .init(connectTimeout)
            return configuration
        }
    }

    /// The settings it was opened with.
    public let configuration: Configuration
    /// The connection pool. Run it (``service``) for queries to be served.
    public let client: PostgresClient
    let logger: Logger
    let partitions = PostgresPartitions()

    private init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.client = PostgresClient(configuration: configuration.client, backgroundLogger: logger)
    }

    /// Connects once, applies pending migrations (serialised between instances by an advisory
    /// lock), and returns the store. Its pool serves queries once ``service`` runs.
    ///
    /// - Throws: ``StorageError`` `.unavailable` naming the server (never the password).
    public static func open(configuration: Configuration, logger: Logger) async throws -> PostgresFleetStore {
        try await PostgresSchema.migrate(configuration: configuration, logger: logger)
        return PostgresFleetStore(configuration: configuration, logger: logger)
    }

    /// The pool as a `Service` for the daemon's `ServiceGroup`.
    public var service: any Service { client }

    /// Migrations applied to the database, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await rows(PostgresStatement("SELECT version FROM schema_migrations ORDER BY version")) {
            try $0.string("version")
        }
    }

    // MARK: Running statements

    /// Runs `body` in one transaction on a pooled connection.
    func transaction<T: Sendable>(
        _ what: String, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as StorageError {
            throw error
        } catch let error as PostgresTransactionError {
            if let inner = error.closureError as? StorageError { throw inner }
            throw StorageError(
                .unavailable, "\(what) failed", underlying: PostgresServerError(error.closureError ?? error))
        } catch {
            throw StorageError(.unavailable, "\(what) failed", underlying: PostgresServerError(error))
        }
    }

    /// Runs one statement and decodes each row.
    func rows<T>(
        _ statement: PostgresStatement, _ decode: (PostgresRandomAccessRow) throws -> T
    ) async throws -> [T] {
        do {
            let sequence = try await client.query(statement.query, logger: logger)
            var result: [T] = []
            for try await row in sequence { result.append(try decode(row.makeRandomAccess())) }
            return result
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError(.unavailable, "query failed", underlying: PostgresServerError(error))
        }
    }

    /// Runs one statement outside a transaction, ignoring any rows.
    func execute(_ statement: PostgresStatement) async throws {
        _ = try await rows(statement) { _ in () }
    }
}

extension PostgresConnection {
    /// Runs one statement and decodes each row.
    func rows<T>(
        _ statement: PostgresStatement, logger: Logger, _ decode: (PostgresRandomAccessRow) throws -> T
    ) async throws -> [T] {
        let sequence = try await query(statement.query, logger: logger)
        var result: [T] = []
        for try await row in sequence { result.append(try decode(row.makeRandomAccess())) }
        return result
    }

    /// Runs one statement, ignoring any rows.
    func execute(_ statement: PostgresStatement, logger: Logger) async throws {
        _ = try await rows(statement, logger: logger) { _ in () }
    }

    /// Runs a statement that returns one count (`SELECT count(*) …`).
    func count(_ statement: PostgresStatement, logger: Logger) async throws -> Int {
        try await rows(statement, logger: logger) { try $0[0].decode(Int.self) }.first ?? 0
    }
}

/// What the server said, without what PostgresNIO hides by default (its `PSQLError`
/// description is a fixed text): the SQLSTATE and the server's message. Neither contains the
/// connection password; bound values are not included.
struct PostgresServerError: Error, CustomStringConvertible {
    let sqlState: String?
    let message: String

    init(_ error: any Error) {
        if let psql = error as? PSQLError {
            sqlState = psql.serverInfo?[.sqlState]
            message = psql.serverInfo?[.message] ?? "\(psql.code)"
        } else if let transaction = error as? PostgresTransactionError {
            let inner = transaction.closureError ?? transaction.beginError ?? transaction.commitError
            let wrapped = inner.map(PostgresServerError.init)
            sqlState = wrapped?.sqlState
            message = wrapped?.message ?? "transaction failed"
        } else {
            sqlState = nil
            message = "\(error)"
        }
    }

    var description: String { sqlState.map { "\(message) [SQLSTATE \($0)]" } ?? message }

    /// No partition of a partitioned table holds the row (another instance dropped it).
    static func isMissingPartition(_ error: any Error) -> Bool {
        var current: (any Error)? = error
        while let error = current {
            if let server = error as? PostgresServerError {
                return server.sqlState == "23514" && server.message.contains("no partition")
            }
            if let psql = error as? PSQLError {
                return PostgresServerError(psql).sqlState == "23514"
            }
            current = (error as? StorageError)?.underlying
        }
        return false
    }
}

extension PostgresFleetStore {
    /// Opens the store, runs its pool for the duration of `body`, and stops it: for commands
    /// and tests that use the store outside the daemon's `ServiceGroup`.
    public static func withStore<T: Sendable>(
        configuration: Configuration, logger: Logger, _ body: (PostgresFleetStore) async throws -> T
    ) async throws -> T {
        let store = try await open(configuration: configuration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await store.client.run() }
            defer { group.cancelAll() }
            return try await body(store)
        }
    }
}
