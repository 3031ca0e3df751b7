import ArgumentParser
import Foundation
import HiveHost
import HiveProtocols
import Logging

/// `powerhive db stats`, `powerhive db check` and `powerhive db backup <file>`.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Inspect, check or back up the database.",
        subcommands: [Stats.self, Check.self, Backup.self])

    /// Which database: `--db <path>`, else the configuration's `database.path`.
    struct DatabaseOptions: ParsableArguments {
        @OptionGroup var options: ConfigOptions
        @Option(help: "Database file to open (instead of the configuration's database.path).") var db: String?

        /// The path, which must exist (nothing is created by looking).
        func existingPath() throws -> String {
            let path = try db ?? options.load().database.path
            guard FileManager.default.fileExists(atPath: path) else { throw CommandFailure("no database at \(path)") }
            return path
        }

        /// The configuration's PostgreSQL database, unless `--db` names a file.
        func postgres() throws -> PostgresURL? {
            guard db == nil else { return nil }
            let config = try options.load()
            return try config.database.postgresURL
        }

        func open() throws -> (SQLiteFleetStore, String) {
            let path = try existingPath()
            do {
                return (try SQLiteFleetStore(configuration: .init(path: path)), path)
            } catch {
                throw CommandFailure("cannot open \(path): \(error)")
            }
        }
    }

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rows and bytes per table, and growth per day of the time series.")
        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Print JSON.") var json = false

        /// Only errors: the pool's start-up chatter is noise for a one-shot command.
        private var quietLogger: Logger {
            var logger = Logger(label: "powerhive.db")
            logger.logLevel = .error
            return logger
        }

        func run() async throws {
            if let url = try database.postgres() {
                let config = try database.options.load()
                let stats = try await PostgresFleetStore.withStore(
                    configuration: .init(url: url, poolSize: min(2, config.database.poolSize)),
                    logger: quietLogger
                ) { try await $0.stats() }
                print(
                    json
                        ? StatsText.json(stats, path: url.masked).serialized()
                        : StatsText.render(stats, path: url.masked))
                return
            }
            let (store, path) = try database.open()
            defer { try? store.close() }
            let stats = try await store.stats()
            print(json ? StatsText.json(stats, path: path).serialized() : StatsText.render(stats, path: path))
        }
    }

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the database with SQLite's online backup (safe while the daemon runs).")
        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The backup file to write.") var file: String

        func run() async throws {
            if let url = try database.postgres() {
                throw CommandFailure(
                    """
                    db backup copies SQLite databases only; \(url.masked) is PostgreSQL: back it up with pg_dump \
                    (see Docs/PostgreSQL.md)
                    """)
            }
            if FileManager.default.fileExists(atPath: file) { throw CommandFailure("\(file) exists; not overwriting") }
            let (store, path) = try database.open()
            defer { try? store.close() }
            try await store.backup(to: file)
            print("backed up \(path) to \(file)")
        }
    }
}
