/// What a driver can do for a miner, so the host never calls something that would only fail.
public struct Capabilities: OptionSet, Sendable, Hashable, Codable {
    /// The raw bits.
    public var rawValue: UInt32
    /// Creates a set from raw bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Continuous power target in watts.
    public static let powerTarget = Capabilities(rawValue: 1 << 0)
    /// Named preset ladder.
    public static let presets = Capabilities(rawValue: 1 << 1)
    /// Coarse modes (normal / low / high).
    public static let modes = Capabilities(rawValue: 1 << 2)
    /// Sleep and wake.
    public static let sleep = Capabilities(rawValue: 1 << 3)
    /// Reboot.
    public static let reboot = Capabilities(rawValue: 1 << 4)
    /// Locate (fault light).
    public static let locate = Capabilities(rawValue: 1 << 5)
    /// Per-board telemetry.
    public static let boardTelemetry = Capabilities(rawValue: 1 << 6)
    /// Per-chip telemetry.
    public static let chipTelemetry = Capabilities(rawValue: 1 << 7)
    /// Measured power (not estimated).
    public static let measuredPower = Capabilities(rawValue: 1 << 8)

    /// Names, for display and JSON output.
    public var names: [String] {
        let all: [(Capabilities, String)] = [
            (.powerTarget, "power_target"), (.presets, "presets"), (.modes, "modes"), (.sleep, "sleep"),
            (.reboot, "reboot"), (.locate, "locate"), (.boardTelemetry, "board_telemetry"),
            (.chipTelemetry, "chip_telemetry"), (.measuredPower, "measured_power"),
        ]
        return all.filter { contains($0.0) }.map(\.1)
    }
}
