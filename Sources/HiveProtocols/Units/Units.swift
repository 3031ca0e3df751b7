import Foundation

/// A physical quantity stored as a `Double` in its base unit.
///
/// Every unit type in PowerHive conforms, so that values crossing module boundaries carry their
/// unit in the type system rather than in a variable name.
public protocol PhysicalQuantity: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The value in the type's base unit.
    var value: Double { get }
    /// Creates a quantity from a value in the type's base unit.
    init(_ value: Double)
}

extension PhysicalQuantity {
    /// Orders two quantities by their base-unit value.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
    /// Adds two quantities.
    public static func + (lhs: Self, rhs: Self) -> Self { Self(lhs.value + rhs.value) }
    /// Subtracts two quantities.
    public static func - (lhs: Self, rhs: Self) -> Self { Self(lhs.value - rhs.value) }
    /// Scales a quantity.
    public static func * (lhs: Self, rhs: Double) -> Self { Self(lhs.value * rhs) }
    /// Zero in the base unit.
    public static var zero: Self { Self(0) }
    /// Creates a quantity only when `value` is a finite number.
    public static func finite(_ value: Double?) -> Self? {
        guard let value, value.isFinite else { return nil }
        return Self(value)
    }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(Double.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

/// Electrical power in watts.
public struct Watts: PhysicalQuantity {
    /// Watts.
    public var value: Double
    /// Creates a power from watts.
    public init(_ value: Double) { self.value = value }
    /// Creates a power from kilowatts.
    public static func kilowatts(_ kw: Double) -> Watts { Watts(kw * 1000) }
    /// The power in kilowatts.
    public var kilowatts: Double { value / 1000 }
    public var description: String { "\(Self.format(value, digits: 0)) W" }
}

/// A hash rate, stored in hashes per second and shown in TH/s.
public struct HashRate: PhysicalQuantity {
    /// Hashes per second.
    public var value: Double
    /// Creates a hash rate from hashes per second.
    public init(_ value: Double) { self.value = value }
    /// Hashes per second.
    public var hashesPerSecond: Double { value }
    /// Terahashes per second.
    public var terahashesPerSecond: Double { value / 1e12 }
    /// Gigahashes per second.
    public var gigahashesPerSecond: Double { value / 1e9 }
    /// Creates a hash rate from TH/s.
    public static func terahashes(_ v: Double) -> HashRate { HashRate(v * 1e12) }
    /// Creates a hash rate from GH/s.
    public static func gigahashes(_ v: Double) -> HashRate { HashRate(v * 1e9) }
    /// Creates a hash rate from MH/s.
    public static func megahashes(_ v: Double) -> HashRate { HashRate(v * 1e6) }

    /// Creates a hash rate from a value in a unit named the way firmwares name them
    /// ("H/s", "KH/s", "MH/s", "GH/s", "TH/s", "PH/s", also without "/s" and case-insensitive).
    /// Returns `nil` for an unknown unit or a non-finite value, so a wrong unit is never guessed.
    public static func parse(_ value: Double, unit: String) -> HashRate? {
        guard value.isFinite else { return nil }
        let u = unit.trimmingCharacters(in: .whitespaces).uppercased().replacingOccurrences(of: "/S", with: "")
        let factor: Double
        switch u {
        case "H": factor = 1
        case "KH": factor = 1e3
        case "MH": factor = 1e6
        case "GH": factor = 1e9
        case "TH": factor = 1e12
        case "PH": factor = 1e15
        default: return nil
        }
        return HashRate(value * factor)
    }

    public var description: String { "\(Self.format(terahashesPerSecond, digits: 2)) TH/s" }
}

/// A temperature in degrees Celsius.
public struct Celsius: PhysicalQuantity {
    /// Degrees Celsius.
    public var value: Double
    /// Creates a temperature from degrees Celsius.
    public init(_ value: Double) { self.value = value }
    public var description: String { "\(Self.format(value, digits: 1)) °C" }
}

/// A rotational speed in revolutions per minute.
public struct RPM: PhysicalQuantity {
    /// Revolutions per minute.
    public var value: Double
    /// Creates a speed from revolutions per minute.
    public init(_ value: Double) { self.value = value }
    public var description: String { "\(Self.format(value, digits: 0)) rpm" }
}

/// A frequency in megahertz.
public struct Megahertz: PhysicalQuantity {
    /// Megahertz.
    public var value: Double
    /// Creates a frequency from megahertz.
    public init(_ value: Double) { self.value = value }
    public var description: String { "\(Self.format(value, digits: 1)) MHz" }
}

/// A voltage in volts.
public struct Volts: PhysicalQuantity {
    /// Volts.
    public var value: Double
    /// Creates a voltage from volts.
    public init(_ value: Double) { self.value = value }
    /// Creates a voltage from millivolts.
    public static func millivolts(_ mv: Double) -> Volts { Volts(mv / 1000) }
    public var description: String { "\(Self.format(value, digits: 2)) V" }
}

extension PhysicalQuantity {
    static func format(_ v: Double, digits: Int) -> String {
        guard v.isFinite else { return "–" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (v * scale).rounded() / scale
        if digits == 0 { return String(Int(rounded)) }
        var s = String(rounded)
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: s.index(after: dot), to: s.endIndex)
            if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
        }
        return s
    }
}
