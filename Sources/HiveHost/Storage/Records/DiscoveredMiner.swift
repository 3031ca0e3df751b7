import Foundation
public import HiveProtocols

/// What discovery found at an address: who answered and which driver speaks to it. The input
/// to ``FleetStore/upsert(discovered:)``.
public struct DiscoveredMiner: Sendable, Hashable {
    /// The address that answered.
    public var ip: String
    /// The driver that identified it.
    public var driver: DriverID
    /// Identity as reported (MAC, serial, make, model, firmware...).
    public var identity: MinerIdentity
    /// When it answered.
    public var seenAt: UnixMillis

    /// Creates a discovery result.
    public init(ip: String, driver: DriverID, identity: MinerIdentity, seenAt: UnixMillis) {
        self.ip = ip
        self.driver = driver
        self.identity = identity
        self.seenAt = seenAt
    }

    /// The MAC normalised, or `nil` when absent or not a MAC.
    var normalizedMAC: String? { identity.mac.flatMap(MinerIdentity.normalizeMAC) }

    /// The serial trimmed, or `nil` when absent or blank.
    var normalizedSerial: String? { DiscoveredMiner.clean(identity.serial) }

    /// Trims a reported string; blank becomes `nil`.
    static func clean(_ text: String?) -> String? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else {
            return nil
        }
        return trimmed
    }
}
