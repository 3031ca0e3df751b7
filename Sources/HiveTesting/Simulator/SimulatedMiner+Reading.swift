import HiveProtocols

/// Everything a personality needs to render a reply, computed once per request.
struct LiveReading: Sendable {
    /// One hashboard.
    struct Chain: Sendable {
        /// 0-based index.
        var index: Int
        /// Real-time hash rate in GH/s.
        var rate: Double
        /// Ideal hash rate in GH/s for the active setting (0 asleep).
        var ideal: Double
        /// Chip frequency in MHz.
        var frequency: Double
        /// Board voltage in millivolts.
        var voltage: Double
        /// Power in watts.
        var power: Double
        /// Four PCB sensor readings.
        var boardTemps: [Int]
        /// Four chip sensor readings.
        var chipTemps: [Int]
        /// Hardware errors counted.
        var hardwareErrors: Int
        /// Chips on the board.
        var chips: Int
    }

    var time: Duration
    var unixTime: Int
    var activity: SimulatedMiner.Activity
    var setting: PowerSetting
    var configured: PowerSetting
    var configuredAsleep: Bool
    var restartRequired: Bool
    var power: Watts
    var hashrate: HashRate
    var averageHashrate: HashRate
    var idealHashrate: HashRate
    /// Seconds since boot.
    var uptime: Int
    /// Seconds in the current activity.
    var stateSeconds: Int
    var chains: [Chain]
    var fans: [Int]
    var locate: Bool
    var bootCount: Int
    var accepted: Int
    var rejected: Int
    var hardwareErrors: Int

    /// Whether hash boards are running.
    var isHashing: Bool { hashrate.value > 0 }
    /// Real-time hash rate in GH/s.
    var rateGH: Double { hashrate.gigahashesPerSecond }
    /// Average hash rate in GH/s.
    var averageGH: Double { averageHashrate.gigahashesPerSecond }
    /// Ideal hash rate in GH/s.
    var idealGH: Double { idealHashrate.gigahashesPerSecond }
}

extension SimulatedMiner {
    /// The miner's live figures now.
    func reading() -> LiveReading { reading(at: clock.now) }

    func reading(at now: Duration) -> LiveReading {
        let snapshot = state.withLockedValue { state -> MinerState in
            state.settle(at: now)
            return state
        }
        return reading(snapshot, at: now)
    }

    private func reading(_ state: MinerState, at now: Duration) -> LiveReading {
        let activity = state.activity(at: now)
        let bucket = UInt64(max(0, Int64(now.seconds / 5)))
        let hashing = activity != .rebooting && !state.asleep
        let setting = state.active
        let powerNoise = 1 + noise * SeededNoise.signed(seed, bucket, 1)
        let rateNoise = 1 + noise * SeededNoise.signed(seed, bucket, 2)
        let watts = hashing ? setting.power.value * powerNoise : model.idlePower.value * powerNoise
        let rate = hashing ? setting.hashrate.value * rateNoise : 0
        let average = hashing ? setting.hashrate.value * (1 + noise * 0.2 * SeededNoise.signed(seed, bucket, 3)) : 0
        let uptime = max(0, Int((now - state.bootedAt).seconds)) + (state.bootCount == 0 ? initialUptime : 0)
        let load = min(1.2, watts / max(1, model.nominalPower.value))
        let chains = (0..<model.chains).map { chain in
            makeChain(chain, load: load, hashing: hashing, rate: rate, watts: watts, setting: setting, bucket: bucket)
        }
        let fans = (0..<model.fans).map { fan in
            let rpm =
                (hashing ? 1800 + 4200 * min(1, load) : 1200)
                * (1 + 0.02 * SeededNoise.signed(seed, bucket, 40, UInt64(fan)))
            return Int(rpm / 60) * 60
        }
        let shares = uptime / 12
        return LiveReading(
            time: now, unixTime: Int(clock.unixTime(now)), activity: activity, setting: setting,
            configured: state.configured, configuredAsleep: state.configuredAsleep,
            restartRequired: state.restartRequired, power: Watts(watts), hashrate: HashRate(rate),
            averageHashrate: HashRate(average), idealHashrate: hashing ? setting.hashrate : .zero, uptime: uptime,
            stateSeconds: max(0, Int((now - state.stateSince).seconds)), chains: chains, fans: fans,
            locate: state.locate, bootCount: state.bootCount, accepted: shares,
            rejected: shares / 400, hardwareErrors: chains.reduce(0) { $0 + $1.hardwareErrors })
    }

    private func makeChain(
        _ chain: Int, load: Double, hashing: Bool, rate: Double, watts: Double, setting: PowerSetting, bucket: UInt64
    ) -> LiveReading.Chain {
        let share = 1 / Double(model.chains)
        let chainNoise = 1 + 0.02 * SeededNoise.signed(seed, bucket, 10, UInt64(chain))
        let chip = hashing ? 40 + 32 * load : 34
        let temps = (0..<4).map { sensor in
            chip + [6, -14, 2, 3][sensor] + 1.5 * SeededNoise.signed(seed, bucket, 20, UInt64(chain * 4 + sensor))
        }
        return LiveReading.Chain(
            index: chain, rate: rate * share * chainNoise / 1e9,
            ideal: hashing ? setting.hashrate.value * share / 1e9 : 0,
            frequency: setting.frequency, voltage: setting.voltage, power: watts * share,
            boardTemps: temps.map { Int(($0 - 10).rounded()) }, chipTemps: temps.map { Int($0.rounded()) },
            hardwareErrors: hashing ? Int(SeededNoise.unit(seed, 30, UInt64(chain)) * 200) : 0,
            chips: model.chipsPerChain)
    }
}
