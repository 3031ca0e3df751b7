public import HiveProtocols
import NIOConcurrencyHelpers

/// One simulated miner: who it is (model, MAC, serial), what it is set to, what it draws, and
/// how it misbehaves. Its firmware's wire behaviour is its personality's business.
///
/// State is held under a lock and computed lazily from the injected clock at request time: a
/// command schedules a change, and any read after the change's time sees it. Nothing runs in
/// the background.
public final class SimulatedMiner: Sendable {
    /// What the miner is doing, as the simulation knows it (firmwares word it their own way).
    public enum Activity: String, Sendable, Hashable, Codable, CaseIterable {
        /// Hashing at its active setting.
        case mining
        /// Stopped on command; draws idle power.
        case sleeping
        /// Re-tuning to a new setting (VNish auto-tuning); still at the old figures.
        case tuning
        /// Starting to hash again (after wake or restart); still at the old figures.
        case starting
        /// Rebooting: offline, draws idle power.
        case rebooting
    }

    /// Position in the fleet (0-based); stable for a seed.
    public let index: Int
    /// The personality (firmware family) it runs, e.g. `antminer-stock`.
    public let personality: DriverID
    /// Its model.
    public let model: SimulatedModel
    /// MAC address, upper-case and colon-separated; survives moves and reboots.
    public let mac: String
    /// Serial number.
    public let serial: String
    /// Hostname.
    public let hostname: String

    /// Per-miner seed (fleet seed and index).
    let seed: UInt64
    let clock: SimulationClock
    let timing: ControlTiming
    let credentials: Credentials
    let faultSettings: FaultSettings
    /// Relative noise on power and hash rate (0.01 = ±1 %).
    let noise: Double
    /// Per-request latency range, if any.
    let latency: ClosedRange<Duration>?
    /// Seconds the miner had been up when the simulation started.
    let initialUptime: Int
    let state: NIOLockedValueBox<MinerState>

    struct Settings: Sendable {
        var index: Int
        var personality: DriverID
        var model: SimulatedModel
        var identity: (mac: String, serial: String, hostname: String)
        var seed: UInt64
        var clock: SimulationClock
        var timing: ControlTiming
        var credentials: Credentials
        var faultSettings: FaultSettings
        var noise: Double
        var latency: ClosedRange<Duration>?
        var setting: PowerSetting
        var address: String
        var moveTo: String?
        var faults: Set<FaultKind>
    }

    init(_ settings: Settings) {
        index = settings.index
        personality = settings.personality
        model = settings.model
        mac = settings.identity.mac
        serial = settings.identity.serial
        hostname = settings.identity.hostname
        seed = settings.seed
        clock = settings.clock
        timing = settings.timing
        credentials = settings.credentials
        faultSettings = settings.faultSettings
        noise = settings.noise
        latency = settings.latency
        initialUptime = 3600 + Int(SeededNoise.unit(settings.seed, 0x0B00) * 82_800)
        state = NIOLockedValueBox(
            MinerState(
                active: settings.setting, configured: settings.setting, bootedAt: .zero, stateSince: .zero,
                faults: settings.faults, address: settings.address, moveTo: settings.moveTo))
    }

    /// The address it answers on now (a `move` miner changes address after
    /// ``FaultSettings/moveAfter``; ``SimulatedFleet/move(miner:to:)`` moves it at once).
    public var address: String {
        let now = clock.now
        return state.withLockedValue { currentAddress($0, at: now) }
    }

    /// Its faults now.
    public var faults: Set<FaultKind> { state.withLockedValue { $0.faults } }

    /// What it is doing now.
    public var activity: Activity { reading().activity }

    /// The power it really draws now.
    public var power: Watts { reading().power }

    /// Everything true about it now, for tests to assert against.
    public func truth() -> MinerTruth {
        let now = clock.now
        let live = reading(at: now)
        return state.withLockedValue { state in
            let address = currentAddress(state, at: now)
            return MinerTruth(
                index: index, address: address, ports: state.boundPorts[address] ?? [:], personality: personality,
                model: model.name, mac: mac, serial: serial, hostname: hostname, activity: live.activity,
                setting: live.setting.name, configuredSetting: live.configured.name,
                reachable: isReachable(state, address: address, at: now), power: live.power, hashrate: live.hashrate,
                faults: state.faults, locate: state.locate, commands: state.commands)
        }
    }
}
