public import HiveProtocols

/// The unit of the plant API's power figures.
///
/// The live energy aggregator names its fields `*_mw` / `value_mw` but fills them with
/// **kilowatts** (a ≈5.9 MW hydro plant reports `generation_mw: 5886.015`); the project's old
/// test server really put megawatts there. The unit is therefore configuration
/// (`plant.unit`), never guessed from a field name, and defaults to kW.
public enum PlantUnit: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Watts.
    case watts = "W"
    /// Kilowatts (the live service, whatever its field names say).
    case kilowatts = "kW"
    /// Megawatts (the old test server).
    case megawatts = "MW"

    /// Parses the configuration spelling (`W`, `kW`, `MW`, compared case-sensitively for `MW`
    /// vs `mW` safety; `kw` and `KW` are accepted as kilowatts). `nil` for anything else.
    public init?(configValue: String) {
        switch configValue.trimmingCharacters(in: .whitespaces) {
        case "W", "w": self = .watts
        case "kW", "kw", "KW": self = .kilowatts
        case "MW": self = .megawatts
        default: return nil
        }
    }

    /// Watts per unit.
    public var wattsPerUnit: Double {
        switch self {
        case .watts: 1
        case .kilowatts: 1_000
        case .megawatts: 1_000_000
        }
    }

    /// A figure in this unit as ``Watts``; `nil` for a non-finite number.
    public func watts(_ value: Double) -> Watts? {
        guard value.isFinite else { return nil }
        return Watts(value * wattsPerUnit)
    }

    /// The configuration spelling.
    public var description: String { rawValue }
}
