public import HiveProtocols

/// A miner model a personality can simulate, with the figures the simulation runs on.
///
/// Nominal power and hash rate are the manufacturer's published figures; chip counts and clock
/// figures follow the recorded samples where one exists. They are ground truth for the
/// simulation, not something a driver may assume.
public struct SimulatedModel: Sendable, Hashable {
    /// Name as the firmware reports it, e.g. "Antminer S19 Pro".
    public var name: String
    /// Wall power at stock settings.
    public var nominalPower: Watts
    /// Hash rate at stock settings.
    public var nominalHashrate: HashRate
    /// Power drawn while sleeping or booting (control board and idle fans).
    public var idlePower: Watts
    /// Hashboards.
    public var chains: Int
    /// Chips per hashboard.
    public var chipsPerChain: Int
    /// Chips per voltage domain (how BMMiner groups its `chain_acs` marks).
    public var chipsPerDomain: Int
    /// Stock chip frequency in MHz.
    public var frequency: Double
    /// Stock board voltage in millivolts.
    public var voltage: Double
    /// Fans.
    public var fans: Int

    /// Creates a model.
    public init(
        name: String, nominalPower: Watts, nominalHashrate: HashRate, idlePower: Watts = Watts(20), chains: Int = 3,
        chipsPerChain: Int, chipsPerDomain: Int, frequency: Double, voltage: Double, fans: Int = 4
    ) {
        self.name = name
        self.nominalPower = nominalPower
        self.nominalHashrate = nominalHashrate
        self.idlePower = idlePower
        self.chains = chains
        self.chipsPerChain = chipsPerChain
        self.chipsPerDomain = chipsPerDomain
        self.frequency = frequency
        self.voltage = voltage
        self.fans = fans
    }
}

/// What a miner is set to run at: a mode, a preset or stock clocks, with what it draws there.
public struct PowerSetting: Sendable, Hashable, CustomStringConvertible {
    /// The firmware's name for it: a work mode ("normal", "low"), a preset ("1100", "disabled").
    public var name: String
    /// Wall power while hashing at this setting.
    public var power: Watts
    /// Hash rate at this setting.
    public var hashrate: HashRate
    /// Chip frequency in MHz.
    public var frequency: Double
    /// Board voltage in millivolts.
    public var voltage: Double

    /// Creates a setting.
    public init(name: String, power: Watts, hashrate: HashRate, frequency: Double, voltage: Double) {
        self.name = name
        self.power = power
        self.hashrate = hashrate
        self.frequency = frequency
        self.voltage = voltage
    }

    /// The model's stock setting under `name`.
    public static func stock(_ model: SimulatedModel, name: String) -> PowerSetting {
        PowerSetting(
            name: name, power: model.nominalPower, hashrate: model.nominalHashrate, frequency: model.frequency,
            voltage: model.voltage)
    }

    public var description: String { "\(name) (\(power), \(hashrate))" }
}
