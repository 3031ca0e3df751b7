public import Logging

/// A driver for one firmware family: how to recognise it, read it and control it.
///
/// ## The contract
/// - `identify(_:)` is **pure**: it reads only the probe answers the scanner collected once
///   and returns a match or `nil`. It never does I/O, so identification is testable without
///   sockets and no miner is asked the same question twice.
/// - An instance talks to exactly one miner, only through the transports in its
///   `DriverContext` (never NIO, AsyncHTTPClient or files). Instances are cheap; the host
///   creates one per miner and may keep it for the miner's lifetime (session tokens live in it).
/// - Reads return normalised values in typed units; a value the firmware does not report is
///   `nil`, never invented. Power that is estimated says so (`MinerStatus.powerSource`).
/// - `apply(_:)` changes one thing, then **reads it back** and reports what really happened:
///   firmwares answer "ok" when nothing changed. A command outside `capabilities` throws
///   `DriverError` of kind `.unsupported` without touching the miner.
/// - Errors are `DriverError`s; their descriptions never contain secrets.
///
/// ## Implementing a driver
/// 1. Make a folder `Sources/Drivers/<Family>/` with a `struct <Family>Driver: MinerDriver`.
/// 2. Declare `descriptor` (id, ports, the probes `identify` needs, stock or custom).
/// 3. Write `identify` against recorded probe answers, then the reads, then `apply`.
/// 4. Record fixture cases under `DriverFixtures/<driver-id>/<case>/` with `expected/` files.
/// 5. Add the type to `DriverRegistry.builtIn`. The conformance suite in `DriversTests` then
///    replays every case through the registry; no new test code is needed for that.
///
/// See `Docs/WritingADriver.md` for the walkthrough.
public protocol MinerDriver: Sendable {
    /// Static facts: id, ports, probes, stock or custom.
    static var descriptor: DriverDescriptor { get }

    /// Decides, from probe answers alone, whether this driver speaks to the host.
    static func identify(_ answers: ProbeAnswers) -> DriverMatch?

    /// Extra probes this driver needs for one host, decided from the first round's answers
    /// (pure, like `identify`). Use it sparingly, for hosts whose first answers are too bare to
    /// tell firmwares apart: every probe returned here is one more request to that host on
    /// every scan. The default asks nothing more.
    static func followUpProbes(_ answers: ProbeAnswers) -> [ProbeRequest]

    /// Creates a driver for one miner.
    init(context: DriverContext)

    /// What this miner supports (may depend on its model or firmware version).
    var capabilities: Capabilities { get }

    /// Make, model, firmware and hardware identifiers.
    func identity() async throws -> MinerIdentity

    /// Current state, hash rate, power, temperatures, fans, pools.
    func status() async throws -> MinerStatus

    /// Per-board telemetry, with per-chip readings where the firmware exposes them.
    func telemetry() async throws -> [BoardTelemetry]

    /// How power can be controlled, with the current setting.
    func powerControl() async throws -> PowerControl

    /// Applies a command and reads back whether it took effect.
    func apply(_ command: MinerCommand) async throws -> CommandOutcome
}

extension MinerDriver {
    /// The driver's identifier.
    public static var id: DriverID { descriptor.id }

    /// No follow-up probes.
    public static func followUpProbes(_ answers: ProbeAnswers) -> [ProbeRequest] { [] }
}

/// Everything a driver instance gets from the host.
public struct DriverContext: Sendable {
    /// The miner's address (IPv4 text).
    public var host: String
    /// HTTP transport bound to `host`.
    public var http: any HTTPTransport
    /// CGMiner transport bound to `host`.
    public var cgminer: any CGMinerTransport
    /// Credentials to use (operator-configured, or the driver's defaults).
    public var credentials: Credentials?
    /// Where the driver may persist secrets it creates on the miner.
    public var credentialStore: any CredentialStore
    /// The match that selected this driver (model / firmware version pick variants).
    public var match: DriverMatch?
    /// Waits between a write and its read-back; injected so tests run without real time.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// Logger with `miner.ip` and `driver` metadata.
    public var logger: Logger

    /// Creates a context.
    public init(
        host: String, http: any HTTPTransport, cgminer: any CGMinerTransport, credentials: Credentials? = nil,
        credentialStore: any CredentialStore = InMemoryCredentialStore(), match: DriverMatch? = nil,
        sleep: @escaping @Sendable (Duration) async throws -> Void = { _ in },
        logger: Logger = Logger(label: "powerhive.driver")
    ) {
        self.host = host
        self.http = http
        self.cgminer = cgminer
        self.credentials = credentials
        self.credentialStore = credentialStore
        self.match = match
        self.sleep = sleep
        self.logger = logger
    }
}
