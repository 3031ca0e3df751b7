public import HiveProtocols
import Logging

/// Canaan's stock AvalonMiner firmware: CGMiner 4.11 on TCP 4028, nothing else.
///
/// ## One command at a time
/// The Avalon API is single-threaded (Avalon A10 API manual §1: "does not support concurrency";
/// wait for each reply before the next). The driver sends its commands one after another and
/// never joins them (`stats+pools`); the host's transports hold one per-miner permit
/// (`MinerRequestGate`) for every request, discovery probes included, so requests from
/// different pollers queue instead of overlapping.
///
/// ## Reads
/// `version` (identity), `stats` (everything else: the bracketed `MM ID0` strings, see
/// ``AvalonStats``; `estats` when `stats` comes back without them, as an Avalon Q may after a
/// work-mode change) and `pools`. `summary` and `devs` repeat what `stats` carries for the one
/// AUC device, so they are not asked. Power is measured: `WALLPOWER`, else the power supply's
/// `PS` array.
///
/// ## Variants
/// ``AvalonFamily`` from the identified model: A-series (`MM ID0`, two work modes applied at
/// the next reboot, the panel LED) or Avalon Q (`MM ID0:Summary` + `HBinfo`, three modes
/// applied at once, no LED command).
///
/// ## Control (every change read back)
/// - Modes: `ascset 0,workmode,<n>`, read back as `WORKMODE[n]` in `stats`.
/// - Sleep / wake: `ascset 0,softoff,1:<t>` / `softon,1:<t>` with `t` = the miner's own clock
///   (`STATUS.When` of the `stats` just read) + 5 s; `softon` may close the socket without a
///   reply, which is expected. Read back from `SYSTEMSTATU` and `SoftOffTime`/`SoftOnTime`.
/// - Locate (A-series): `ascset 0,led,1-1` / `1-0`, read back with `ascset 0,led,1-255`.
/// - Reboot: `ascset 0,reboot,0` (A10 manual §2.2).
public struct AvalonDriver: MinerDriver {
    /// Static facts: id `avalon`, CGMiner on 4028, identified from `version`, stock firmware.
    public static let descriptor = DriverDescriptor(
        id: "avalon", displayName: "Avalon", makes: ["Canaan"], ports: [4028], probes: [.cgminerVersion],
        isStock: true,
        capabilities: [.modes, .sleep, .reboot, .locate, .boardTelemetry, .chipTelemetry, .measuredPower])

    /// Seconds until a mode change on an Avalon Q has settled.
    static let modeSettleSeconds = 120
    /// Seconds a reboot (or an A-series mode change, which waits for one) keeps the miner away.
    static let rebootSettleSeconds = 300

    let context: DriverContext
    let family: AvalonFamily

    /// Creates a driver for one miner; the family comes from the identified model.
    public init(context: DriverContext) {
        self.context = context
        self.family = AvalonFamily(model: context.match?.model)
    }

    /// Modes, sleep, reboot, per-board and per-chip telemetry, measured power; the locate light
    /// on the A-series only.
    public var capabilities: Capabilities {
        var capabilities = Self.descriptor.capabilities
        if !family.hasLocateLight { capabilities.remove(.locate) }
        return capabilities
    }

    /// Make, model, firmware version, MAC and DNA from `version`.
    public func identity() async throws -> MinerIdentity {
        try await withContext { AvalonReader.identity(version: try await rpc("version")) }
    }

    /// State, hash rates, measured power, temperatures, fans and pools (`stats`, `pools`).
    public func status() async throws -> MinerStatus {
        try await withContext {
            let stats = try await readStats()
            return AvalonReader.status(stats: stats, pools: try await rpc("pools"), family: family)
        }
    }

    /// Per-board readings with per-chip temperatures and voltages (`stats`).
    public func telemetry() async throws -> [BoardTelemetry] {
        try await withContext { AvalonReader.telemetry(stats: try await readStats()) }
    }

    /// The work-mode ladder and the current mode (or sleeping), from `stats`.
    public func powerControl() async throws -> PowerControl {
        try await withContext { AvalonReader.powerControl(stats: try await readStats(), family: family) }
    }

    /// Applies a command and reads it back; see `AvalonDriver+Apply.swift`.
    ///
    /// A command outside `capabilities` throws `.unsupported` without contacting the miner.
    public func apply(_ command: MinerCommand) async throws -> CommandOutcome {
        guard capabilities.contains(command.requiredCapability) else {
            throw DriverError(
                .unsupported, "\(command) is not supported by this Avalon", driver: Self.id, endpoint: context.host)
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
