import Foundation
import GRDB
import HiveProtocols

// Decoding of stored rows into records. Every read is `try row.decode`, so a value of an
// unexpected type throws instead of trapping.

extension MinerRecord {
    /// Columns in the order `init(row:)` reads them.
    static let columns = """
        id, uid, mac, serial, hostname, ip, driver, make, model, firmware, firmware_version, first_seen_ms,
        last_seen_ms, online, consecutive_misses, managed, credential_ref, last_error, last_error_ms
        """

    init(row: Row) throws {
        self.init(
            id: ID(try row.int64("id")), uid: try row.string("uid"), ip: try row.optionalString("ip"),
            driver: DriverID(try row.string("driver")), firstSeen: UnixMillis(try row.int64("first_seen_ms")),
            lastSeen: UnixMillis(try row.int64("last_seen_ms")))
        mac = try row.optionalString("mac")
        serial = try row.optionalString("serial")
        hostname = try row.optionalString("hostname")
        make = try row.optionalString("make")
        model = try row.optionalString("model")
        firmware = try row.optionalString("firmware")
        firmwareVersion = try row.optionalString("firmware_version")
        online = try row.bool("online")
        consecutiveMisses = try row.int("consecutive_misses")
        managed = try row.bool("managed")
        credentialRef = try row.optionalString("credential_ref")
        lastError = try row.optionalString("last_error")
        lastErrorAt = try row.optionalInt64("last_error_ms").map { UnixMillis($0) }
    }

    static func fetch(
        _ db: Database, where condition: String, _ arguments: StatementArguments
    ) throws
        -> MinerRecord?
    {
        let sql = "SELECT \(columns) FROM miners WHERE \(condition) LIMIT 1"
        return try Row.fetchOne(db.cachedStatement(sql: sql), arguments: arguments).map(MinerRecord.init(row:))
    }
}

extension StatusSample {
    static let columns = """
        miner_id, ts_ms, state, hashrate_rt, hashrate_avg, power_w, power_measured, power_target_w,
        board_temp_min, board_temp_max, chip_temp_min, chip_temp_max, fan_min, fan_max, pools_alive, accepted,
        rejected, uptime_s, error
        """

    init(row: Row) throws {
        self.init(
            minerID: MinerRecord.ID(try row.int64("miner_id")), time: UnixMillis(try row.int64("ts_ms")),
            state: MinerStatus.State(storageCode: try row.int("state")))
        hashrateRealtime = try row.quantity("hashrate_rt")
        hashrateAverage = try row.quantity("hashrate_avg")
        power = try row.quantity("power_w")
        powerMeasured = try row.optionalBool("power_measured")
        powerTarget = try row.quantity("power_target_w")
        boardTempMin = try row.quantity("board_temp_min")
        boardTempMax = try row.quantity("board_temp_max")
        chipTempMin = try row.quantity("chip_temp_min")
        chipTempMax = try row.quantity("chip_temp_max")
        fanMin = try row.quantity("fan_min")
        fanMax = try row.quantity("fan_max")
        poolsAlive = try row.optionalInt("pools_alive")
        accepted = try row.optionalInt("accepted")
        rejected = try row.optionalInt("rejected")
        uptimeSeconds = try row.optionalInt("uptime_s")
        error = try row.optionalString("error")
    }

    /// Statement arguments in `columns` order.
    var arguments: StatementArguments {
        var values: [(any DatabaseValueConvertible)?] = [minerID.rawValue, time.rawValue, state.storageCode]
        values += [hashrateRealtime?.stored, hashrateAverage?.stored, power?.stored]
        values += [powerMeasured, powerTarget?.stored, boardTempMin?.stored, boardTempMax?.stored]
        values += [chipTempMin?.stored, chipTempMax?.stored, fanMin?.stored, fanMax?.stored]
        values += [poolsAlive, accepted, rejected, uptimeSeconds, error]
        return StatementArguments(values)
    }
}

extension BoardSnapshot {
    static let columns = """
        miner_id, ts_ms, board, hashrate, freq_mhz, voltage, power_w, board_temp_max, chip_temp_max,
        chips_expected, chips_working, hw_errors, serial
        """

    init(row: Row, chips: [ChipReading]) throws {
        self.init(index: try row.int("board"), chips: chips)
        hashrate = try row.quantity("hashrate")
        frequency = try row.quantity("freq_mhz")
        voltage = try row.quantity("voltage")
        power = try row.quantity("power_w")
        boardTempMax = try row.quantity("board_temp_max")
        chipTempMax = try row.quantity("chip_temp_max")
        chipsExpected = try row.optionalInt("chips_expected")
        chipsWorking = try row.optionalInt("chips_working")
        hardwareErrors = try row.optionalInt("hw_errors")
        serial = try row.optionalString("serial")
    }

    func arguments(minerID: MinerRecord.ID, time: UnixMillis) -> StatementArguments {
        var values: [(any DatabaseValueConvertible)?] = [minerID.rawValue, time.rawValue, index]
        values += [hashrate?.stored, frequency?.stored, voltage?.stored, power?.stored]
        values += [boardTempMax?.stored, chipTempMax?.stored, chipsExpected, chipsWorking, hardwareErrors, serial]
        return StatementArguments(values)
    }
}

extension PackedChips {
    init(row: Row) throws {
        self.init(
            chipCount: try row.int("chip_count"), hashrate: try row.bytes("hashrate"),
            temperature: try row.bytes("temp"), frequency: try row.bytes("freq"), voltage: try row.bytes("volt"),
            errors: try row.bytes("errors"))
    }
}

extension PhysicalQuantity {
    /// The value to store: `nil` (NULL) for NaN and infinities, which SQLite cannot keep.
    var stored: Double? { value.isFinite ? value : nil }
}

extension Row {
    func string(_ column: String) throws -> String { try decode(String.self, forColumn: column) }
    func optionalString(_ column: String) throws -> String? { try decode(String?.self, forColumn: column) }
    func int64(_ column: String) throws -> Int64 { try decode(Int64.self, forColumn: column) }
    func optionalInt64(_ column: String) throws -> Int64? { try decode(Int64?.self, forColumn: column) }
    func int(_ column: String) throws -> Int { try decode(Int.self, forColumn: column) }
    func optionalInt(_ column: String) throws -> Int? { try decode(Int?.self, forColumn: column) }
    func bool(_ column: String) throws -> Bool { try decode(Bool.self, forColumn: column) }
    func optionalBool(_ column: String) throws -> Bool? { try decode(Bool?.self, forColumn: column) }

    /// A REAL column as a quantity; NULL as `nil`.
    func quantity<Q: PhysicalQuantity>(_ column: String) throws -> Q? {
        try decode(Double?.self, forColumn: column).map { Q($0) }
    }

    /// A BLOB column as bytes; NULL as `nil`.
    func bytes(_ column: String) throws -> [UInt8]? {
        try decode(Data?.self, forColumn: column).map { [UInt8]($0) }
    }
}
