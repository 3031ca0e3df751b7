import HiveProtocols

extension VNishReader {
    /// Boards from `/api/v1/chains` (rates, frequency, sensors, chips), completed by the
    /// matching `summary.miner.chains[]` entry (voltage in mV, power, hardware errors), matched
    /// by `id`. Boards keep VNish's 1-based ids.
    ///
    /// Chip counts: `chipsExpected` is the length of the `chips` array; `chipsWorking` counts
    /// chips with a hash rate above 0, but is `nil` (and chip hash rates are `nil`) while no
    /// chip on the board reports any hash rate, as right after boot, when VNish has not
    /// measured per-chip rates yet although the board hashes.
    static func telemetry(chains: JSONValue, summary: JSONValue, unit: String) -> [BoardTelemetry] {
        let summaryChains = summary["miner"]?["chains"]?.array ?? []
        return (chains.array ?? []).enumerated().map { position, chain in
            let id = chain["id"]?.int ?? position + 1
            let extra = summaryChains.first { $0["id"]?.int == id } ?? .null
            let chips = chain["chips"]?.array
            let measured = chips?.contains { ($0["hr"]?.double ?? 0) > 0 } ?? false
            let sensors = (chain["sensors"]?.array ?? []).filter {
                $0["state"]?.string.map { $0.lowercased() == "measure" } ?? true
            }
            return BoardTelemetry(
                index: id, hashrate: rate(chain["hr_realtime"] ?? extra["hashrate_rt"], unit),
                hashrateNominal: rate(chain["hr_nominal"] ?? extra["hashrate_ideal"], unit),
                frequency: megahertz(chain["freq"] ?? extra["frequency"]), voltage: millivolts(extra["voltage"]),
                power: Watts.finite(extra["power_consumption"]?.double),
                boardTemps: sensors.compactMap { celsius($0["board"]) },
                chipTemps: sensors.compactMap { celsius($0["chip"]) }, chipsExpected: chips?.count,
                chipsWorking: measured ? chips?.filter { ($0["hr"]?.double ?? 0) > 0 }.count : nil,
                hardwareErrors: extra["hw_errors"]?.int ?? chips.map { $0.compactMap { $0["errs"]?.int }.reduce(0, +) },
                serial: nil, state: nonEmpty(chain["status"]?["state"]?.string ?? extra["status"]?["state"]?.string),
                chips: (chips ?? []).enumerated().map { offset, chip in
                    self.chip(chip, position: offset, measured: measured, unit: unit)
                })
        }
    }

    /// One chip `{id, hr, freq, volt (mV), temp, errs}`.
    static func chip(_ chip: JSONValue, position: Int, measured: Bool, unit: String) -> ChipReading {
        ChipReading(
            index: chip["id"]?.int ?? position + 1, hashrate: measured ? rate(chip["hr"], unit) : nil,
            temperature: celsius(chip["temp"]), frequency: megahertz(chip["freq"]), voltage: millivolts(chip["volt"]),
            errors: chip["errs"]?.int)
    }

    /// A frequency in MHz; 0 gives `nil`.
    static func megahertz(_ value: JSONValue?) -> Megahertz? {
        guard let mhz = value?.double, mhz.isFinite, mhz > 0 else { return nil }
        return Megahertz(mhz)
    }
}
