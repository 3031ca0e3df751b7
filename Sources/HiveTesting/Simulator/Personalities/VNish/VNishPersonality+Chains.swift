/// `/api/v1/chains`: per-board and per-chip readings, in the shape of
/// `vnish/1.2.6-s19/http__api_v1_chains.json`.
extension VNishPersonality {
    func chains(_ live: LiveReading) -> WireJSON {
        let word = Self.stateWord(live.activity)
        let bucket = UInt64(max(0, Int64(live.time.seconds / 5)))
        return .array(
            live.chains.map { chain in
                let sensors = (0..<4).map { sensor -> WireJSON in
                    [
                        "state": "measure", "board": .int(chain.boardTemps[sensor]),
                        "chip": .int(chain.chipTemps[sensor]),
                        "loc": .int([17, 60, 38, 39][sensor]),
                    ]
                }
                let perChip = chain.chips > 0 ? chain.rate / Double(chain.chips) : 0
                let domains = Double(max(1, chain.chips / max(1, miner.model.chipsPerDomain)))
                let chipVolts = Int((chain.voltage / domains).rounded())
                let hottest = Double(chain.chipTemps.max() ?? 0)
                let chips = (0..<chain.chips).map { chip -> WireJSON in
                    let noise = SeededNoise.signed(miner.seed, bucket, 0xC41, UInt64(chain.index * 1000 + chip))
                    let rate = live.isHashing ? perChip * (1 + 0.05 * noise) : 0
                    return [
                        "id": .int(chip + 1), "hr": .number(Self.round(rate, 2)), "freq": .int(Int(chain.frequency)),
                        "volt": .int(live.isHashing ? chipVolts : 0),
                        "temp": .fixed(hottest - 6 + 4 * noise, digits: 1),
                        "errs": .int(live.isHashing ? Int(SeededNoise.unit(miner.seed, 0xE44, UInt64(chip)) * 3) : 0),
                        "grade": .string(rate > 0 ? "green" : "red"), "throttled": false,
                    ]
                }
                return [
                    "id": .int(chain.index + 1), "status": ["state": .string(word)],
                    "hr_realtime": .number(Self.round(chain.rate, 3)),
                    "hr_nominal": .number(Self.round(chain.ideal, 1)),
                    "freq": .fixed(chain.frequency, digits: 1), "sensors": .array(sensors), "chips": .array(chips),
                ]
            })
    }
}
