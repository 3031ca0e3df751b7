import HiveProtocols

extension VNishDriver {
    /// Sends a CGMiner command and reads the reply tolerantly; an `"E"` status is a refusal.
    func cgminer(_ command: String) async throws -> JSONValue {
        let bytes = try await context.cgminer.send(CGMinerRequest(command: command))
        let reply: JSONValue
        do {
            reply = try TolerantJSONReader.parse(bytes)
        } catch {
            throw DriverError(
                .unexpectedResponse, "CGMiner reply is not JSON", request: command,
                response: String(decoding: bytes.prefix(160), as: UTF8.self), underlying: error)
        }
        if reply["STATUS"]?[0]?["STATUS"]?.string == "E" {
            throw DriverError(
                .rejected, reply["STATUS"]?[0]?["Msg"]?.string ?? "CGMiner error", request: command)
        }
        return reply
    }

    /// Identity from CGMiner `version` (its `Type` names the model and VNish version), else
    /// from `stats`.
    func legacyIdentity() async throws -> MinerIdentity {
        var type = VNishLegacyReader.type(try await cgminer("version"))
        if type == nil { type = VNishLegacyReader.type(try await cgminer("stats")) }
        let parsed: (model: String?, version: String?) = type.map(VNishLegacyReader.parseType) ?? (nil, nil)
        return MinerIdentity(
            make: parsed.model.flatMap(VNishReader.make(ofModel:)), model: parsed.model, firmware: "VNish",
            firmwareVersion: parsed.version)
    }
}
