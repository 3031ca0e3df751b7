import HiveProtocols

/// Turns a stats reading, the pools and the configured work mode into a `MinerStatus`. Pure.
///
/// State, in order: hashing → `mining`; a sleep marker (`bitmain-work-mode` "1", CGI
/// `miner-mode` 1, or BMMiner `Mode` 254 as X17 firmware reports it) → `sleeping`; a subsystem
/// error in the CGI `status[]` → `failure`; a 5 s rate of 0 while the session average is not
/// (hashing stopped mid-session, as the overheating samples show) → `failure`; every chip
/// marked 'x' → `failure`; otherwise `starting` in the first 5 minutes, else `unknown`.
///
/// Stock firmware reports no power: `power` is an estimate from the model's nominal figure
/// (×0.7 in low mode when the configured mode is known; 15 W asleep), always flagged
/// `.estimated`, and `nil` for an unknown model or a machine that is neither hashing nor asleep.
struct AntminerStatusBuilder: Sendable {
    /// The stats reading.
    var reading: AntminerReading
    /// Pools.
    var pools: [MinerStatus.Pool]
    /// The model (best known).
    var model: AntminerModel?
    /// The configured work mode, when `get_miner_conf.cgi` was read.
    var configuredMode: AntminerWorkMode?

    /// Seconds after start during which a machine that is not hashing counts as starting.
    static let startupGrace = 300

    var isHashing: Bool { (reading.realtime?.value ?? 0) > 0 }

    var isAsleep: Bool {
        configuredMode == .sleep || reading.runtimeMode == .sleep || reading.modeField == 254
    }

    /// Whether every chip the firmware marks on every board is marked failed.
    var allChipsFailed: Bool {
        let marked = reading.boards.filter { $0.chipsWorking != nil }
        return !marked.isEmpty && marked.allSatisfy { $0.chipsWorking == 0 }
    }

    var stoppedMidSession: Bool { !isHashing && (reading.average?.value ?? 0) > 0 }

    var state: MinerStatus.State {
        if isHashing { return .mining }
        if isAsleep { return .sleeping }
        if reading.reportsError || stoppedMidSession || allChipsFailed { return .failure }
        if let elapsed = reading.elapsed, elapsed < Self.startupGrace { return .starting }
        return .unknown
    }

    var power: Watts? {
        guard let spec = model?.nominal else { return nil }
        switch state {
        case .mining: return spec.watts * (configuredMode == .low ? AntminerWorkMode.low.powerFactor : 1)
        case .sleeping: return AntminerWorkMode.sleepWatts
        default: return nil
        }
    }

    var messages: [String] {
        var messages = reading.problems.map { problem in
            problem.message.map { "\(problem.type): \($0)" }
                ?? "\(problem.type): status \(problem.status)" + (problem.code.map { " code \($0)" } ?? "")
        }
        guard !isHashing, !isAsleep else { return messages }
        if stoppedMidSession { messages.append("hashing stopped: the 5 s rate is 0 while the session average is not") }
        if allChipsFailed {
            messages.append("every chip reports an error (chain_acs 'x')")
        } else {
            for board in reading.boards {
                guard let working = board.chipsWorking, let expected = board.chipsExpected, working < expected else {
                    continue
                }
                messages.append("chain \(board.index): \(working) of \(expected) chips OK")
            }
        }
        return messages
    }

    var status: MinerStatus {
        let boardTemps = reading.boards.flatMap(\.boardTemps)
        let chipTemps = reading.boards.flatMap(\.chipTemps)
        let power = power
        return MinerStatus(
            state: state, hashrateRealtime: reading.realtime, hashrateAverage: reading.average,
            hashrateNominal: reading.ideal, power: power, powerSource: power == nil ? nil : .estimated,
            powerPreset: configuredMode?.kind.rawValue, boardTempMin: boardTemps.min(), boardTempMax: boardTemps.max(),
            chipTempMin: chipTemps.min(), chipTempMax: chipTemps.max(), fans: reading.fans, pools: pools,
            uptimeSeconds: reading.elapsed, messages: messages)
    }

    /// Pools from a CGMiner `pools` reply (`URL`, `User`, `Status`, `Stratum Active`, …) or a
    /// CGI `pools.cgi` reply (`url`, `user`, `status`, …). Unconfigured slots (empty URL) are skipped.
    static func pools(_ reply: JSONValue?) -> [MinerStatus.Pool] {
        (reply?["POOLS"]?.array ?? []).compactMap { pool in
            guard let url = AntminerFields.text(pool.value(forKeyIgnoringCase: "url")) else { return nil }
            let status = AntminerFields.text(pool.value(forKeyIgnoringCase: "status"))
            return MinerStatus.Pool(
                url: url, user: AntminerFields.text(pool.value(forKeyIgnoringCase: "user")),
                alive: status.map { $0.lowercased() == "alive" },
                active: pool["Stratum Active"]?.bool,
                accepted: pool.value(forKeyIgnoringCase: "accepted")?.int,
                rejected: pool.value(forKeyIgnoringCase: "rejected")?.int)
        }
    }
}
