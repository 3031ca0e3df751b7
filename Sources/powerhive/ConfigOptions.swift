import ArgumentParser
import Foundation
import HiveHost
import Logging

/// `--config`, with `POWERHIVE_CONFIG` as the fallback and `./config.json` as the default.
struct ConfigOptions: ParsableArguments {
    @Option(help: "Path to config.json (default: $POWERHIVE_CONFIG or ./config.json).") var config: String?

    var path: String { config ?? ProcessEnvironment.value("POWERHIVE_CONFIG") ?? "config.json" }

    /// Loads and validates; a bad config prints one line per problem and exits 2.
    func load() throws -> PowerHiveConfig {
        do {
            return try PowerHiveConfig.load(path: path, environment: ProcessInfo.processInfo.environment)
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
    }
}

/// Logging setup: text or JSON lines on stdout, level from config or `POWERHIVE_LOG_LEVEL`.
enum LogSetup {
    static func logger(config: PowerHiveConfig, format: String? = nil) -> Logger {
        let level = Logger.Level(rawValue: config.logging.level) ?? .info
        let json = (format ?? config.logging.format) == "json"
        var logger = Logger(label: "powerhive") { label in
            json ? JSONLogHandler(label: label) as any LogHandler : StreamLogHandler.standardOutput(label: label)
        }
        logger.logLevel = level
        return logger
    }
}
