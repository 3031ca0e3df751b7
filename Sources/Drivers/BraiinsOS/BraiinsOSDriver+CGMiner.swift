import HiveProtocols

extension BraiinsOSDriver {
    /// Sends a CGMiner command on port 4028 and reads the reply tolerantly; an `E` status
    /// throws `.rejected` with the firmware's message.
    func cgminer(_ command: String) async throws -> JSONValue {
        let request = CGMinerRequest(command: command)
        let bytes = try await context.cgminer.send(request)
        let reply: JSONValue
        do {
            reply = try TolerantJSONReader.parse(bytes)
        } catch {
            throw DriverError(
                .unexpectedResponse, "CGMiner reply is not JSON", request: request.description,
                response: String(decoding: bytes.prefix(160), as: UTF8.self), underlying: error)
        }
        let status = reply["STATUS"]?[0] ?? reply["STATUS"]
        if status?["STATUS"]?.string == "E" {
            throw DriverError(.rejected, status?["Msg"]?.string ?? "CGMiner error", request: request.description)
        }
        return reply
    }
}
