public import HiveProtocols
import Logging

/// Bitaxe open-source miners running ESP-Miner / AxeOS: HTTP REST on port 80, no
/// authentication (AxeOS only checks that the client is on a private network).
///
/// - Identification: the `GET /api/system/info` probe answering a JSON object with
///   `ASICModel` and `hashRate` (fields of ESP-Miner's own schema, `main/http_server/openapi.yaml`);
///   a web root is not enough, and a firmware without that path answers 404 and is left alone.
/// - Reads: `GET /api/system/info` only — one board, hash rate in GH/s, measured power (the
///   board's power monitor), ASIC and VR temperatures. No per-chip readings are reported there.
/// - Power control is the **ASIC frequency**, honestly: a ladder of the frequencies AxeOS offers
///   for the board's ASIC (``BitaxeASIC``), each with the hash rate ESP-Miner itself expects
///   (`frequency × smallCoreCount × asicCount / 1000` GH/s, as its power-management task
///   computes it) and **no watts** — AxeOS publishes none. `selectPreset("525")` sends
///   `PATCH /api/system {"frequency": 525}` and reads `frequency` back. Core voltage is left
///   as the operator set it.
/// - Sleep: `POST /api/system/pause` / `resume`, read back as `miningPaused`, on AxeOS 2.14 and
///   later (where ESP-Miner added them); unsupported before.
/// - Reboot: `POST /api/system/restart`. Locate (`/api/system/identify`) is a 30 s toggle with
///   no state to read back, so it is not offered.
public struct BitaxeDriver: MinerDriver {
    /// The identification probe.
    static let infoRequest = HTTPRequest.get("/api/system/info")

    /// Static facts: id `bitaxe`, HTTP on 80, identified from `GET /api/system/info`.
    public static let descriptor = DriverDescriptor(
        id: "bitaxe", displayName: "Bitaxe (AxeOS)", makes: ["Bitaxe"], ports: [80], probes: [.http(infoRequest)],
        isStock: true, capabilities: [.presets, .sleep, .reboot, .boardTelemetry, .measuredPower])

    /// The first AxeOS release with pause / resume (ESP-Miner v2.14.0).
    static let pauseVersion = [2, 14]
    /// Seconds until a new frequency has settled.
    static let settleSeconds = 30
    /// Seconds a restart keeps the miner away.
    static let restartSettleSeconds = 60

    let context: DriverContext

    /// Creates a driver for one miner.
    public init(context: DriverContext) {
        self.context = context
    }

    /// Frequency presets, reboot, board telemetry, measured power; sleep from AxeOS 2.14.
    public var capabilities: Capabilities {
        var capabilities = Self.descriptor.capabilities
        if !Self.supportsPause(version: context.match?.firmwareVersion) { capabilities.remove(.sleep) }
        return capabilities
    }

    /// Whether an AxeOS version ("v2.14.0", "v2.4.5-3-gb5d1e36-dirty") has pause / resume.
    static func supportsPause(version: String?) -> Bool {
        guard let version else { return false }
        let numbers = version.drop { !$0.isNumber }.prefix { $0.isNumber || $0 == "." }.split(separator: ".")
            .compactMap { Int($0) }
        return numbers.count >= 2 && !numbers.lexicographicallyPrecedes(pauseVersion)
    }

    /// Recognises AxeOS from the `GET /api/system/info` probe, without I/O: a 200 JSON object
    /// with a string `ASICModel` and a numeric `hashRate` → `.high`, model and version from it.
    public static func identify(_ answers: ProbeAnswers) -> DriverMatch? {
        guard let response = answers.http(infoRequest), response.status == 200,
            let info = try? TolerantJSONReader.parse(response.body), info["ASICModel"]?.string != nil,
            info["hashRate"]?.double != nil
        else { return nil }
        return DriverMatch(
            driver: id, model: BitaxeReader.model(info), firmwareVersion: BitaxeReader.firmwareVersion(info),
            confidence: .high, isStock: true)
    }

    /// Make, model, AxeOS version, MAC, hostname.
    public func identity() async throws -> MinerIdentity {
        try await withContext { BitaxeReader.identity(try await info()) }
    }

    /// State, hash rate, measured power, temperatures, fan, pools.
    public func status() async throws -> MinerStatus {
        try await withContext { BitaxeReader.status(try await info()) }
    }

    /// The one board.
    public func telemetry() async throws -> [BoardTelemetry] {
        try await withContext { BitaxeReader.telemetry(try await info()) }
    }

    /// The frequency ladder and the set frequency (or paused).
    public func powerControl() async throws -> PowerControl {
        try await withContext { Self.powerControl(try await info(), canSleep: capabilities.contains(.sleep)) }
    }

    /// Applies a command and reads it back; see `BitaxeDriver+Apply.swift`.
    ///
    /// A command outside `capabilities` throws `.unsupported` without contacting the miner.
    public func apply(_ command: MinerCommand) async throws -> CommandOutcome {
        guard capabilities.contains(command.requiredCapability) else {
            throw DriverError(
                .unsupported, "\(command) is not supported by this AxeOS version", driver: Self.id,
                endpoint: context.host)
        }
        return try await withContext { try await perform(command) }
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
                .unexpectedResponse, "unexpected failure", driver: Self.id, endpoint: context.host, underlying: error)
        }
    }
}
