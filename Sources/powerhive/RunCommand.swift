import ArgumentParser
import Drivers
import HiveHost
import HiveProtocols

/// `powerhive run`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run the daemon: discovery, polling, balancing and the web server.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "Log format: text or json (default: logging.format from config).") var logFormat: String?

    func validate() throws {
        if let logFormat, !["text", "json"].contains(logFormat) {
            throw ValidationError("--log-format must be text or json (got \(logFormat))")
        }
    }

    func run() async throws {
        let config = try options.load()
        let logger = LogSetup.logger(config: config, format: logFormat)
        let daemon = try await PowerHiveDaemon.build(
            config: config, registry: try DriverRegistry.builtIn, logger: logger)
        logger.info(
            "powerhive \(PowerHiveCommand.version) starting: \(config.network.subnets.count) subnets, database \((try? config.database.postgresURL)??.masked ?? config.database.path), http \(config.http.addr)"
        )
        try await daemon.run()
        logger.info("powerhive stopped")
    }
}
