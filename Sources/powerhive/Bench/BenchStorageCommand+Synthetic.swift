import HiveHost
import HiveProtocols

extension BenchStorageCommand {
    /// A synthetic fleet whose readings vary the way real ones do: per-miner levels, noise at
    /// the firmware's precision (hash rate to 0.01 GH/s, power to 1 W, temperatures to 1 °C,
    /// fans to 1 rpm), cumulative counters that grow, and a few miners that never answer.
    struct SyntheticFleet {
        struct Miner {
            var id: MinerRecord.ID
            var hashrate: Double  // H/s
            var power: Double  // W
            var measuresPower: Bool
            var boardTemp: Double
            var chipTemp: Double
            var fan: Double
            var accepted = 0
            var rejected = 0
            var hardwareErrors = 0
            var hung: Bool
            var chipsPerBoard: Int
            var reportsChips: Bool
            var serials: [String]
        }

        var miners: [Miner]
        var noise: SplitMix
        let boards: Int

        init(ids: [MinerRecord.ID], boards: Int, chips: Int, chipsFraction: Double, hungFraction: Double, seed: UInt64)
        {
            var noise = SplitMix(seed: seed)
            let models: [(hashrate: Double, power: Double, chips: Int)] = [
                (95e12, 3250, 76), (110e12, 3250, 114), (100e12, 3068, 126), (140e12, 3010, 110),
            ]
            miners = ids.map { id in
                let model = models[Int(noise.next() % UInt64(models.count))]
                let chipsPerBoard = chips > 0 ? chips : model.chips
                return Miner(
                    id: id, hashrate: model.hashrate * (0.97 + noise.unit() * 0.06),
                    power: model.power * (0.97 + noise.unit() * 0.06), measuresPower: noise.unit() < 0.45,
                    boardTemp: 55 + noise.unit() * 8, chipTemp: 68 + noise.unit() * 8, fan: 4200 + noise.unit() * 1500,
                    hung: noise.unit() < hungFraction, chipsPerBoard: chipsPerBoard,
                    reportsChips: noise.unit() < chipsFraction,
                    serials: (0..<boards).map { _ in String(noise.next() % 1_000_000_000_000, radix: 36).uppercased() })
            }
            self.noise = noise
            self.boards = boards
        }

        /// One status cycle: a sample per miner at `time`; `minute` counts cycles from the start.
        mutating func statuses(at time: UnixMillis, minute: Int) -> [StatusSample] {
            miners.indices.map { i in
                if miners[i].hung {
                    return StatusSample(
                        minerID: miners[i].id, time: time, state: .unknown, error: "timed out: no answer within 10.00 s"
                    )
                }
                miners[i].boardTemp = min(75, max(45, miners[i].boardTemp + noise.gaussian() * 0.3))
                miners[i].chipTemp = min(90, max(60, miners[i].chipTemp + noise.gaussian() * 0.3))
                miners[i].accepted += Int(12 + noise.unit() * 8)
                if noise.unit() < 0.05 { miners[i].rejected += 1 }
                let m = miners[i]
                let fanMin = (m.fan + noise.gaussian() * 40).rounded()
                return StatusSample(
                    minerID: m.id, time: time, state: .mining,
                    hashrateRealtime: HashRate(gigahertzPrecision(m.hashrate * (1 + noise.gaussian() * 0.02))),
                    hashrateAverage: HashRate(gigahertzPrecision(m.hashrate * (1 + noise.gaussian() * 0.003))),
                    power: Watts((m.power * (1 + noise.gaussian() * (m.measuresPower ? 0.01 : 0.002))).rounded()),
                    powerMeasured: m.measuresPower, powerTarget: m.measuresPower ? Watts(m.power.rounded()) : nil,
                    boardTempMin: Celsius((m.boardTemp - 3 + noise.gaussian()).rounded()),
                    boardTempMax: Celsius((m.boardTemp + noise.gaussian()).rounded()),
                    chipTempMin: Celsius((m.chipTemp - 4 + noise.gaussian()).rounded()),
                    chipTempMax: Celsius((m.chipTemp + noise.gaussian()).rounded()),
                    fanMin: RPM(fanMin), fanMax: RPM(fanMin + (120 + noise.unit() * 240).rounded()), poolsAlive: 3,
                    accepted: m.accepted, rejected: m.rejected, uptimeSeconds: 86_400 * 3 + minute * 60)
            }
        }

        /// One telemetry cycle: boards (and chips, for miners whose firmware reports them).
        mutating func telemetry(at time: UnixMillis) -> [TelemetrySample] {
            miners.indices.compactMap { i in
                guard !miners[i].hung else { return nil }
                miners[i].hardwareErrors += Int(noise.unit() * 30)
                let m = miners[i]
                let boardRate = m.hashrate / Double(boards)
                let snapshots = (0..<boards).map { board in
                    let chips = m.reportsChips ? (0..<m.chipsPerBoard).map { chip(m, board: board, index: $0) } : []
                    return BoardSnapshot(
                        index: board, hashrate: HashRate(gigahertzPrecision(boardRate * (1 + noise.gaussian() * 0.02))),
                        frequency: Megahertz((520 + noise.gaussian() * 5).rounded()),
                        voltage: Volts(((13.4 + noise.gaussian() * 0.05) * 100).rounded() / 100),
                        power: m.measuresPower ? Watts((m.power / Double(boards)).rounded()) : nil,
                        boardTempMax: Celsius((m.boardTemp + noise.gaussian()).rounded()),
                        chipTempMax: Celsius((m.chipTemp + noise.gaussian()).rounded()), chipsExpected: m.chipsPerBoard,
                        chipsWorking: noise.unit() < 0.02 ? m.chipsPerBoard - 1 : m.chipsPerBoard,
                        hardwareErrors: m.hardwareErrors / boards, serial: m.serials[board], chips: chips)
                }
                return TelemetrySample(minerID: m.id, time: time, boards: snapshots)
            }
        }

        private mutating func chip(_ m: Miner, board: Int, index: Int) -> ChipReading {
            let rate = m.hashrate / Double(boards * m.chipsPerBoard)
            return ChipReading(
                index: index + 1, hashrate: HashRate(gigahertzPrecision(rate * (1 + noise.gaussian() * 0.05))),
                temperature: Celsius((m.chipTemp - 6 + noise.unit() * 12).rounded()),
                frequency: Megahertz(Double(490 + 5 * Int(noise.unit() * 14))),
                voltage: Volts(Double(Int(1280 + noise.unit() * 60)) / 1000), errors: Int(noise.unit() * 40))
        }

        /// A hash rate as firmware reports it: GH/s with two decimals.
        private func gigahertzPrecision(_ hashesPerSecond: Double) -> Double {
            (hashesPerSecond / 1e7).rounded() * 1e7
        }
    }
}
