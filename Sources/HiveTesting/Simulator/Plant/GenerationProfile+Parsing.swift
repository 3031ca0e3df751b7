extension GenerationProfile {
    /// Parses a profile as an operator types it (values in kW):
    ///
    /// - `constant:5000`
    /// - `walk:3000-3600` (a seeded random walk inside the bounds, starting in the middle,
    ///   moving by up to 5 % of the span every minute)
    /// - `ramp:3000-6000:10m` (from the first value to the second over the duration, from the
    ///   start; durations in `s`, `m` or `h`)
    /// - `steps:5000,3000@5m,4500@20m` (the first value, then each `value@time` from that time)
    public static func parse(_ text: String, seed: UInt64 = 1) throws(SimulatorError) -> GenerationProfile {
        let trimmed = text.trimmingSpaces.lowercased()
        let parts = trimmed.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else {
            throw .invalid(
                "plant profile '\(text)' is not <kind>:<values> (constant:5000, walk:3000-3600, ramp:3000-6000:10m, "
                    + "steps:5000,3000@5m)")
        }
        let values = parts[1]
        switch parts[0] {
        case "constant":
            return .constant(kilowatts: try kilowatts(values, in: text))
        case "walk":
            let (low, high) = try bounds(values, in: text)
            return .randomWalk(
                start: (low + high) / 2, range: low...high, step: (high - low) * 0.05, interval: .seconds(60),
                seed: seed)
        case "ramp":
            let fields = values.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 2 else {
                throw .invalid("plant profile '\(text)' is not ramp:<from>-<to>:<duration>")
            }
            let (from, to) = try bounds(fields[0], in: text, ordered: false)
            return .ramp(from: from, to: to, start: .zero, duration: try duration(fields[1], in: text))
        case "steps":
            let fields = values.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let initial = try kilowatts(fields[0], in: text)
            var steps: [Step] = []
            for field in fields.dropFirst() {
                let pair = field.split(separator: "@", omittingEmptySubsequences: false).map(String.init)
                guard pair.count == 2 else {
                    throw .invalid("plant profile step '\(field)' in '\(text)' is not <kW>@<time>, e.g. 3000@5m")
                }
                steps.append(Step(at: try duration(pair[1], in: text), kilowatts: try kilowatts(pair[0], in: text)))
            }
            return .steps(initial: initial, steps)
        default:
            throw .invalid("unknown plant profile kind '\(parts[0])' in '\(text)' (known: constant, walk, ramp, steps)")
        }
    }

    private static func kilowatts(_ text: String, in whole: String) throws(SimulatorError) -> Double {
        guard let value = Double(text.trimmingSpaces), value.isFinite, value >= 0 else {
            throw .invalid("plant profile value '\(text)' in '\(whole)' is not a number of kW ≥ 0")
        }
        return value
    }

    private static func bounds(
        _ text: String, in whole: String, ordered: Bool = true
    ) throws(SimulatorError) -> (Double, Double) {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 2 else {
            throw .invalid("plant profile range '\(text)' in '\(whole)' is not <low>-<high>")
        }
        let low = try kilowatts(fields[0], in: whole)
        let high = try kilowatts(fields[1], in: whole)
        if ordered, low > high { throw .invalid("plant profile range '\(text)' in '\(whole)' has low above high") }
        return (low, high)
    }

    private static func duration(_ text: String, in whole: String) throws(SimulatorError) -> Duration {
        var number = text.trimmingSpaces
        let scale: Double
        switch number.last {
        case "s": scale = 1
        case "m": scale = 60
        case "h": scale = 3600
        default: throw .invalid("plant profile time '\(text)' in '\(whole)' needs a unit: s, m or h (e.g. 10m)")
        }
        number.removeLast()
        guard let value = Double(number), value.isFinite, value >= 0 else {
            throw .invalid("plant profile time '\(text)' in '\(whole)' is not a number ≥ 0")
        }
        return .seconds(value * scale)
    }
}
