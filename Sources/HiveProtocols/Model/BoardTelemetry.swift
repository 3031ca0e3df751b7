/// Detailed readings for one hashboard (chain).
public struct BoardTelemetry: Sendable, Hashable, Codable {
    /// Board index as the firmware numbers it.
    public var index: Int
    /// Board hash rate.
    public var hashrate: HashRate?
    /// Nominal board hash rate.
    public var hashrateNominal: HashRate?
    /// Average chip frequency.
    public var frequency: Megahertz?
    /// Board voltage.
    public var voltage: Volts?
    /// Board power, when the firmware reports it per board.
    public var power: Watts?
    /// PCB temperatures (sensors on the board).
    public var boardTemps: [Celsius]
    /// Chip temperatures as reported by the board's sensors (not per chip).
    public var chipTemps: [Celsius]
    /// Number of chips the board should have.
    public var chipsExpected: Int?
    /// Number of chips answering.
    public var chipsWorking: Int?
    /// Hardware errors counted on the board.
    public var hardwareErrors: Int?
    /// Board serial number.
    public var serial: String?
    /// Firmware's own state word for the board, if any.
    public var state: String?
    /// Per-chip readings, where the firmware exposes them (empty otherwise).
    public var chips: [ChipReading]

    /// Creates board telemetry.
    public init(
        index: Int, hashrate: HashRate? = nil, hashrateNominal: HashRate? = nil, frequency: Megahertz? = nil,
        voltage: Volts? = nil, power: Watts? = nil, boardTemps: [Celsius] = [], chipTemps: [Celsius] = [],
        chipsExpected: Int? = nil, chipsWorking: Int? = nil, hardwareErrors: Int? = nil, serial: String? = nil,
        state: String? = nil, chips: [ChipReading] = []
    ) {
        self.index = index
        self.hashrate = hashrate
        self.hashrateNominal = hashrateNominal
        self.frequency = frequency
        self.voltage = voltage
        self.power = power
        self.boardTemps = boardTemps
        self.chipTemps = chipTemps
        self.chipsExpected = chipsExpected
        self.chipsWorking = chipsWorking
        self.hardwareErrors = hardwareErrors
        self.serial = serial
        self.state = state
        self.chips = chips
    }
}

/// One chip's readings.
public struct ChipReading: Sendable, Hashable, Codable {
    /// Chip index on its board.
    public var index: Int
    /// Chip hash rate.
    public var hashrate: HashRate?
    /// Chip temperature.
    public var temperature: Celsius?
    /// Chip frequency.
    public var frequency: Megahertz?
    /// Chip voltage.
    public var voltage: Volts?
    /// Error count.
    public var errors: Int?

    /// Creates a chip reading.
    public init(
        index: Int, hashrate: HashRate? = nil, temperature: Celsius? = nil, frequency: Megahertz? = nil,
        voltage: Volts? = nil, errors: Int? = nil
    ) {
        self.index = index
        self.hashrate = hashrate
        self.temperature = temperature
        self.frequency = frequency
        self.voltage = voltage
        self.errors = errors
    }
}
