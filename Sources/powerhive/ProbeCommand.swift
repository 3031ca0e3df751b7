import ArgumentParser
import Drivers
import HiveHost
import HiveProtocols
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `powerhive probe <host>`: identify and read one live miner.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe", abstract: "Identify one miner and print its status and per-board summary.")

    @Argument(help: "The miner's IPv4 address or host name.") var host: String
    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "Print one JSON object.") var json = false

    func validate() throws {
        try HostName.validate(host)
    }

    func run() async throws {
        try HostName.resolve(host)
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

/// Checks a miner host argument before any traffic is sent.
enum HostName {
    /// Rejects what cannot be a host (usage error, exit 2): empty, a URL, spaces.
    static func validate(_ host: String) throws {
        if host.isEmpty { throw ValidationError("the host is empty; give an IPv4 address or a host name") }
        if host.contains("://") || host.contains("/") || host.contains(where: \.isWhitespace) {
            throw ValidationError(
                "'\(host)' is not a host; give an IPv4 address or a host name, without scheme or path")
        }
    }

    /// Fails with one line (exit 1) when `host` is a name that does not resolve. Names under
    /// the reserved `.invalid` domain are refused without a lookup (RFC 6761 §6.4), so no query
    /// leaves the machine for them.
    static func resolve(_ host: String) throws {
        if isAddressLiteral(host) { return }
        let name = host.lowercased().hasSuffix(".") ? String(host.lowercased().dropLast()) : host.lowercased()
        if name == "invalid" || name.hasSuffix(".invalid") {
            throw CommandFailure("\(host): unknown host (names under .invalid never resolve)")
        }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &result)
        if let result { freeaddrinfo(result) }
        guard status == 0 else {
            let reason = gai_strerror(status).map { String(cString: $0) } ?? "error \(status)"
            throw CommandFailure("\(host): unknown host (\(reason.lowercased()))")
        }
    }

    private static func isAddressLiteral(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
