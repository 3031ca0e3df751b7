public import Foundation
public import HiveProtocols

extension PowerHiveConfig {
    /// Environment variables that override the file (secrets need not sit in config.json).
    public static let environmentKeys: [String: String] = [
        "POWERHIVE_PLANT_API_KEY": "plant.api_key",
        "POWERHIVE_PLANT_ENDPOINT": "plant.api_endpoint",
        "POWERHIVE_ADMIN_PASSWORD": "auth.admin_password",
        "POWERHIVE_DATABASE_PATH": "database.path",
        "POWERHIVE_DATABASE_URL": "database.url",
        "POWERHIVE_HTTP_ADDR": "http.addr",
        "POWERHIVE_LOG_LEVEL": "logging.level",
    ]

    /// The defaults, as if config.json were `{}`.
    public static var defaults: PowerHiveConfig {
        get throws { try parse(Array("{}".utf8), source: "defaults", environment: [:]) }
    }

    /// Loads and validates a config file; a missing file is an error naming it.
    public static func load(path: String, environment: [String: String]) throws -> PowerHiveConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(
                source: path, problems: [ConfigProblem(key: "(file)", value: nil, expected: "a readable JSON file")])
        }
        return try parse(Array(data), source: path, environment: environment)
    }

    /// Parses and validates config JSON. Every problem is reported (one line each), and
    /// nothing is returned half-configured.
    public static func parse(
        _ bytes: [UInt8], source: String, environment: [String: String]
    ) throws
        -> PowerHiveConfig
    {
        let root: JSONValue
        do {
            // Strict JSON for configuration: a truncated file must not load as a partial one.
            _ = try JSONSerialization.jsonObject(with: Data(bytes))
            root = try TolerantJSONReader.parse(bytes)
        } catch {
            let reason = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            throw ConfigError(
                source: source, problems: [ConfigProblem(key: "(file)", value: nil, expected: "valid JSON: \(reason)")])
        }
        guard case .object = root else {
            throw ConfigError(
                source: source, problems: [ConfigProblem(key: "(file)", value: nil, expected: "a JSON object")])
        }
        var merged = root
        for (variable, key) in environmentKeys.sorted(by: { $0.key < $1.key }) {
            if let value = environment[variable], !value.isEmpty { merged = merged.setting(key, to: .string(value)) }
        }
        var reader = ConfigReader(merged)
        let config = read(&reader)
        reader.reportUnknownKeys()
        guard reader.problems.isEmpty else { throw ConfigError(source: source, problems: reader.problems) }
        return config
    }

    private static func read(_ r: inout ConfigReader) -> PowerHiveConfig {
        let maxPrefix = r.int("network.max_subnet_prefix", default: 16, in: 8...32)
        let subnets = r.strings("network.subnets")
        for (index, entry) in subnets.enumerated() {
            do {
                _ = try AddressRange(entry, maximumAddresses: 1 << (32 - maxPrefix))
            } catch {
                r.problem("network.subnets[\(index)]", .string(entry), expected: "\(error)")
            }
        }
        let network = Network(
            subnets: subnets,
            lightScanTimeoutMs: r.int("network.light_scan_timeout_ms", default: 300, in: 10...60_000),
            minerProbeTimeoutMs: r.int("network.miner_probe_timeout_ms", default: 1500, in: 50...120_000),
            scanConcurrency: r.int("network.scan_concurrency", default: 512, in: 1...8192),
            probeConcurrency: r.int("network.probe_concurrency", default: 128, in: 1...4096),
            maxSubnetPrefix: maxPrefix,
            offlineAfterMisses: r.int("network.offline_after_misses", default: 3, in: 1...100),
            passiveDiscovery: r.bool("network.passive_discovery", default: true))
        let intervals = Intervals(
            discoverySeconds: r.int("intervals.discovery_seconds", default: 30, in: 5...86_400),
            statusSeconds: r.int("intervals.status_seconds", default: 60, in: 5...86_400),
            telemetrySeconds: r.int("intervals.telemetry_seconds", default: 3600, in: 60...604_800),
            plantSeconds: r.int("intervals.plant_seconds", default: 30, in: 5...3600),
            balancerSeconds: r.int("intervals.balancer_seconds", default: 60, in: 10...3600))
        let polling = Polling(
            concurrency: r.int("polling.concurrency", default: 256, in: 1...8192),
            statusDeadlineSeconds: r.int("polling.status_deadline_seconds", default: 10, in: 1...600),
            telemetryDeadlineSeconds: r.int("polling.telemetry_deadline_seconds", default: 60, in: 1...3600))
        if polling.statusDeadlineSeconds >= intervals.statusSeconds {
            r.problem(
                "polling.status_deadline_seconds", .number(Double(polling.statusDeadlineSeconds)),
                expected: "less than intervals.status_seconds (\(intervals.statusSeconds))")
        }
        let endpoint = r.string("plant.api_endpoint", default: nil).flatMap { $0.isEmpty ? nil : $0 }
        if let endpoint, URL(string: endpoint)?.scheme.map({ ["http", "https"].contains($0) }) != true {
            r.problem("plant.api_endpoint", .string(endpoint), expected: "an http:// or https:// URL")
        }
        let plant = Plant(
            apiEndpoint: endpoint,
            apiKey: r.string("plant.api_key", default: nil).flatMap { $0.isEmpty ? nil : Secret($0) },
            plantID: r.string("plant.plant_id", default: nil),
            unit: r.choice("plant.unit", default: "kW", among: ["W", "kW", "MW"]),
            minConfidence: r.double("plant.min_confidence", default: 0.5, in: 0...1),
            timeoutSeconds: r.int("plant.timeout_seconds", default: 10, in: 1...300))
        let balancer = readBalancer(&r)
        let database = Database(
            path: r.string("database.path", default: "./data/powerhive.db") ?? "./data/powerhive.db",
            url: r.string("database.url", default: nil).flatMap { $0.isEmpty ? nil : Secret($0) },
            poolSize: r.int("database.pool_size", default: 10, in: 1...500))
        if let url = database.url, PostgresURL(url.value) == nil {
            r.problem(Database.badURL.key, nil, expected: Database.badURL.expected)
        }
        let retention = Retention(
            statusDays: r.int("retention.status_days", default: 30, in: 1...3650),
            chipDays: r.int("retention.chip_days", default: 7, in: 1...3650),
            boardDays: r.int("retention.board_days", default: 90, in: 1...3650),
            rollupDays: r.int("retention.rollup_days", default: 365, in: 1...3650),
            plantDays: r.int("retention.plant_days", default: 90, in: 1...3650),
            auditDays: r.int("retention.audit_days", default: 365, in: 1...3650))
        let addr = r.string("http.addr", default: ":8080") ?? ":8080"
        let (host, port) = parseListenAddress(addr) ?? ("0.0.0.0", 8080)
        if parseListenAddress(addr) == nil {
            r.problem("http.addr", .string(addr), expected: "host:port or :port with a port from 1 to 65535")
        }
        let auth = Auth(
            mode: r.choice("auth.mode", default: "password", among: ["password", "none"]),
            adminPassword: r.string("auth.admin_password", default: nil).flatMap { $0.isEmpty ? nil : Secret($0) })
        if auth.mode == "none", !["127.0.0.1", "localhost", "::1"].contains(host) {
            r.problem(
                "auth.mode", .string("none"),
                expected: "\"password\" unless http.addr listens on loopback (127.0.0.1), got \(addr)")
        }
        let logging = Logging(
            level: r.choice(
                "logging.level", default: "info", among: ["trace", "debug", "info", "notice", "warning", "error"]),
            format: r.choice("logging.format", default: "text", among: ["text", "json"]))
        var credentials: [DriverID: Credentials] = [:]
        for (driver, value) in r.object("credentials").sorted(by: { $0.key < $1.key }) {
            guard let password = value["password"]?.string else {
                r.problem("credentials.\(driver).password", nil, expected: "a string")
                continue
            }
            credentials[DriverID(driver)] = Credentials(
                username: value["username"]?.string ?? "root", password: password)
        }
        return PowerHiveConfig(
            instance: Instance(id: r.string("instance.id", default: "powerhive") ?? "powerhive"), network: network,
            intervals: intervals, polling: polling, plant: plant, balancer: balancer, database: database,
            retention: retention, http: HTTP(addr: addr, host: host, port: port), auth: auth, logging: logging,
            credentials: credentials)
    }

    /// Splits `host:port` or `:port`.
    static func parseListenAddress(_ addr: String) -> (String, Int)? {
        guard let colon = addr.lastIndex(of: ":"), let port = Int(addr[addr.index(after: colon)...]),
            (1...65_535).contains(port)
        else { return nil }
        let host = String(addr[..<colon])
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }
}

extension JSONValue {
    /// A copy with the value at a dotted path replaced (objects created as needed).
    func setting(_ path: String, to value: JSONValue) -> JSONValue {
        let parts = path.split(separator: ".").map(String.init)
        guard let first = parts.first else { return value }
        var object = self.object ?? [:]
        let rest = parts.dropFirst().joined(separator: ".")
        object[first] = rest.isEmpty ? value : (object[first] ?? .object([:])).setting(rest, to: value)
        return .object(object)
    }
}
