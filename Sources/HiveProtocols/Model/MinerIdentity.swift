/// Who a miner is: make, model, firmware, and the hardware identifiers that survive an IP change.
public struct MinerIdentity: Sendable, Hashable, Codable {
    /// Manufacturer, e.g. "Bitmain", "MicroBT", "Canaan".
    public var make: String?
    /// Model as the firmware names it, normalised (e.g. "Antminer S19 Pro").
    public var model: String?
    /// Firmware family name, e.g. "Antminer stock", "VNish", "Braiins OS".
    public var firmware: String?
    /// Firmware version as reported (a version number or a build date).
    public var firmwareVersion: String?
    /// MAC address, upper-case, colon-separated (`AA:BB:CC:DD:EE:FF`).
    public var mac: String?
    /// Serial number of the control board or the machine.
    public var serial: String?
    /// Hostname the miner reports.
    public var hostname: String?

    /// Creates an identity.
    public init(
        make: String? = nil, model: String? = nil, firmware: String? = nil, firmwareVersion: String? = nil,
        mac: String? = nil, serial: String? = nil, hostname: String? = nil
    ) {
        self.make = make
        self.model = model
        self.firmware = firmware
        self.firmwareVersion = firmwareVersion
        self.mac = mac.flatMap(MinerIdentity.normalizeMAC)
        self.serial = serial
        self.hostname = hostname
    }

    /// Normalises a MAC address to upper-case colon-separated form; `nil` when it is not one
    /// (also for the all-zero address some firmwares report before the network is up).
    public static func normalizeMAC(_ raw: String) -> String? {
        let hex = raw.uppercased().filter { $0.isHexDigit }
        guard hex.count == 12, hex != "000000000000" else { return nil }
        var parts: [String] = []
        var index = hex.startIndex
        for _ in 0..<6 {
            let next = hex.index(index, offsetBy: 2)
            parts.append(String(hex[index..<next]))
            index = next
        }
        return parts.joined(separator: ":")
    }
}
