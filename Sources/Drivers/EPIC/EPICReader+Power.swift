import HiveProtocols

extension EPICReader {
    /// Seconds PowerPlay's perpetual tuner takes to bring power to a new target.
    static let settleSeconds = 300

    /// The names PowerPlay gives its watt-targeting algorithm: `PowerTune` (1.38) and `Power`
    /// (1.22–1.30), per the vendor's OpenAPI documents.
    static let powerAlgorithms: Set<String> = ["PowerTune", "Power"]

    /// The power algorithm `/capabilities` offers under `PerpetualTune`: its name and watt range.
    static func powerAlgorithm(_ capabilities: JSONValue) -> (name: String, min: Watts, max: Watts)? {
        for option in capabilities["PerpetualTune"]?.array ?? [] {
            guard let name = text(option["algorithm"]), powerAlgorithms.contains(name),
                let min = option["min"]?.double, let max = option["max"]?.double, min <= max
            else { continue }
            return (name, Watts(min), Watts(max))
        }
        return nil
    }

    /// The stats of the algorithm the summary's tuner runs (`PerpetualTune.Algorithm` holds the
    /// active one), when it is a power algorithm.
    static func powerStats(_ summary: JSONValue) -> (name: String, stats: JSONValue)? {
        let algorithms = summary["PerpetualTune"]?["Algorithm"]?.object ?? [:]
        guard let name = algorithms.keys.sorted().first(where: powerAlgorithms.contains), let stats = algorithms[name]
        else { return nil }
        return (name, stats)
    }

    /// The power target in watts, when the tuner runs a power algorithm.
    static func powerTarget(_ summary: JSONValue) -> Watts? {
        guard summary["PerpetualTune"]?["Running"]?.bool == true, let stats = powerStats(summary)?.stats else {
            return nil
        }
        return stats["Target"]?.double.map(Watts.init)
    }

    /// Power control from `/capabilities` and `/summary`: a continuous watt target in the
    /// power algorithm's range, or `.none` when the firmware offers only hash-rate targets.
    static func powerControl(capabilities: JSONValue, summary: JSONValue) -> PowerControl {
        let mechanism: PowerControl.Mechanism =
            powerAlgorithm(capabilities).map { .continuous(min: $0.min, max: $0.max, step: Watts(1)) } ?? .none
        let asleep = state(operatingState(summary)) == .sleeping
        return PowerControl(
            mechanism: mechanism, current: asleep ? .sleeping : powerTarget(summary).map(PowerControl.Setting.watts),
            canSleep: true, settleSeconds: settleSeconds)
    }
}
