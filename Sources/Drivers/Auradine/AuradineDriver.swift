public import HiveProtocols
import Logging

/// Driver for Auradine's stock firmware (FluxOS, with the gcminer mining program) on Teraflux
/// machines.
///
/// ## Two APIs
/// - gcminer's **CGMiner API on port 4028**: `version` (identification), `summary`, `pools`,
///   `devs`, `asccount`.
/// - The **FluxOS web API on port 8080**, with a token from `POST /token` sent in a `Token`
///   header (kept per instance, renewed once when refused; see ``AuradineClient``): reads
///   `ipreport`, `mode`, `psu`, `fan`, `temperature`, `voltage`, `frequency`, `led`; writes
///   `mode`, `led`, `restart`.
///
/// ## Control
/// - Power: `mode {"mode":"custom","tune":"power","power":W}`, read back from `GET /mode`. The
///   range is not published by the firmware: up to the PSU's `PoutMax`, down to half of it
///   (``AuradineReader/bounds(mode:psu:)``).
/// - Sleep / wake: `mode {"sleep":"on"|"off"}`, read back from `Mode.Sleep`.
/// - Locate: `led {"code":3}` (locate) / `{"code":2}` (normal), read back from `LED.Code`.
/// - Reboot: `restart` without a parameter (with `"gcminer"` it would restart only gcminer).
public struct AuradineDriver: MinerDriver {
    /// Static facts: id `auradine`, ports 4028 and 8080, stock firmware.
    public static let descriptor = DriverDescriptor(
        id: "auradine", displayName: "Auradine FluxOS", makes: ["Auradine"], ports: [4028, 8080],
        probes: [.cgminerVersion], isStock: true, defaultCredentials: Credentials(username: "admin", password: "admin"),
        capabilities: [.powerTarget, .sleep, .reboot, .locate, .boardTelemetry, .chipTelemetry, .measuredPower])

    let context: DriverContext
    let web: AuradineClient

    /// Creates a driver for one miner.
    public init(context: DriverContext) {
        self.context = context
        let credentials =
            context.credentials ?? Self.descriptor.defaultCredentials
            ?? Credentials(username: "admin", password: "admin")
        self.web = AuradineClient(http: context.http, credentials: credentials)
    }

    /// Power target, sleep, reboot, locate, board and chip telemetry, measured power.
    public var capabilities: Capabilities { Self.descriptor.capabilities }

    /// Make, model, FluxOS version, MAC, serial and hostname (`GET /ipreport`).
    public func identity() async throws -> MinerIdentity {
        try await withContext { AuradineReader.identity(ipreport: try await web.get("ipreport")) }
    }

    /// State, hash rates, PSU input power, target, temperatures, fans, pools.
    public func status() async throws -> MinerStatus {
        try await withContext {
            AuradineReader.status(
                summary: try await cgminer("summary"), pools: try await cgminer("pools"),
                mode: try await web.get("mode"), psu: try await web.get("psu"), fan: try await web.get("fan"),
                temperature: try await web.get("temperature"))
        }
    }

    /// Per-board hash rate, sensors, chips and serial, with per-chip temperature, voltage and
    /// frequency.
    public func telemetry() async throws -> [BoardTelemetry] {
        try await withContext {
            AuradineReader.telemetry(
                devs: try await cgminer("devs"), asccount: try await cgminer("asccount"),
                temperature: try await web.get("temperature"), voltage: try await web.get("voltage"),
                frequency: try await web.get("frequency"), ipreport: try await web.get("ipreport"))
        }
    }

    /// The power-target range and the current target or sleep.
    public func powerControl() async throws -> PowerControl {
        try await withContext {
            AuradineReader.powerControl(mode: try await web.get("mode"), psu: try await web.get("psu"))
        }
    }

    /// Applies a command and reads it back; see `AuradineDriver+Apply.swift`.
    ///
    /// A command outside `capabilities` throws `.unsupported` without contacting the miner.
    public func apply(_ command: MinerCommand) async throws -> CommandOutcome {
        guard capabilities.contains(command.requiredCapability) else {
            throw DriverError(
                .unsupported, "\(command) is not supported by Auradine FluxOS", driver: Self.id,
                endpoint: context.host)
        }
        return try await withContext { try await perform(command) }
    }

    /// A gcminer CGMiner command, parsed; a `STATUS` error throws.
    func cgminer(_ command: String) async throws -> JSONValue {
        let request = CGMinerRequest(command: command)
        let reply = try AuradineReader.json(try await context.cgminer.send(request), request: request.description)
        if let error = AuradineReader.statusError(reply) {
            throw DriverError(.unexpectedResponse, "gcminer refused: \(error)", request: request.description)
        }
        return reply
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
