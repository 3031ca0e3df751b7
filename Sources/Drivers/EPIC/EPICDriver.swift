public import HiveProtocols
import Logging

/// Driver for ePIC UMC firmware ("PowerPlay") on Antminer, BlockMiner and other hardware.
///
/// ## Not the CGMiner protocol
/// PowerPlay answers **HTTP JSON on port 4028**, the port other firmwares use for the CGMiner
/// API. It is recognised from `GET /summary` on port 4028 (its `Software` names PowerPlay); the
/// probe collector sends that probe only after the CGMiner probes on 4028 failed, so CGMiner
/// miners are never sent HTTP on their API port. Its web dashboard on port 80 ("Miner Web
/// Dashboard") is a weaker sign that also matches.
///
/// ## Reads
/// `/summary` (state, hash rates, PSU power, fans, pools, tuner), `/capabilities` (model, chip
/// count, tuning ranges, sensor type), `/network` (MAC), `/temps`, and per chip `/hashrate`
/// (MH/s), `/temps/chip`, `/voltages` (mV) and `/clocks` (MHz). A reading of exactly 0 for a
/// chip temperature or voltage means "not measured" on PowerPlay and is reported as `nil`.
///
/// ## Control
/// Writes are `POST` with the password in the body (default `letmein`):
/// - power: `perpetualtune/algo {"algo": <power algorithm>, "target": W}`. The power algorithm
///   is the one `/capabilities` lists (`PowerTune` from 1.38, `Power` in 1.22–1.30), with its
///   watt range; firmware offering only hash-rate algorithms has no power control.
/// - sleep / wake: `miner` `Stop` / `Autostart`; reboot: `reboot 0`; locate: `identify true|false`.
/// Every write is read back from `/summary`.
public struct EPICDriver: MinerDriver {
    /// Static facts: id `epic`, ports 80 and 4028, custom firmware.
    public static let descriptor = DriverDescriptor(
        id: "epic", displayName: "ePIC UMC", makes: ["Bitmain", "ePIC"], ports: [80, 4028],
        probes: [.webRoot, .http(summaryProbe)], isStock: false,
        defaultCredentials: Credentials(username: "root", password: "letmein"),
        capabilities: [.powerTarget, .sleep, .reboot, .locate, .boardTelemetry, .chipTelemetry, .measuredPower])

    /// The identification probe: `GET /summary` on port 4028.
    public static let summaryProbe = HTTPRequest.get("/summary", port: EPICClient.port)

    let context: DriverContext
    let client: EPICClient

    /// Creates a driver for one miner.
    public init(context: DriverContext) {
        self.context = context
        let credentials = context.credentials ?? Self.descriptor.defaultCredentials
        self.client = EPICClient(http: context.http, password: credentials?.password ?? Secret("letmein"))
    }

    /// Power target (where the firmware offers a power algorithm), sleep, reboot, locate,
    /// board and chip telemetry, measured power.
    public var capabilities: Capabilities { Self.descriptor.capabilities }

    /// Model and serial (`/capabilities`), firmware and hostname (`/summary`), MAC (`/network`).
    public func identity() async throws -> MinerIdentity {
        try await withContext {
            EPICReader.identity(
                summary: try await client.get("/summary"), capabilities: try await client.get("/capabilities"),
                network: try await client.get("/network"))
        }
    }

    /// State, hash rates, PSU input power, tuner target, board temperatures, fans, pools.
    public func status() async throws -> MinerStatus {
        try await withContext { EPICReader.status(summary: try await client.get("/summary")) }
    }

    /// Every detected hashboard with its sensors and, for active boards, per-chip readings.
    public func telemetry() async throws -> [BoardTelemetry] {
        try await withContext {
            EPICReader.telemetry(
                summary: try await client.get("/summary"), capabilities: try await client.get("/capabilities"),
                temps: try await client.get("/temps"),
                chips: EPICChipData(
                    hashrate: try await client.get("/hashrate"), temperature: try await client.get("/temps/chip"),
                    voltage: try await client.get("/voltages"), clock: try await client.get("/clocks")))
        }
    }

    /// The power algorithm's watt range from `/capabilities` and the current target; `.none`
    /// when the firmware offers only hash-rate algorithms.
    public func powerControl() async throws -> PowerControl {
        try await withContext {
            EPICReader.powerControl(
                capabilities: try await client.get("/capabilities"), summary: try await client.get("/summary"))
        }
    }

    /// Applies a command and reads it back; see `EPICDriver+Apply.swift`.
    ///
    /// A command outside `capabilities` throws `.unsupported` without contacting the miner.
    public func apply(_ command: MinerCommand) async throws -> CommandOutcome {
        guard capabilities.contains(command.requiredCapability) else {
            throw DriverError(
                .unsupported, "\(command) is not supported by ePIC UMC", driver: Self.id, endpoint: context.host)
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
