public import HiveProtocols
import Logging

extension AntminerStockDriver {
    /// Applies a command and reads back whether it took effect.
    ///
    /// - `setMode(.normal/.low)`, `sleep`, `wake` (to normal): read `get_miner_conf.cgi`; if the
    ///   mode already matches, `verified` without writing. Otherwise POST `set_miner_conf.cgi`
    ///   with the current configuration and `miner-mode` set to the integer code (the key that
    ///   takes effect on recent firmware), read back `bitmain-work-mode`; if unchanged, POST again
    ///   with `bitmain-work-mode` as a string (older firmware) and read back once more. The call
    ///   can take ~20 s; a write that times out is judged by its read-back (`pending` if the
    ///   mode has not changed yet). Success codes with an unchanged read-back → `notApplied`;
    ///   an error reply (`"stats": "error"`) or HTTP error → `rejected`.
    /// - `reboot`: `GET /cgi-bin/reboot.cgi` → `pending`; the miner often drops the connection
    ///   instead of answering, which counts as accepted.
    /// - `locate(on)`: POST `blink.cgi` `{"blink":"true"|"false"}`, then `get_blink_status.cgi`.
    /// - Anything else, or a command outside `capabilities`, throws `.unsupported` before any
    ///   request is sent.
    public func apply(_ command: MinerCommand) async throws -> CommandOutcome {
        try await withErrorContext {
            guard capabilities.contains(command.requiredCapability) else {
                throw DriverError(
                    .unsupported, "\(command) is not supported on \(knownModel?.name ?? "an unidentified model")")
            }
            switch command {
            case .setMode, .sleep, .wake:
                guard let target = AntminerWorkMode(command: command) else {
                    throw DriverError(.unsupported, "\(command) is not a stock Antminer work mode")
                }
                return try await setWorkMode(target)
            case .reboot:
                return try await reboot()
            case .locate(let on):
                return try await locate(on)
            case .setPowerTarget, .selectPreset:
                throw DriverError(.unsupported, "\(command) is not supported by stock Antminer firmware")
            }
        }
    }

    private func setWorkMode(_ target: AntminerWorkMode) async throws -> CommandOutcome {
        let conf = try await cgi("get_miner_conf.cgi")
        if AntminerWorkMode(conf: conf) == target {
            return .verified(target.readBack, detail: "already in \(target.kind.rawValue) mode; nothing sent")
        }
        guard var fields = conf.object else {
            throw DriverError(.unexpectedResponse, "get_miner_conf.cgi is not an object")
        }
        // Values the firmware left empty (`"bitmain-fan-ctrl" : ,`) are not sent back.
        fields = fields.filter { !$0.value.isNull }

        var modern = fields
        modern["bitmain-work-mode"] = nil
        modern["miner-mode"] = .number(Double(target.rawValue))
        var legacy = fields
        legacy["bitmain-work-mode"] = .string(String(target.rawValue))

        var readBack: AntminerWorkMode?
        for (attempt, body) in [modern, legacy].enumerated() {
            do {
                if let rejection = try await writeConf(.object(body)) { return rejection }
            } catch let error as DriverError where error.kind == .timedOut {
                try await context.sleep(.seconds(2))
                readBack = try await readWorkMode()
                if readBack == target { return .verified(target.readBack, detail: "applied (the write timed out)") }
                return CommandOutcome(
                    result: .pending, readBack: readBack?.readBack ?? "mode unknown",
                    detail: "set_miner_conf.cgi timed out; the firmware may still apply it",
                    settleSeconds: Self.settleSeconds)
            }
            try await context.sleep(.seconds(2))
            readBack = try await readWorkMode()
            if readBack == target {
                let key = attempt == 0 ? "miner-mode" : "bitmain-work-mode"
                return .verified(target.readBack, detail: "applied through \(key); hashing settles in about a minute")
            }
            context.logger.debug(
                "set_miner_conf.cgi accepted but the mode did not change", metadata: ["attempt": "\(attempt)"])
        }
        return CommandOutcome(
            result: .notApplied, readBack: readBack?.readBack ?? "mode unknown",
            detail: "set_miner_conf.cgi answered success (miner-mode, then bitmain-work-mode) but get_miner_conf.cgi "
                + "does not report \(target.kind.rawValue) mode")
    }

    /// Posts a configuration; returns a `rejected` outcome for an error reply, `nil` when accepted.
    private func writeConf(_ body: JSONValue) async throws -> CommandOutcome? {
        let response = try await post("set_miner_conf.cgi", body: body)
        if let rejection = Self.rejection(response, endpoint: "set_miner_conf.cgi") { return rejection }
        return nil
    }

    /// A `rejected` outcome for an HTTP error or a `{"stats":"error", "code", "msg"}` reply.
    static func rejection(_ response: HTTPResponse, endpoint: String) -> CommandOutcome? {
        guard response.isSuccess else {
            return CommandOutcome(result: .rejected, detail: "\(endpoint) answered HTTP \(response.status)")
        }
        guard let reply = try? TolerantJSONReader.parse(response.body),
            reply["stats"]?.string?.lowercased() == "error"
        else { return nil }
        let code = reply["code"]?.string ?? "?"
        let message = AntminerFields.text(reply["msg"]).map { " \($0)" } ?? ""
        return CommandOutcome(result: .rejected, detail: "\(endpoint) refused: \(code)\(message)")
    }

    private func reboot() async throws -> CommandOutcome {
        let request = HTTPRequest.get("/cgi-bin/reboot.cgi", auth: .digest(credentials))
        let response: HTTPResponse
        do {
            response = try await context.http.send(request)
        } catch let error as DriverError where error.kind == .timedOut || error.kind == .unexpectedResponse {
            return CommandOutcome(
                result: .pending,
                detail: "the connection dropped after the reboot request, as it does while the miner restarts",
                settleSeconds: Self.rebootSeconds)
        }
        if response.status == 401 { throw Self.authenticationError(request) }
        if let rejection = Self.rejection(response, endpoint: "reboot.cgi") { return rejection }
        return CommandOutcome(result: .pending, detail: "reboot requested", settleSeconds: Self.rebootSeconds)
    }

    /// Seconds a stock Antminer needs to reboot and start hashing again.
    static let rebootSeconds = 180

    private func locate(_ on: Bool) async throws -> CommandOutcome {
        let response = try await post("blink.cgi", body: ["blink": .string(on ? "true" : "false")])
        if let rejection = Self.rejection(response, endpoint: "blink.cgi") { return rejection }
        try await context.sleep(.seconds(1))
        let blinking = try await cgi("get_blink_status.cgi")["blink"]?.bool
        let words: (Bool?) -> String = { $0.map { "locate \($0 ? "on" : "off")" } ?? "locate unknown" }
        if blinking == on { return .verified(words(on)) }
        let code = (try? TolerantJSONReader.parse(response.body))?["code"]?.string
        return CommandOutcome(
            result: .notApplied, readBack: words(blinking),
            detail: "blink.cgi answered \(code ?? "without a code") but get_blink_status.cgi reports \(words(blinking))"
        )
    }
}
