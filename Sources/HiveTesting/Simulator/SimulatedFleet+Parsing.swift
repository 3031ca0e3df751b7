public import HiveProtocols

extension SimulatedFleet.Configuration {
    /// Parses a mix such as `antminer-stock:40,vnish:30` into weights.
    ///
    /// Whether the ids name known personalities is checked by ``validate()``.
    public static func parse(mix text: String) throws(SimulatorError) -> [DriverID: Int] {
        var mix: [DriverID: Int] = [:]
        for entry in try entries(text, what: "mix") {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].trimmingSpaces.isEmpty else {
                throw .invalid("mix entry '\(entry)' is not <personality>:<weight>, e.g. antminer-stock:40")
            }
            let id = DriverID(parts[0].trimmingSpaces)
            guard let weight = Int(parts[1].trimmingSpaces), weight >= 0 else {
                throw .invalid("mix weight '\(parts[1])' for \(id) is not a whole number ≥ 0")
            }
            guard mix[id] == nil else { throw .invalid("mix names \(id) twice") }
            mix[id] = weight
        }
        guard mix.values.contains(where: { $0 > 0 }) else { throw .invalid("mix '\(text)' has no positive weight") }
        return mix
    }

    /// Parses faults such as `hung:1%,slow:2%,garbage:0.01` into fractions (`%` means percent;
    /// a bare number is a fraction between 0 and 1).
    public static func parse(faults text: String) throws(SimulatorError) -> [FaultKind: Double] {
        var faults: [FaultKind: Double] = [:]
        for entry in try entries(text, what: "faults") {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw .invalid("fault entry '\(entry)' is not <kind>:<share>, e.g. hung:1%") }
            let name = parts[0].trimmingSpaces.lowercased()
            guard let kind = FaultKind(rawValue: name) else {
                let known = FaultKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalid("unknown fault '\(name)' (known: \(known))")
            }
            var share = parts[1].trimmingSpaces
            let percent = share.hasSuffix("%")
            if percent { share.removeLast() }
            guard let number = Double(share.trimmingSpaces), number.isFinite else {
                throw .invalid("fault share '\(parts[1])' for \(kind) is not a number")
            }
            let fraction = percent ? number / 100 : number
            guard (0...1).contains(fraction) else {
                throw .invalid("fault share '\(parts[1])' for \(kind) is not between 0 and 100%")
            }
            guard faults[kind] == nil else { throw .invalid("faults name \(kind) twice") }
            faults[kind] = fraction
        }
        return faults
    }

    /// Parses a latency range such as `5-40ms`, `0.1-2s` or `20ms` (a single value).
    public static func parse(latency text: String) throws(SimulatorError) -> ClosedRange<Duration> {
        let trimmed = text.trimmingSpaces.lowercased()
        var number = trimmed
        var scale = 0.001
        if number.hasSuffix("ms") {
            number.removeLast(2)
        } else if number.hasSuffix("s") {
            number.removeLast()
            scale = 1
        } else {
            throw .invalid("latency '\(text)' needs a unit: ms or s (e.g. 5-40ms)")
        }
        let bounds = number.split(separator: "-", omittingEmptySubsequences: false).map { Double($0.trimmingSpaces) }
        guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil,
            low.isFinite, high.isFinite, low >= 0, low <= high
        else { throw .invalid("latency '\(text)' is not <low>-<high><unit> with 0 ≤ low ≤ high") }
        return .seconds(low * scale) ... .seconds(high * scale)
    }

    /// Parses one duration such as `500ms`, `5s`, `2m` or `1h`.
    public static func parse(duration text: String) throws(SimulatorError) -> Duration {
        var number = text.trimmingSpaces.lowercased()
        var scale: Double
        if number.hasSuffix("ms") {
            number.removeLast(2)
            scale = 0.001
        } else {
            switch number.last {
            case "s": scale = 1
            case "m": scale = 60
            case "h": scale = 3600
            default: throw .invalid("duration '\(text)' needs a unit: ms, s, m or h (e.g. 5s)")
            }
            number.removeLast()
        }
        guard let value = Double(number.trimmingSpaces), value.isFinite, value >= 0 else {
            throw .invalid("duration '\(text)' is not a number ≥ 0 with a unit (e.g. 5s)")
        }
        return .seconds(value * scale)
    }

    private static func entries(_ text: String, what: String) throws(SimulatorError) -> [String] {
        let entries = text.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        guard !entries.isEmpty else { throw .invalid("\(what) '\(text)' is empty") }
        return entries
    }
}
