public import HiveProtocols

/// One telemetry poll of one miner: a snapshot of each hashboard, with per-chip readings
/// where the firmware exposes them.
public struct TelemetrySample: Sendable, Hashable {
    /// The miner.
    public var minerID: MinerRecord.ID
    /// When the telemetry was read.
    public var time: UnixMillis
    /// One entry per board.
    public var boards: [BoardSnapshot]

    /// Creates a sample.
    public init(minerID: MinerRecord.ID, time: UnixMillis, boards: [BoardSnapshot]) {
        self.minerID = minerID
        self.time = time
        self.boards = boards
    }

    /// Creates a sample from a driver's board telemetry.
    public init(minerID: MinerRecord.ID, time: UnixMillis, telemetry: [BoardTelemetry]) {
        self.init(minerID: minerID, time: time, boards: telemetry.map(BoardSnapshot.init))
    }
}

/// One hashboard at one moment, as stored.
public struct BoardSnapshot: Sendable, Hashable {
    /// Board index as the firmware numbers it.
    public var index: Int
    /// Board hash rate.
    public var hashrate: HashRate?
    /// Average chip frequency.
    public var frequency: Megahertz?
    /// Board voltage.
    public var voltage: Volts?
    /// Board power.
    public var power: Watts?
    /// Hottest PCB sensor.
    public var boardTempMax: Celsius?
    /// Hottest chip sensor (or chip, when only per-chip readings exist).
    public var chipTempMax: Celsius?
    /// Chips the board should have.
    public var chipsExpected: Int?
    /// Chips answering.
    public var chipsWorking: Int?
    /// Hardware errors on the board.
    public var hardwareErrors: Int?
    /// Board serial number.
    public var serial: String?
    /// Per-chip readings (empty when the firmware gives none). Chips whose every reading is
    /// missing are not kept.
    public var chips: [ChipReading]

    /// Creates a snapshot from its fields.
    public init(
        index: Int, hashrate: HashRate? = nil, frequency: Megahertz? = nil, voltage: Volts? = nil,
        power: Watts? = nil, boardTempMax: Celsius? = nil, chipTempMax: Celsius? = nil, chipsExpected: Int? = nil,
        chipsWorking: Int? = nil, hardwareErrors: Int? = nil, serial: String? = nil, chips: [ChipReading] = []
    ) {
        self.index = index
        self.hashrate = hashrate
        self.frequency = frequency
        self.voltage = voltage
        self.power = power
        self.boardTempMax = boardTempMax
        self.chipTempMax = chipTempMax
        self.chipsExpected = chipsExpected
        self.chipsWorking = chipsWorking
        self.hardwareErrors = hardwareErrors
        self.serial = serial
        self.chips = chips
    }

    /// Summarises a driver's board telemetry: sensor arrays become their maximum.
    public init(_ board: BoardTelemetry) {
        let chipSensorMax = board.chipTemps.filter { $0.value.isFinite }.max()
        let chipMax = board.chips.compactMap(\.temperature).filter { $0.value.isFinite }.max()
        self.init(
            index: board.index, hashrate: board.hashrate, frequency: board.frequency, voltage: board.voltage,
            power: board.power, boardTempMax: board.boardTemps.filter { $0.value.isFinite }.max(),
            chipTempMax: chipSensorMax ?? chipMax, chipsExpected: board.chipsExpected,
            chipsWorking: board.chipsWorking, hardwareErrors: board.hardwareErrors, serial: board.serial,
            chips: board.chips)
    }
}
