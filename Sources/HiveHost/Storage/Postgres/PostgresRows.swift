import HiveProtocols
import PostgresNIO

// Decoding of PostgreSQL rows into records, and records into bound values. Column lists are
// the SQLite store's (`MinerRecord.columns`, …): the logical schema is the same.

extension MinerRecord {
    init(postgres row: PostgresRandomAccessRow) throws {
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
}

extension StatusSample {
    init(postgres row: PostgresRandomAccessRow) throws {
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

    /// Values in `StatusSample.columns` order.
    var postgresValues: [PostgresValue] {
        [
            .int(minerID.rawValue), .int(time.rawValue), .int(state.storageCode), .double(hashrateRealtime?.value),
            .double(hashrateAverage?.value), .double(power?.value), .bool(powerMeasured), .double(powerTarget?.value),
            .double(boardTempMin?.value), .double(boardTempMax?.value), .double(chipTempMin?.value),
            .double(chipTempMax?.value), .double(fanMin?.value), .double(fanMax?.value), .int(poolsAlive),
            .int(accepted), .int(rejected), .int(uptimeSeconds), .text(error),
        ]
    }
}

extension BoardSnapshot {
    init(postgres row: PostgresRandomAccessRow, chips: [ChipReading]) throws {
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

    /// Values in `BoardSnapshot.columns` order.
    func postgresValues(minerID: MinerRecord.ID, time: UnixMillis) -> [PostgresValue] {
        [
            .int(minerID.rawValue), .int(time.rawValue), .int(index), .double(hashrate?.value),
            .double(frequency?.value), .double(voltage?.value), .double(power?.value), .double(boardTempMax?.value),
            .double(chipTempMax?.value), .int(chipsExpected), .int(chipsWorking), .int(hardwareErrors), .text(serial),
        ]
    }
}

extension PackedChips {
    init(postgres row: PostgresRandomAccessRow) throws {
        self.init(
            chipCount: try row.int("chip_count"), hashrate: try row.bytes("hashrate"),
            temperature: try row.bytes("temp"), frequency: try row.bytes("freq"), voltage: try row.bytes("volt"),
            errors: try row.bytes("errors"))
    }
}

extension Array {
    /// The array in consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: Swift.max(1, size)).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
