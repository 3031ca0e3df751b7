public import HiveProtocols

/// The LuxOS profile ladder a simulated miner offers: `default` (the EEPROM nameplate) and the
/// 25 MHz steps LuxOS generates below and above it.
public struct LuxOSProfileLadder: Sendable, Hashable {
    /// One profile, as `profiles` lists it.
    public struct Profile: Sendable, Hashable {
        /// `Profile Name`.
        public var name: String
        /// `Step` relative to `default` (negative: underclock; positive: overclock).
        public var step: Int
        /// Chip frequency in MHz.
        public var frequency: Double
        /// Board voltage in volts.
        public var voltage: Double
        /// Estimated hash rate (TH/s).
        public var terahashes: Double
        /// Estimated power (W).
        public var watts: Int
        /// `IsTuned`: LuxOS's AutoTuner has refined it on this machine.
        public var isTuned: Bool
    }

    /// The profiles, lowest first (as LuxOS lists them).
    public var profiles: [Profile]

    /// The profile with this name.
    public func profile(_ name: String) -> Profile? { profiles.first { $0.name == name } }

    /// The setting a profile runs: its estimated power and hash rate, its clock and voltage.
    public func setting(_ profile: Profile) -> PowerSetting {
        PowerSetting(
            name: profile.name, power: Watts(Double(profile.watts)), hashrate: .terahashes(profile.terahashes),
            frequency: profile.frequency, voltage: profile.voltage * 1000)
    }

    /// The Antminer S19k Pro ladder recorded in `luxos/v1/cgminer__profiles.json` (LUXminer
    /// 2025.4.8): frequency, voltage, hash rate, watts and `IsTuned` as recorded.
    public static let s19kPro = LuxOSProfileLadder(
        profiles: [
            (-16, 190, 11.88, 39.2, 784), (-15, 215, 11.88, 44.4, 879), (-14, 240, 11.88, 49.5, 978),
            (-13, 265, 11.88, 54.7, 1080), (-12, 290, 11.88, 59.8, 1188), (-11, 315, 11.88, 65.0, 1299),
            (-10, 340, 12.0, 70.2, 1414), (-9, 365, 12.15, 75.3, 1533), (-8, 390, 12.3, 80.5, 1657),
            (-7, 415, 12.45, 85.7, 1785), (-6, 440, 12.6, 90.8, 1916), (-5, 465, 12.75, 96.0, 2052),
            (-4, 490, 12.9, 101.1, 2192), (-3, 515, 13.05, 106.3, 2336), (-2, 540, 13.2, 111.5, 2485),
            (-1, 565, 13.35, 116.6, 2637), (0, 590, 13.5, 121.8, 2794), (1, 615, 13.65, 127.0, 2954),
            (2, 640, 13.8, 132.1, 3119), (3, 665, 13.95, 137.3, 3288), (4, 690, 14.1, 142.4, 3461),
            (5, 715, 14.25, 147.6, 3638), (6, 740, 14.4, 152.8, 3820), (7, 765, 14.55, 157.9, 4005),
            (8, 790, 14.7, 163.1, 4195),
        ].map { step, frequency, voltage, terahashes, watts in
            Profile(
                name: step == 0 ? "default" : "\(frequency)MHz", step: step, frequency: Double(frequency),
                voltage: voltage, terahashes: terahashes, watts: watts, isTuned: frequency == 290)
        })
}
