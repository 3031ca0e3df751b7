import HiveProtocols

extension BitaxeDriver {
    /// Wait between a write and its read-back.
    static let readBackDelay: Duration = .seconds(3)

    /// `GET /api/system/info`, parsed tolerantly.
    func info() async throws -> JSONValue {
        let response = try await context.http.send(Self.infoRequest)
        guard response.isSuccess else {
            throw DriverError(
                .unexpectedResponse, "HTTP \(response.status)", request: Self.infoRequest.summary,
                response: response.text)
        }
        do {
            return try TolerantJSONReader.parse(response.body)
        } catch {
            throw DriverError(
                .unexpectedResponse, "reply is not JSON", request: Self.infoRequest.summary, response: response.text,
                underlying: error)
        }
    }

    /// The preset name of a frequency: whole MHz ("490").
    static func presetName(_ megahertz: Double) -> String {
        String(Int(megahertz.rounded()))
    }

    /// The frequency ladder of the board's ASIC (plus the set frequency when it is a custom
    /// one), lowest first, each with ESP-Miner's expected hash rate and no watts.
    static func presets(_ info: JSONValue) -> [PowerPreset] {
        let asic = BitaxeASIC.named(info["ASICModel"]?.string)
        var frequencies = asic?.frequencies ?? []
        if let current = info["frequency"]?.double.map({ Int($0.rounded()) }), !frequencies.contains(current) {
            frequencies.append(current)
        }
        let cores = info["smallCoreCount"]?.double
        let chips = info["asicCount"]?.double ?? 1
        return frequencies.sorted().map { frequency in
            let custom = asic?.frequencies.contains(frequency) != true
            return PowerPreset(
                name: String(frequency), label: "\(frequency) MHz" + (custom ? " (custom)" : ""),
                hashrate: cores.map { .gigahashes(Double(frequency) * $0 * chips / 1000) },
                isStock: frequency == asic?.defaultFrequency)
        }
    }

    /// The frequency ladder, the set frequency (or paused), no watts anywhere.
    static func powerControl(_ info: JSONValue, canSleep: Bool) -> PowerControl {
        let paused = info["miningPaused"]?.bool == true
        let current = info["frequency"]?.double.map { PowerControl.Setting.preset(presetName($0)) }
        return PowerControl(
            mechanism: .presets(presets(info)), current: paused ? .sleeping : current, canSleep: canSleep,
            settleSeconds: settleSeconds)
    }

    /// Carries out one command (capabilities already checked).
    func perform(_ command: MinerCommand) async throws -> CommandOutcome {
        switch command {
        case .selectPreset(let name): try await setFrequency(name)
        case .sleep: try await pause(true)
        case .wake: try await pause(false)
        case .reboot: try await restart()
        case .setPowerTarget, .setMode, .locate:
            throw DriverError(.unsupported, "\(command) is not supported by AxeOS")
        }
    }

    /// `PATCH /api/system {"frequency": N}` for a frequency of the ladder, read back from
    /// `info.frequency`; nothing is sent when it is already set or not on the ladder.
    func setFrequency(_ name: String) async throws -> CommandOutcome {
        let before = try await info()
        guard let wanted = Int(name), Self.presets(before).contains(where: { $0.name == name }) else {
            let names = Self.presets(before).map(\.name).joined(separator: ", ")
            return CommandOutcome(
                result: .rejected, detail: "\(name) MHz is not a frequency this Bitaxe offers (\(names))")
        }
        if before["frequency"]?.double.map(Self.presetName) == name { return .verified("frequency \(name) MHz") }
        let request = HTTPRequest.json("PATCH", "/api/system", body: ["frequency": .number(Double(wanted))])
        let response = try await context.http.send(request)
        guard response.isSuccess else {
            return CommandOutcome(result: .rejected, detail: "HTTP \(response.status): \(response.text.prefix(120))")
        }
        try await context.sleep(Self.readBackDelay)
        let after = try await info()
        let readBack = after["frequency"]?.double.map(Self.presetName)
        let words = readBack.map { "frequency \($0) MHz" }
        guard readBack == name else {
            return CommandOutcome(
                result: .notApplied, readBack: words,
                detail: "AxeOS accepted \(name) MHz but reports \(readBack ?? "none")")
        }
        return .verified(words)
    }

    /// `POST /api/system/pause` / `resume`, read back as `miningPaused`.
    func pause(_ paused: Bool) async throws -> CommandOutcome {
        let words = paused ? "paused" : "mining"
        if (try await info())["miningPaused"]?.bool == paused { return .verified(words) }
        let response = try await context.http.send(
            HTTPRequest(method: "POST", path: paused ? "/api/system/pause" : "/api/system/resume"))
        guard response.isSuccess else {
            return CommandOutcome(result: .rejected, detail: "HTTP \(response.status): \(response.text.prefix(120))")
        }
        try await context.sleep(Self.readBackDelay)
        let after = try await info()
        guard let state = after["miningPaused"]?.bool else {
            return CommandOutcome(result: .notApplied, detail: "AxeOS reports no miningPaused")
        }
        return state == paused
            ? .verified(words) : CommandOutcome(result: .notApplied, readBack: state ? "paused" : "mining")
    }

    /// `POST /api/system/restart`; AxeOS answers, then restarts a second later.
    func restart() async throws -> CommandOutcome {
        let response = try await context.http.send(HTTPRequest(method: "POST", path: "/api/system/restart"))
        guard response.isSuccess else {
            return CommandOutcome(result: .rejected, detail: "HTTP \(response.status): \(response.text.prefix(120))")
        }
        return CommandOutcome(
            result: .pending, detail: "AxeOS is restarting", settleSeconds: Self.restartSettleSeconds)
    }
}
