public import HiveProtocols

/// A firmware family as the simulator serves it: its ports, its models, how fast it carries out
/// commands, and its wire behaviour — HTTP paths and authentication, CGMiner replies with the
/// firmware's quirks — filled with the miner's live values.
///
/// One instance serves one miner for the fleet's lifetime, so firmware session state (tokens,
/// API keys, digest nonces) lives in it. Generic state (setting, sleep, reboots, power) lives
/// in the ``SimulatedMiner`` it is given; faults, latency and reachability are handled by the
/// simulator's sockets before a personality sees a request.
///
/// ## Adding a personality
/// Put it in `Sources/HiveTesting/Simulator/Personalities/<Family>/` (the same family name as
/// the driver folder), answer with bodies shaped like the recorded samples (say in a comment
/// which sample each template comes from), and add the type to
/// ``SimulatorPersonalities/builtIn``.
public protocol MinerPersonality: Sendable {
    /// The firmware's id, the same as its driver's (`antminer-stock`, `vnish`); the key of a
    /// fleet's mix.
    static var id: DriverID { get }
    /// The ports the firmware listens on and what each speaks.
    static var ports: [ServedPort] { get }
    /// Models it can run (a fleet picks among them with its seed).
    static var models: [SimulatedModel] { get }
    /// Its default credentials (what an operator who changed nothing would use).
    static var defaultCredentials: Credentials { get }
    /// How long its commands take.
    static var timing: ControlTiming { get }
    /// The setting a freshly started miner of `model` runs.
    static func initialSetting(for model: SimulatedModel) -> PowerSetting

    /// Creates the personality serving `miner`.
    init(miner: SimulatedMiner)

    /// Answers an HTTP request that arrived at `local` (the miner's address and firmware port).
    func respond(to request: SimulatedHTTPRequest, at local: LocalEndpoint) -> HTTPResponse
    /// Answers a CGMiner API call that arrived at `local`: the reply without its NUL terminator.
    func respond(toCGMiner call: CGMinerCall, at local: LocalEndpoint) -> [UInt8]
}

/// A port a firmware listens on.
public struct ServedPort: Sendable, Hashable {
    /// What a port speaks.
    public enum Wire: Sendable, Hashable {
        /// HTTP/1.1.
        case http
        /// The CGMiner JSON API (one NUL-terminated reply per connection).
        case cgminer
        /// CGMiner-style JSON where request and reply carry a 4-byte little-endian length
        /// prefix instead of a terminator (Whatsminer API v3 on port 4433).
        case cgminerLengthPrefixed
    }

    /// The port number the firmware uses.
    public var port: Int
    /// What it speaks.
    public var wire: Wire

    /// Creates a port.
    public init(_ port: Int, _ wire: Wire) {
        self.port = port
        self.wire = wire
    }
}

/// Where a request arrived: the address it was sent to and the firmware port (the real port
/// may differ in ephemeral mode).
public struct LocalEndpoint: Sendable, Hashable {
    /// The address the client connected to.
    public var address: String
    /// The firmware port (80, 4028, …).
    public var port: Int

    /// Creates an endpoint.
    public init(address: String, port: Int) {
        self.address = address
        self.port = port
    }
}

/// The personalities the simulator ships.
public enum SimulatorPersonalities {
    /// Every built-in personality, one per driver family.
    public static let builtIn: [any MinerPersonality.Type] = [
        AntminerStockPersonality.self, VNishPersonality.self, BraiinsOSPersonality.self, WhatsminerPersonality.self,
        LuxOSPersonality.self,
        EPICPersonality.self,
        AuradinePersonality.self,
        AvalonPersonality.self,
        BitaxePersonality.self,
    ]
}

/// A miner and its personality, as the sockets serve them.
struct MinerNode: ServedEndpoint {
    let miner: SimulatedMiner
    let personality: any MinerPersonality

    func admits(_ address: String) -> Bool { miner.admits(address) }

    func nextReply() -> ReplyPlan { miner.nextReply() }

    func respond(to request: SimulatedHTTPRequest, address: String, port: Int) -> HTTPResponse {
        personality.respond(to: request, at: LocalEndpoint(address: address, port: port))
    }

    func respond(toCGMiner call: CGMinerCall, address: String, port: Int) -> [UInt8] {
        personality.respond(toCGMiner: call, at: LocalEndpoint(address: address, port: port))
    }

    func requestStarted(port: Int) { miner.requestStarted(port: port) }

    func requestEnded(port: Int) { miner.requestEnded(port: port) }
}
