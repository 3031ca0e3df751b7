public import HiveProtocols
import Logging

/// Driver for LuxOS (Luxor's LUXminer firmware) on Antminers.
///
/// ## Identification
/// LUXminer answers the CGMiner `version` probe with its own `VERSION[0].LUXminer` member (and
/// a `STATUS` description "LUXminer <version>") next to a stock-looking `Type`
/// ("Antminer S19k Pro"); see ``identify(_:)``. Stock Antminer declines replies naming
/// LUXminer, and custom firmware ranks first anyway. One API generation is known (the
/// 2025.4.8 recording, the 2024–2026 documentation), so there is one variant; the match
/// carries the LUXminer version.
///
/// ## Reads (CGMiner TCP, port 4028, no session)
/// `version` + `config` (identity: MAC, serial, hostname, model); `summary`, `stats`, `devs`,
/// `pools`, `power` (watts, reported by the firmware), `temps` (PCB sensors), `fans`, `config`
/// (profile, curtail mode) for status; `devs`, `temps`, `stats`, then per board
/// `voltageget <id>` and `healthchipget <id>` (per-chip hash rate and frequency) for
/// telemetry; `profiles` + `config` for power control (``LuxOSProfiles``).
///
/// ## Writes (a session id first; see ``LuxOSClient`` and ``LuxOSSession``)
/// One session per miner, kept by the instance, shared with another client that holds the
/// miner's only session, renewed once when the firmware refuses it; never logged, never
/// logged off (it expires one minute after its last use). Profile changes disable ATM while
/// `profileset` runs and restore it afterwards, even when `profileset` fails; sleep and wake
/// are `curtail sleep|wakeup` (seconds); `rebootdevice`; locate is `ledset red,blink|auto`.
/// Every write is read back (see `LuxOSDriver+Apply.swift`).
///
/// ## Power control
/// The profile ladder (`selectPreset`); `setPowerTarget(w)` picks the highest tuned profile at
/// or below `w`. LuxOS's continuous power targeting (documented for select models only) is not
/// used: its command is not in the recorded firmware's API list nor in the documentation
/// PowerHive could check, so it is not claimed.
public struct LuxOSDriver: MinerDriver {
    /// Static facts: id `luxos`, port 4028, custom firmware, the shared `version` probe.
    public static let descriptor = DriverDescriptor(
        id: "luxos", displayName: "LuxOS", makes: ["Bitmain"], ports: [4028], probes: [.cgminerVersion],
        isStock: false, defaultCredentials: nil,
        capabilities: [
            .presets, .powerTarget, .sleep, .reboot, .locate, .boardTelemetry, .chipTelemetry, .measuredPower,
        ])

    let context: DriverContext
    let client: LuxOSClient

    /// Creates a driver for one miner (its session starts empty).
    public init(context: DriverContext) {
        self.context = context
        self.client = LuxOSClient(cgminer: context.cgminer, session: LuxOSSession(), logger: context.logger)
    }

    /// Profiles, power target (by profile), sleep, reboot, locate, board and chip telemetry,
    /// firmware-reported power.
    public var capabilities: Capabilities { Self.descriptor.capabilities }

    /// Make, model, LUXminer version, MAC, serial and hostname (`version`, `config`).
    public func identity() async throws -> MinerIdentity {
        try await withContext {
            LuxOSReader.identity(version: try await client.read("version"), config: try await client.read("config"))
        }
    }

    /// State, hash rates, power, profile, board temperatures, fans, pools, messages.
    public func status() async throws -> MinerStatus {
        try await withContext {
            LuxOSReader.status(
                LuxOSReader.StatusReplies(
                    summary: try await client.read("summary"), stats: try await client.read("stats"),
                    devs: try await client.read("devs"), pools: try await client.read("pools"),
                    power: try await client.read("power"), temps: try await client.read("temps"),
                    fans: try await client.read("fans"), config: try await client.read("config")))
        }
    }

    /// Per-board readings with per-chip hash rate and frequency (`healthchipget`).
    public func telemetry() async throws -> [BoardTelemetry] {
        try await withContext {
            let devs = try await client.read("devs")
            let temps = try await client.read("temps")
            let stats = try await client.read("stats")
            var chips: [Int: JSONValue] = [:]
            var voltages: [Int: JSONValue] = [:]
            for id in LuxOSReader.boardIDs(devs) {
                voltages[id] = try await client.readIfAnswered("voltageget", parameter: "\(id)")
                chips[id] = try await client.readIfAnswered("healthchipget", parameter: "\(id)")
            }
            return LuxOSReader.telemetry(devs: devs, temps: temps, stats: stats, chips: chips, voltages: voltages)
        }
    }

    /// The profile ladder and the active profile (sleeping while curtailed).
    public func powerControl() async throws -> PowerControl {
        try await withContext {
            LuxOSProfiles.powerControl(
                ladder: LuxOSProfiles.ladder(try await client.read("profiles")), config: try await client.read("config")
            )
        }
    }

    /// Applies a command and reads it back; see `LuxOSDriver+Apply.swift`.
    ///
    /// A command outside `capabilities` throws `.unsupported` without contacting the miner.
    public func apply(_ command: MinerCommand) async throws -> CommandOutcome {
        guard capabilities.contains(command.requiredCapability) else {
            throw DriverError(
                .unsupported, "\(command) is not supported by LuxOS (it has profiles, not modes)", driver: Self.id,
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
