import HiveProtocols

/// Builds the per-miner, fleet, plant, balancer and loop gauges at scrape time from the newest
/// stored state, so `/metrics` always reflects the store and never keeps a series for a miner
/// that is gone.
///
/// Labels stay low-cardinality: a miner is labelled by its stable `uid` only (its address and
/// strings live on `powerhive_miner_info`); status-derived gauges are emitted for online miners
/// only, so an offline miner's last reading does not look current; a reading a miner does not
/// report is absent, never zero.
struct FleetMetricsCollector {
    /// What a scrape reads.
    struct Snapshot {
        var rows: [FleetRow]
        var now: UnixMillis
        var latestUsablePlant: PlantReadingRecord?
        var balancer: BalancerState?
        var loops: [LoopHealth.Status]
    }

    static let familyNames: Set<String> = [
        "powerhive_miner_up", "powerhive_miner_info", "powerhive_miner_hashrate_hashes_per_second",
        "powerhive_miner_power_watts", "powerhive_miner_power_measured", "powerhive_miner_power_target_watts",
        "powerhive_miner_temperature_celsius", "powerhive_miner_fan_rpm", "powerhive_miner_sleeping",
        "powerhive_miner_managed", "powerhive_miner_last_seen_timestamp_seconds", "powerhive_fleet_miners",
        "powerhive_fleet_hashrate_hashes_per_second", "powerhive_fleet_power_watts",
        "powerhive_fleet_efficiency_joules_per_terahash", "powerhive_plant_reading_age_seconds",
        "powerhive_plant_generation_watts", "powerhive_plant_consumption_watts", "powerhive_balancer_budget_watts",
        "powerhive_balancer_consumption_watts", "powerhive_balancer_planned_watts", "powerhive_balancer_fail_safe",
        "powerhive_balancer_pending_changes", "powerhive_loop_last_cycle_timestamp_seconds", "powerhive_loop_stale",
    ]

    static func render(_ snapshot: Snapshot) -> String {
        var text = PrometheusText()
        renderMiners(snapshot.rows, into: &text)
        renderFleet(FleetSummary(rows: snapshot.rows), into: &text)
        renderEnergy(snapshot, into: &text)
        renderLoops(snapshot.loops, into: &text)
        return text.output
    }

    private static func renderMiners(_ rows: [FleetRow], into text: inout PrometheusText) {
        let online = rows.filter { $0.miner.online }
        func gauge(_ name: String, _ help: String, _ value: (FleetRow) -> Double?, rows: [FleetRow] = online) {
            text.family(name, "gauge", help)
            for row in rows { text.sample(name, [("miner", row.miner.uid)], value(row)) }
        }
        gauge(
            "powerhive_miner_up", "1 when the miner answers polls, 0 when offline.", { $0.miner.online ? 1 : 0 },
            rows: rows)
        text.family("powerhive_miner_info", "gauge", "Identity of each miner (value 1).")
        for row in rows {
            let m = row.miner
            text.sample(
                "powerhive_miner_info",
                [
                    ("miner", m.uid), ("ip", m.ip ?? ""), ("model", m.model ?? ""), ("make", m.make ?? ""),
                    ("firmware", m.firmware ?? ""), ("firmware_version", m.firmwareVersion ?? ""),
                    ("driver", m.driver.rawValue), ("mac", m.mac ?? ""),
                ], 1)
        }
        gauge(
            "powerhive_miner_managed", "1 when PowerHive may change the miner's settings.",
            { $0.miner.managed ? 1 : 0 }, rows: rows)
        gauge(
            "powerhive_miner_last_seen_timestamp_seconds", "When the miner last answered (Unix seconds).",
            { Double($0.miner.lastSeen.rawValue) / 1000 }, rows: rows)
        gauge("powerhive_miner_hashrate_hashes_per_second", "Realtime hash rate.") {
            ($0.status?.hashrateRealtime ?? $0.status?.hashrateAverage)?.value
        }
        gauge("powerhive_miner_power_watts", "Power draw (see powerhive_miner_power_measured).") {
            $0.status?.power?.value
        }
        gauge("powerhive_miner_power_measured", "1 when the power figure is measured by the miner, 0 when estimated.") {
            guard $0.status?.power != nil, let measured = $0.status?.powerMeasured else { return nil }
            return measured ? 1 : 0
        }
        gauge("powerhive_miner_power_target_watts", "Power target in effect.") { $0.status?.powerTarget?.value }
        gauge("powerhive_miner_sleeping", "1 when the miner is deliberately asleep (curtailed).") {
            $0.status.map { $0.state == .sleeping ? 1 : 0 }
        }
        text.family("powerhive_miner_temperature_celsius", "gauge", "Hottest board (PCB) and chip temperature.")
        for row in online {
            text.sample(
                "powerhive_miner_temperature_celsius", [("miner", row.miner.uid), ("sensor", "board")],
                row.status?.boardTempMax?.value)
            text.sample(
                "powerhive_miner_temperature_celsius", [("miner", row.miner.uid), ("sensor", "chip")],
                row.status?.chipTempMax?.value)
        }
        text.family("powerhive_miner_fan_rpm", "gauge", "Slowest and fastest fan speed.")
        for row in online {
            text.sample(
                "powerhive_miner_fan_rpm", [("miner", row.miner.uid), ("stat", "min")], row.status?.fanMin?.value)
            text.sample(
                "powerhive_miner_fan_rpm", [("miner", row.miner.uid), ("stat", "max")], row.status?.fanMax?.value)
        }
    }

