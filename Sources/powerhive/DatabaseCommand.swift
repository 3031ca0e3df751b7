import ArgumentParser
import Foundation
import HiveHost

/// `powerhive db stats` and `powerhive db backup <file>`.
struct DatabaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Inspect or back up the database.", subcommands: [Stats.self, Backup.self])

    struct Stats: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rows and bytes per table.")
        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let config = try options.load()
            guard FileManager.default.fileExists(atPath: config.database.path) else {
                throw CommandFailure("no database at \(config.database.path)")
            }
            let store = try SQLiteFleetStore(configuration: .init(path: config.database.path))
            let stats = try await store.stats()
            print(StatsText.render(stats, path: config.database.path))
        }
    }

    struct Backup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy the database with SQLite's online backup (safe while the daemon runs).")
        @OptionGroup var options: ConfigOptions
        @Argument(help: "The backup file to write.") var file: String

        func run() async throws {
            let config = try options.load()
            guard FileManager.default.fileExists(atPath: config.database.path) else {
                throw CommandFailure("no database at \(config.database.path)")
            }
            if FileManager.default.fileExists(atPath: file) { throw CommandFailure("\(file) exists; not overwriting") }
            let store = try SQLiteFleetStore(configuration: .init(path: config.database.path))
            try await store.backup(to: file)
            print("backed up \(config.database.path) to \(file)")
        }
    }
}
