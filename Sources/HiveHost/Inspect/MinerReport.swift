public import HiveProtocols

/// One miner as `powerhive probe` and `powerhive scan` print it.
public struct MinerReport: Sendable {
    /// The address.
    public var ip: String
    /// The identification.
    public var match: DriverMatch
    /// Identity, if it could be read.
    public var identity: MinerIdentity?
    /// Status, if it could be read.
    public var status: MinerStatus?
    /// Boards, if telemetry was read.
    public var boards: [BoardTelemetry]?
    /// Read failures.
    public var errors: [String] = []

    /// Creates a report.
    public init(ip: String, match: DriverMatch) {
        self.ip = ip
        self.match = match
    }

    /// The stable JSON shape scripts rely on; unknown values are `null`, never invented.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "ip": .string(ip),
            "driver": .string(match.driver.rawValue),
            "make": Self.text(identity?.make),
            "model": Self.text(identity?.model ?? match.model),
            "firmware": Self.text(identity?.firmware),
            "firmware_version": Self.text(identity?.firmwareVersion ?? match.firmwareVersion),
            "mac": Self.text(identity?.mac),
            "serial": Self.text(identity?.serial),
            "hostname": Self.text(identity?.hostname),
            "state": Self.text(status?.state.rawValue),
            "hashrate_ths": Self.number(
                status.flatMap { $0.hashrateRealtime ?? $0.hashrateAverage }?.terahashesPerSecond),
            "power_w": Self.number(status?.power?.value),
            "power_measured": status?.power == nil ? .null : .bool(status?.powerSource == .measured),
            "power_target_w": Self.number(status?.powerTarget?.value),
            "errors": .array(errors.map(JSONValue.string)),
        ]
        if let boards {
            object["boards"] = .array(
                boards.map { board in
                    let chipTemps = board.chipTemps.isEmpty ? board.chips.compactMap(\.temperature) : board.chipTemps
                    return .object([
                        "index": .number(Double(board.index)),
                        "hashrate_ths": Self.number(board.hashrate?.terahashesPerSecond),
                        "chips_expected": Self.number(board.chipsExpected.map(Double.init)),
                        "chips_working": Self.number(board.chipsWorking.map(Double.init)),
                        "board_temp_c": Self.number(board.boardTemps.max()?.value),
                        "chip_temp_c": Self.number(chipTemps.max()?.value),
                    ])
                })
        }
        return .object(object)
    }

    /// One table row: IP, MAC, make, model, firmware, driver, hashrate, power.
    public var row: [String] {
        let hashrate = (status?.hashrateRealtime ?? status?.hashrateAverage).map { $0.description } ?? "–"
        let power = status?.power.map { "\($0)\(status?.powerSource == .estimated ? " (est.)" : "")" } ?? "–"
        return [
            ip, identity?.mac ?? "–", identity?.make ?? "–", identity?.model ?? match.model ?? "–",
            [identity?.firmware, identity?.firmwareVersion ?? match.firmwareVersion].compactMap { $0 }
                .joined(separator: " "),
            match.driver.rawValue, hashrate, power,
        ]
    }

    static func text(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }
    static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number((value * 1000).rounded() / 1000)
    }
}