    private static func renderFleet(_ summary: FleetSummary, into text: inout PrometheusText) {
        text.family("powerhive_fleet_miners", "gauge", "Miners by condition.")
        for (condition, count) in [
            ("online", summary.online), ("offline", summary.offline), ("sleeping", summary.sleeping),
            ("failing", summary.failing),
        ] {
            text.sample("powerhive_fleet_miners", [("condition", condition)], Double(count))
        }
        text.family("powerhive_fleet_hashrate_hashes_per_second", "gauge", "Total hash rate of online miners.")
        text.sample("powerhive_fleet_hashrate_hashes_per_second", [], summary.hashrate.value)
        text.family("powerhive_fleet_power_watts", "gauge", "Total power of online miners, measured and estimated.")
        text.sample("powerhive_fleet_power_watts", [("source", "measured")], summary.powerMeasured.value)
        text.sample("powerhive_fleet_power_watts", [("source", "estimated")], summary.powerEstimated.value)
        text.family("powerhive_fleet_efficiency_joules_per_terahash", "gauge", "Fleet efficiency (J/TH).")
        text.sample("powerhive_fleet_efficiency_joules_per_terahash", [], summary.efficiency)
    }

    private static func renderEnergy(_ snapshot: Snapshot, into text: inout PrometheusText) {
        if let reading = snapshot.latestUsablePlant, let dataTime = reading.dataTime {
            text.family("powerhive_plant_reading_age_seconds", "gauge", "Age of the newest usable plant reading.")
            text.sample(
                "powerhive_plant_reading_age_seconds", [], Double(snapshot.now.rawValue - dataTime.rawValue) / 1000)
            text.family("powerhive_plant_generation_watts", "gauge", "Plant generation in the newest usable reading.")
            text.sample("powerhive_plant_generation_watts", [], reading.sample?.generation?.value)
            text.family(
                "powerhive_plant_consumption_watts", "gauge", "Metered consumption in the newest usable reading.")
            text.sample("powerhive_plant_consumption_watts", [], reading.sample?.consumption?.value)
        }
        guard let state = snapshot.balancer else { return }
        let status = state.lastStatus
        text.family("powerhive_balancer_budget_watts", "gauge", "Power budget in force.")
        text.sample("powerhive_balancer_budget_watts", [], status?.budget?.value)
        text.family("powerhive_balancer_consumption_watts", "gauge", "Fleet draw as the balancer counts it.")
        text.sample("powerhive_balancer_consumption_watts", [], status?.projected.value)
        text.family("powerhive_balancer_planned_watts", "gauge", "Draw expected after the balancer's last actions.")
        text.sample("powerhive_balancer_planned_watts", [], status?.planned.value)
        text.family("powerhive_balancer_fail_safe", "gauge", "1 while the fail-safe is in force.")
        text.sample("powerhive_balancer_fail_safe", [], status.map { $0.phase == .failSafe ? 1 : 0 })
        text.family("powerhive_balancer_pending_changes", "gauge", "Miner changes in flight.")
        text.sample("powerhive_balancer_pending_changes", [], Double(state.pendingChanges.count))
    }

    private static func renderLoops(_ loops: [LoopHealth.Status], into text: inout PrometheusText) {
        guard !loops.isEmpty else { return }
        text.family("powerhive_loop_last_cycle_timestamp_seconds", "gauge", "When each loop last completed a cycle.")
        for loop in loops {
            text.sample(
                "powerhive_loop_last_cycle_timestamp_seconds", [("loop", loop.name)],
                loop.lastTick.map { Double($0.rawValue) / 1000 })
        }
        text.family("powerhive_loop_stale", "gauge", "1 when a loop has missed three cycles.")
        for loop in loops { text.sample("powerhive_loop_stale", [("loop", loop.name)], loop.stale ? 1 : 0) }
    }
}
