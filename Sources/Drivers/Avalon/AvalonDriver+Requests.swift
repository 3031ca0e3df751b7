public import HiveProtocols

extension AvalonDriver {
    /// Recognises Avalon stock firmware from the `version` probe, without I/O.
    ///
    /// A `VERSION` entry whose `PROD` or `MODEL` names an Avalon (`"Avalon Q"`,
    /// `"AvalonMiner 15-194"`), or that carries Canaan's `SWTYPE` (`MM…`) and `DNA` fields:
    /// `.high`. The model is `PROD`; the firmware version `VERSION` (A-series) or `LVERSION`
    /// (Avalon Q). The model picks the ``AvalonFamily``.
    public static func identify(_ answers: ProbeAnswers) -> DriverMatch? {
        guard let reply = answers.version, let version = reply["VERSION"]?[0] else { return nil }
        let names = [version["PROD"]?.string, version["MODEL"]?.string].compactMap { $0?.lowercased() }
        let namesAvalon = names.contains { $0.contains("avalon") }
        let canaanFields = version["SWTYPE"]?.string?.hasPrefix("MM") == true && version["DNA"]?.string != nil
        guard namesAvalon || canaanFields else { return nil }
        return DriverMatch(
            driver: id, model: AvalonReader.model(version: reply),
            firmwareVersion: AvalonReader.firmwareVersion(version: reply), confidence: .high, isStock: true)
    }

    /// A read on port 4028, parsed tolerantly; an `E` status throws.
    func rpc(_ command: String) async throws -> JSONValue {
        let reply = try await send(CGMinerRequest(command: command))
        if Self.statusKind(reply) == "E" {
            throw DriverError(.unexpectedResponse, Self.message(reply) ?? "error status", request: command)
        }
        return reply
    }

    /// `ascset` with `parameter` (e.g. `0,led,1-1`); the reply whatever its status, `.null` when
    /// the miner closed the connection without one (accepted only when `allowsEmptyReply`).
    func ascset(_ parameter: String, allowsEmptyReply: Bool = false) async throws -> JSONValue {
        try await send(CGMinerRequest(command: "ascset", parameter: parameter, allowsEmptyReply: allowsEmptyReply))
    }

    /// Sends one request and parses the reply tolerantly (`.null` for an empty reply).
    private func send(_ request: CGMinerRequest) async throws -> JSONValue {
        let bytes = try await context.cgminer.send(request)
        if bytes.isEmpty { return .null }
        let reply: JSONValue
        do {
            reply = try TolerantJSONReader.parse(bytes)
        } catch {
            throw DriverError(
                .unexpectedResponse, "reply is not JSON", request: request.description,
                response: String(decoding: bytes.prefix(160), as: UTF8.self), underlying: error)
        }
        return reply
    }

    /// `stats`, falling back to `estats` when its reply carries no bracketed status string.
    func readStats() async throws -> AvalonStats {
        if let stats = AvalonStats(reply: try await rpc("stats")) { return stats }
        context.logger.debug("stats carried no MM ID0 string; asking estats")
        guard let stats = AvalonStats(reply: try await rpc("estats")) else {
            throw DriverError(.unexpectedResponse, "neither stats nor estats carries an MM ID0 status string")
        }
        return stats
    }

    /// `STATUS[0].STATUS` ("S", "I", "E").
    static func statusKind(_ reply: JSONValue) -> String? {
        (reply["STATUS"]?[0] ?? reply["STATUS"])?["STATUS"]?.string ?? reply["STATUS"]?.string
    }

    /// `STATUS[0].Msg`.
    static func message(_ reply: JSONValue) -> String? {
        reply["STATUS"]?[0]?["Msg"]?.string
    }
}
