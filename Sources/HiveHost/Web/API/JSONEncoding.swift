import HiveProtocols

// JSON shapes of the API. Every encoder is explicit, so a new stored field (or a secret) never
// reaches a response by accident. Timestamps are ISO 8601 strings in UTC; quantities are in
// base units named in the key (`_hs` hashes per second, `_w` watts, `_c` degrees Celsius,
// `_rpm`, `_mhz`, `_v`); a value the miner does not report is `null`.

extension JSONValue {
    /// An optional number (non-finite and `nil` become `null`).
    static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    /// An optional integer.
    static func int(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }

    /// An optional string.
    static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// An optional time.
    static func time(_ value: UnixMillis?) -> JSONValue { value.map { .string($0.description) } ?? .null }

    /// An optional quantity in its base unit.
    static func quantity(_ value: (some PhysicalQuantity)?) -> JSONValue { number(value?.value) }
}

enum APIJSON {
    static func miner(_ row: FleetRow) -> JSONValue {
        let m = row.miner
        return [
            "id": .number(Double(m.id.rawValue)), "uid": .string(m.uid), "ip": .text(m.ip), "mac": .text(m.mac),
            "serial": .text(m.serial), "hostname": .text(m.hostname), "driver": .string(m.driver.rawValue),
            "make": .text(m.make), "model": .text(m.model), "firmware": .text(m.firmware),
            "firmware_version": .text(m.firmwareVersion), "first_seen": .time(m.firstSeen),
            "last_seen": .time(m.lastSeen), "online": .bool(m.online), "managed": .bool(m.managed),
            "consecutive_misses": .int(m.consecutiveMisses), "last_error": .text(m.lastError),
            "last_error_at": .time(m.lastErrorAt), "condition": .string(row.condition.rawValue),
            "status": row.status.map(status) ?? .null,
        ]
    }

    static func status(_ s: StatusSample) -> JSONValue {
        [
            "time": .time(s.time), "state": .string(s.state.rawValue), "hashrate_hs": .quantity(s.hashrateRealtime),
            "hashrate_avg_hs": .quantity(s.hashrateAverage), "power_w": .quantity(s.power),
            "power_measured": s.powerMeasured.map(JSONValue.bool) ?? .null,
            "power_target_w": .quantity(s.powerTarget), "board_temp_min_c": .quantity(s.boardTempMin),
            "board_temp_max_c": .quantity(s.boardTempMax), "chip_temp_min_c": .quantity(s.chipTempMin),
            "chip_temp_max_c": .quantity(s.chipTempMax), "fan_min_rpm": .quantity(s.fanMin),
            "fan_max_rpm": .quantity(s.fanMax), "pools_alive": .int(s.poolsAlive), "accepted": .int(s.accepted),
            "rejected": .int(s.rejected), "uptime_s": .int(s.uptimeSeconds), "error": .text(s.error),
        ]
    }

    static func telemetry(_ sample: TelemetrySample) -> JSONValue {
        ["time": .time(sample.time), "boards": .array(sample.boards.map(board))]
    }

    static func board(_ b: BoardSnapshot) -> JSONValue {
        [
            "index": .int(b.index), "hashrate_hs": .quantity(b.hashrate), "frequency_mhz": .quantity(b.frequency),
            "voltage_v": .quantity(b.voltage), "power_w": .quantity(b.power),
            "board_temp_max_c": .quantity(b.boardTempMax), "chip_temp_max_c": .quantity(b.chipTempMax),
            "chips_expected": .int(b.chipsExpected), "chips_working": .int(b.chipsWorking),
            "hardware_errors": .int(b.hardwareErrors), "serial": .text(b.serial),
            "chips": .array(
                b.chips.map { c in
                    [
                        "index": .int(c.index), "hashrate_hs": .quantity(c.hashrate),
                        "temperature_c": .quantity(c.temperature), "frequency_mhz": .quantity(c.frequency),
                        "voltage_v": .quantity(c.voltage), "errors": .int(c.errors),
                    ]
                }),
        ]
    }

    static func summary(_ s: FleetSummary, energy: EnergyFigures?, now: UnixMillis) -> JSONValue {
        [
            "miners": .int(s.miners), "online": .int(s.online), "offline": .int(s.offline),
            "sleeping": .int(s.sleeping), "failing": .int(s.failing), "managed": .int(s.managed),
            "hashrate_hs": .number(s.hashrate.value), "power_w": .number(s.power.value),
            "power_measured_w": .number(s.powerMeasured.value), "power_estimated_w": .number(s.powerEstimated.value),
            "power_unknown_miners": .int(s.powerUnknown), "efficiency_j_per_th": .number(s.efficiency),
            "budget_w": .quantity(energy?.budget), "consumption_w": .quantity(energy?.consumption),
            "balancer_phase": .text(energy?.phase), "newest_sample": .time(s.newestSample), "as_of": .time(now),
        ]
    }

    static func audit(_ e: ControlAuditEntry) -> JSONValue {
        [
            "id": .number(e.id.map(Double.init)), "source": "user", "time": .time(e.time), "actor": .string(e.actor),
            "remote_ip": .text(e.remoteIP), "miner_id": .number(e.minerID.map { Double($0.rawValue) }),
            "action": .string(e.action), "parameters": .object(e.parameters.mapValues(JSONValue.string)),
            "outcome": .string(e.outcome), "detail": .text(e.detail),
        ]
    }

    static func user(_ u: UserRecord) -> JSONValue {
        [
            "id": .number(Double(u.id.rawValue)), "username": .string(u.username), "role": .string(u.role.rawValue),
            "disabled": .bool(u.disabled), "created_at": .time(u.createdAt), "updated_at": .time(u.updatedAt),
            "last_login_at": .time(u.lastLoginAt),
        ]
    }

    static func token(_ t: APITokenRecord) -> JSONValue {
        [
            "id": .number(Double(t.id.rawValue)), "name": .string(t.name), "prefix": .string(t.prefix),
            "role": .string(t.role.rawValue), "created_by": .string(t.createdBy), "created_at": .time(t.createdAt),
            "last_used_at": .time(t.lastUsedAt), "expires_at": .time(t.expiresAt),
        ]
    }

    static func discoveryRun(_ r: DiscoveryRunSummary) -> JSONValue {
        [
            "finished_at": .time(r.finishedAt), "elapsed_s": .number(Double(LoopHealth.milliseconds(r.elapsed)) / 1000),
            "hosts_scanned": .int(r.hostsScanned), "open_hosts": .int(r.openHosts), "identified": .int(r.identified),
            "unidentified": .int(r.unidentified), "new": .int(r.new), "moved": .int(r.moved),
            "came_online": .int(r.cameOnline), "went_offline": .int(r.wentOffline),
            "by_driver": .object(r.byDriver.mapValues { .number(Double($0)) }),
        ]
    }

    static func page(_ items: [JSONValue], total: Int, limit: Int, offset: Int) -> JSONValue {
        ["items": .array(items), "total": .int(total), "limit": .int(limit), "offset": .int(offset)]
    }
}

/// The few energy figures the fleet summary shows next to the fleet's own.
struct EnergyFigures: Sendable, Hashable {
    /// Budget in force.
    var budget: Watts?
    /// Draw as the balancer counts it, else the plant's metered consumption.
    var consumption: Watts?
    /// Balancer phase.
    var phase: String?
}
