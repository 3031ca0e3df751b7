import Foundation
import HiveProtocols
import Logging
import PostgresNIO
import Testing

@testable import HiveHost

/// The storage backends the contract tests run against. SQLite always runs; PostgreSQL runs
/// when `POWERHIVE_TEST_POSTGRES_URL` names a server (`.ci/run` starts one; see
/// `.ci/postgres-cluster`), and its suites are otherwise disabled with that reason.
enum StorageBackend: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The PostgreSQL server for tests, from `POWERHIVE_TEST_POSTGRES_URL`.
    static let postgresURL: PostgresURL? = ProcessInfo.processInfo.environment["POWERHIVE_TEST_POSTGRES_URL"]
        .flatMap { PostgresURL($0) }

    /// Why the PostgreSQL variants are off.
    static let postgresDisabledReason: Comment =
        "POWERHIVE_TEST_POSTGRES_URL is not set: start a server with `eval \"$(.ci/postgres-cluster start)\"` (or run .ci/run)"

    /// Runs `body` with a fresh, empty store: a new SQLite file, or a new PostgreSQL database
    /// (created for this call and dropped afterwards, so tests run in parallel).
    func withStore<T: Sendable>(_ body: (any HiveStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite:
            return try await StorageFixture.with { store, _ in try await body(store) }
        case .postgres:
            return try await PostgresTestDatabase.with { store in try await body(store) }
        }
    }
}

/// A database of its own on the test server for one test.
enum PostgresTestDatabase {
    static let logger = Logger(label: "test.postgres")

    /// Creates a database, opens a ``PostgresFleetStore`` on it, runs `body`, and drops it.
    static func with<T: Sendable>(
        poolSize: Int = 4, _ body: (PostgresFleetStore) async throws -> T
    ) async throws -> T {
        let url = try await create()
        do {
            let result = try await PostgresFleetStore.withStore(
                configuration: .init(url: url, poolSize: poolSize), logger: logger, body)
            try await drop(url.database)
            return result
        } catch {
            try? await drop(url.database)
            throw error
        }
    }

    /// A new empty database on the server; its URL.
    static func create() async throws -> PostgresURL {
        let server = try #require(StorageBackend.postgresURL, "\(StorageBackend.postgresDisabledReason)")
        let name = "powerhive_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        try await admin { connection in
            try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: logger)
        }
        return server.with(database: name)
    }

    /// Drops a test database, closing any connection still on it.
    static func drop(_ name: String) async throws {
        try await admin { connection in
            try await connection.query(
                PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"), logger: logger)
        }
    }

    private static func admin(_ body: (PostgresConnection) async throws -> Void) async throws {
        let server = try #require(StorageBackend.postgresURL)
        let configuration = PostgresFleetStore.Configuration(url: server, poolSize: 1).connection
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 1, logger: logger)
        do {
            try await body(connection)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// One check of the storage contract, run against each backend.
struct StorageContractCase: Sendable, CustomTestStringConvertible {
    let name: String
    let run: @Sendable (any HiveStore) async throws -> Void

    init(_ name: String, _ run: @escaping @Sendable (any HiveStore) async throws -> Void) {
        self.name = name
        self.run = run
    }

    var testDescription: String { name }
}
