import ArgumentParser
import Drivers
import HiveHost
import HiveProtocols
import Logging

/// `powerhive probe <host>`: identify and read one live miner.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe", abstract: "Identify one miner and print its status and per-board summary.")

    @Argument(help: "The miner's IPv4 address or host name.") var host: String
    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "Print one JSON object.") var json = false

    func run() async throws {
        let registry = try DriverRegistry.builtIn
        let report = try await connection.withInspector(registry: registry) { inspector in
            do {
                return try await inspector.inspect(host: host)
            } catch let error as InspectionError {
                throw CommandFailure(error.description)
            }
        }
        if json {
            print(report.json.serialized())
        } else {
            print(ReportText.render(report))
        }
    }
}

/// Options for talking to live miners.
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Username for the miner's API (default: the driver's).") var user: String?
    @Option(help: "Password for the miner's API (default: the driver's). Prefer POWERHIVE_MINER_PASSWORD.")
    var password: String?
    @Option(help: "Per-request timeout in milliseconds.") var timeoutMs: Int = 5000

    func validate() throws {
        guard (50...120_000).contains(timeoutMs) else {
            throw ValidationError("--timeout-ms must be between 50 and 120000 (got \(timeoutMs))")
        }
    }

    /// Runs `body` with an inspector over live transports, shutting the HTTP client down after.
    func withInspector<T: Sendable>(
        registry: DriverRegistry, _ body: (MinerInspector) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: "powerhive")
        logger.logLevel = .error
        let deadline = Duration.milliseconds(timeoutMs)
        let client = HTTPClientFactory.makeClient(configuration: .init(connectTimeout: deadline))
        var transport = LiveTransportFactory.Configuration()
        transport.http.deadline = deadline
        transport.cgminer.deadline = deadline
        transport.cgminer.connectTimeout = deadline
        let factory = LiveTransportFactory(httpClient: client, configuration: transport)
        let password = password ?? ProcessEnvironment.value("POWERHIVE_MINER_PASSWORD")
        var credentials: [DriverID: Credentials] = [:]
        if user != nil || password != nil {
            for driver in registry.drivers {
                let defaults = driver.descriptor.defaultCredentials
                credentials[driver.id] = Credentials(
                    username: user ?? defaults?.username ?? "root", password: password ?? defaults?.password.value ?? ""
                )
            }
        }
        let inspector = MinerInspector(
            registry: registry, transports: { factory.transports(for: $0) }, credentials: credentials, logger: logger)
        do {
            let result = try await body(inspector)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
