public import HiveProtocols
import Logging

/// Driver for VNish (AnthillOS), the custom firmware for Antminers.
///
/// ## Two generations
/// - **VNish 1.x / AnthillOS** has a REST API under `/api/v1` on port 80: reads, the autotune
///   preset ladder, sleep / wake, reboot, locate. Identified by `GET /api/v1/info`
///   (`fw_name == "Vnish"`) or an AnthillOS web page, with `.high` confidence.
/// - **The old cgminer-based VNish** (2.x on S17, 3.x on S9) has no `/api/v1`; it is read over
///   the CGMiner API only (`stats`, `pools`), with board telemetry and no power control.
///   Identified by a CGMiner `version` reply naming VNish, with `.medium` confidence.
///
/// An instance picks its generation from `DriverContext.match`: a `.high` match (or no match)
/// means the REST API, a weaker match means the CGMiner-only firmware. A modern VNish whose
/// `/api/v1/info` probe failed is therefore read over CGMiner until the next discovery.
///
/// ## Authentication (REST)
/// `POST /api/v1/unlock {"pw": …}` returns a bearer token, kept in the instance and refreshed
/// at most once per call on a 401/403. Reads that accept an API key (`summary`,
/// `perf-summary`, `chains`, `settings`, `autotune/presets`) send `x-api-key`. The key is
/// created once per miner and reused: first from `context.credentialStore`
/// (`vnish.apikey.<host>`), then a key described "PowerHive" listed by `GET /api/v1/apikeys`,
/// and only then a new random 32-hex-digit key, which is stored. A refused key falls back to
/// the bearer token for that call.
///
/// ## Power control
/// Presets from `/api/v1/autotune/presets`, sorted by watts. `disabled` is autotune off,
/// i.e. **stock clocks at full power**: it is `isStock`, has no watts, and sorts last.
/// Selecting a preset that is not tuned is refused (it would start a long auto-tune), except
/// `disabled`. See `apply(_:)`.
public struct VNishDriver: MinerDriver {
    /// Static facts: id `vnish`, ports 80 and 4028, custom firmware.
    public static let descriptor = DriverDescriptor(
        id: "vnish", displayName: "VNish", makes: ["Bitmain"], ports: [80, 4028],
        probes: [.webRoot, .http(.get("/api/v1/info")), .cgminerVersion], isStock: false,
        defaultCredentials: Credentials(username: "admin", password: "admin"),
        capabilities: restCapabilities)

    /// What the REST generation can do.
    static let restCapabilities: Capabilities = [
        .presets, .powerTarget, .sleep, .reboot, .locate, .boardTelemetry, .chipTelemetry, .measuredPower,
    ]
    /// What the CGMiner-only generation can do (read-only).
    static let cgminerCapabilities: Capabilities = [.boardTelemetry]

    /// Which API an instance speaks.
    enum Generation: Sendable, Equatable {
        /// VNish 1.x, `/api/v1`.
        case rest
        /// Old cgminer-based VNish, CGMiner API only.
        case cgminer

        /// The generation a match implies (see the type's documentation).
        init(match: DriverMatch?) {
            guard let match, match.confidence < .high else {
                self = .rest
                return
            }
            self = .cgminer
        }
    }

    let context: DriverContext
    let generation: Generation
    let client: VNishClient

    /// Creates a driver for one miner.
    public init(context: DriverContext) {
        self.context = context
        self.generation = Generation(match: context.match)
        self.client = VNishClient(
            host: context.host, http: context.http,
            password: (context.credentials ?? Self.descriptor.defaultCredentials)?.password.value ?? "admin",
            store: context.credentialStore, logger: context.logger)
    }

    /// What this miner supports: everything on the REST API, board telemetry only otherwise.
    public var capabilities: Capabilities {
        generation == .rest ? Self.restCapabilities : Self.cgminerCapabilities
    }

    /// Make, model, firmware version, MAC and hostname (from `/api/v1/info`, or CGMiner `version`).
    public func identity() async throws -> MinerIdentity {
        try await withContext {
            switch generation {
            case .rest: VNishReader.identity(info: try await client.getJSON("/api/v1/info", auth: .none))
            case .cgminer: try await legacyIdentity()
            }
        }
    }

    /// State, hash rates, power, temperatures, fans, pools, uptime.
    public func status() async throws -> MinerStatus {
        try await withContext {
            switch generation {
            case .rest:
                let info = try await client.getJSON("/api/v1/info", auth: .none)
                let status = try await client.getJSON("/api/v1/status", auth: .none)
                let summary = try await client.getJSON("/api/v1/summary", auth: .apiKey)
                let perf = try await client.getJSON("/api/v1/perf-summary", auth: .apiKey)
                return VNishReader.status(info: info, status: status, summary: summary, perf: perf)
            case .cgminer:
                return VNishLegacyReader.status(stats: try await cgminer("stats"), pools: try await cgminer("pools"))
            }
        }
    }

    /// Per-board readings with per-chip readings (REST: `/api/v1/chains` + `/api/v1/summary`).
    public func telemetry() async throws -> [BoardTelemetry] {
        try await withContext {
            switch generation {
            case .rest:
                let info = try await client.getJSON("/api/v1/info", auth: .none)
                let chains = try await client.getJSON("/api/v1/chains", auth: .apiKey)
                let summary = try await client.getJSON("/api/v1/summary", auth: .apiKey)
                return VNishReader.telemetry(chains: chains, summary: summary, unit: VNishReader.hashUnit(info))
            case .cgminer:
                return VNishLegacyReader.telemetry(stats: try await cgminer("stats"))
            }
        }
    }

    /// The preset ladder and the current preset (REST), or `.none` (CGMiner-only VNish).
    public func powerControl() async throws -> PowerControl {
        try await withContext {
            switch generation {
            case .rest:
                let ladder = try await fetchLadder()
                let perf = try await client.getJSON("/api/v1/perf-summary", auth: .apiKey)
                return VNishPresets.powerControl(ladder: ladder, current: VNishReader.currentPresetName(perf))
            case .cgminer:
                return PowerControl(mechanism: .none, canSleep: false, settleSeconds: 0)
            }
        }
    }

    /// Applies a command and reads the result back; see `VNishDriver+Apply.swift`.
    ///
    /// A command outside `capabilities` throws `.unsupported` without contacting the miner.
    public func apply(_ command: MinerCommand) async throws -> CommandOutcome {
        guard capabilities.contains(command.requiredCapability) else {
            throw DriverError(
                .unsupported, "\(command) is not supported by this VNish generation", driver: Self.id,
                endpoint: context.host)
        }
        return try await withContext { try await restApply(command) }
    }

    /// The preset ladder, sorted by watts.
    func fetchLadder() async throws -> [PowerPreset] {
        VNishPresets.ladder(from: try await client.getJSON("/api/v1/autotune/presets", auth: .apiKey))
    }

    /// Runs `body`, adding the driver id and host to any `DriverError` it throws.
    func withContext<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DriverError {
            throw error.context(driver: Self.id, endpoint: context.host)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw DriverError(
                .unexpectedResponse, "unexpected failure", driver: Self.id, endpoint: context.host,
                underlying: error)
        }
    }
}
