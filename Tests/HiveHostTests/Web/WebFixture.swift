import Foundation
import HiveProtocols
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import HiveHost

/// A web server over a real SQLite store in a temporary folder, with three miners (online and
/// mining, online and asleep, offline), board telemetry, plant and balancer data, and users and
/// tokens of every role. Secrets are distinctive strings that ``WebFixture/secrets`` lists, so
/// tests can check that no response ever contains one.
final class WebFixture: Sendable {
    static let now: Int64 = 1_750_000_000_000
    static let adminPassword = "Admin-Secret-Pass-91"
    static let operatorPassword = "Operator-Secret-Pass-72"
    static let viewerPassword = "Viewer-Secret-Pass-53"
    static let plantKey = "plant-api-key-SECRET-3141"
    static let minerPassword = "miner-login-SECRET-2718"
    static let storedSecret = "stored-credential-SECRET-1618"

    let folder: URL
    let store: SQLiteFleetStore
    let users: SQLiteUserStore
    let audit: SQLiteAuditLog
    let controller = FakeMinerController()
    let plant = InMemoryPlantReadingStore()
    let balancer: InMemoryBalancerStore
    let budget = FakeBudgetController()
    let discovery = DiscoveryRunLog()
    let loops: LoopHealth
    let metrics = HostMetrics()
    let clockMs = NIOLockedValueBox<Int64>(WebFixture.now)
    let logs = WebLogCapture()
    let config: PowerHiveConfig
    let miners: [MinerRecord.ID]
    let tokens: [Role: String]

    /// Builds the fixture; `configure` may change the configuration first (e.g. `auth.mode`).
    init(configJSON: String? = nil, web: WebConfiguration? = nil) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("powerhive-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteFleetStore(configuration: .init(path: folder.appendingPathComponent("p.db").path))
        users = try SQLiteUserStore(fleetStore: store)
        audit = try SQLiteAuditLog(fleetStore: store)
        let json =
            configJSON ?? """
                {"auth": {"admin_password": "\(Self.adminPassword)"},
                 "plant": {"api_endpoint": "http://127.0.0.1:9/x", "api_key": "\(Self.plantKey)"},
                 "network": {"subnets": ["10.0.0.0/24"]},
                 "credentials": {"vnish": {"username": "root", "password": "\(Self.minerPassword)"}}}
                """
        config = try PowerHiveConfig.parse(Array(json.utf8), source: "test", environment: [:])
        let clock = clockMs
        loops = LoopHealth(now: { UnixMillis(clock.withLockedValue { $0 }) })
        balancer = InMemoryBalancerStore(state: Self.balancerState())
        miners = try await Self.seed(store)
        try await Self.seedEnergy(plant: plant, balancer: balancer, miner: miners[0])
        try await store.save(
            credential: CredentialRecord(
                ref: "vnish:AA", kind: .apiKey, secret: Secret(Self.storedSecret), updatedAt: UnixMillis(Self.now)))
        let hasher = PasswordHasher(iterations: 1000)
        _ = try await users.createUser(
            username: "olivia", passwordHash: hasher.hash(Self.operatorPassword), role: .operator,
            at: UnixMillis(Self.now))
        _ = try await users.createUser(
            username: "victor", passwordHash: hasher.hash(Self.viewerPassword), role: .viewer, at: UnixMillis(Self.now))
        var tokens: [Role: String] = [:]
        for role in Role.allCases {
            let token = SecretToken.newAPIToken()
            _ = try await users.createToken(
                name: "\(role)-token", tokenHash: SecretToken.hash(token), prefix: String(token.prefix(8)), role: role,
                createdBy: "test", at: UnixMillis(Self.now), expiresAt: nil)
            tokens[role] = token
        }
        self.tokens = tokens
        self.webConfiguration = web ?? WebConfiguration(passwordHasher: hasher)
    }

    let webConfiguration: WebConfiguration

    deinit {
        try? store.close()
        try? FileManager.default.removeItem(at: folder)
    }

    var now: UnixMillis { UnixMillis(clockMs.withLockedValue { $0 }) }

    func advance(seconds: Int64) { clockMs.withLockedValue { $0 += seconds * 1000 } }

    /// The context the server runs with.
    func context(energy: Bool = true) -> WebContext {
        let clock = clockMs
        var logger = Logger(label: "web-test") { _ in self.logs }
        logger.logLevel = .trace
        return WebContext(
            store: store, config: config, users: users, audit: audit, controller: controller,
            energy: energy ? StoredEnergyStatus(plant: plant, balancer: balancer) : nil, budget: budget,
            policies: energy ? store : nil, discovery: discovery, database: users, loops: loops, metrics: metrics,
            now: { UnixMillis(clock.withLockedValue { $0 }) }, logger: logger, web: webConfiguration)
    }

    /// Runs `body` against the router (admin bootstrap included).
    func test(
        _ setup: TestingSetup = .router, energy: Bool = true,
        _ body: @escaping @Sendable (WebClient) async throws -> Void
    ) async throws {
        let app = try WebServer.makeWebApplication(context: context(energy: energy))
        try await app.test(setup) { client in try await body(WebClient(client: client, fixture: self)) }
    }

    /// Every secret the fixture knows, for "never in a response" checks.
    var secrets: [String] {
        [
            Self.adminPassword, Self.operatorPassword, Self.viewerPassword, Self.plantKey, Self.minerPassword,
            Self.storedSecret,
        ]
            + Array(tokens.values) + tokens.values.map(SecretToken.hash)
    }

    static func balancerState() -> BalancerState {
        var state = BalancerState(mode: .active)
        state.lastStatus = BalancerStatus(
            phase: .balanced, reason: "within the deadband", budget: Watts(9000), budgetBasis: .plantGeneration,
            dataAgeSeconds: 12, projected: Watts(6500), planned: Watts(6500), minimum: Watts(3000), flexible: 2,
            pending: 0, cooling: 0, quarantined: 0, unknownDraw: 0, failSafeSince: nil)
        return state
    }
}
