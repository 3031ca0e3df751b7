import HiveProtocols
import Logging

extension AntminerStockDriver {
    /// `GET /cgi-bin/<name>` with digest auth, parsed tolerantly.
    func cgi(_ name: String) async throws -> JSONValue {
        let request = HTTPRequest.get("/cgi-bin/\(name)", auth: .digest(credentials))
        return try Self.parse(try await context.http.send(request), request: request)
    }

    /// `POST /cgi-bin/<name>` with a JSON body and digest auth. Returns the response; throws
    /// only for refused credentials (any other status is the caller's to judge).
    ///
    /// Writes get a 35 s deadline: `set_miner_conf.cgi` restarts bmminer before answering and
    /// takes about 20 s on X19-generation firmware.
    func post(_ name: String, body: JSONValue) async throws -> HTTPResponse {
        var request = HTTPRequest.json("POST", "/cgi-bin/\(name)", body: body, auth: .digest(credentials))
        request.timeout = .seconds(35)
        let response = try await context.http.send(request)
        if response.status == 401 { throw Self.authenticationError(request) }
        return response
    }

    /// Checks the status of a CGI response and parses its body.
    static func parse(_ response: HTTPResponse, request: HTTPRequest) throws -> JSONValue {
        if response.status == 401 { throw authenticationError(request) }
        guard response.isSuccess else {
            throw DriverError(
                .unexpectedResponse, "HTTP \(response.status)", request: request.summary, response: response.text)
        }
        do {
            return try TolerantJSONReader.parse(response.body)
        } catch {
            throw DriverError(
                .unexpectedResponse, "reply is not JSON", request: request.summary, response: response.text,
                underlying: error)
        }
    }

    static func authenticationError(_ request: HTTPRequest) -> DriverError {
        DriverError(.authenticationFailed, "the miner refused the digest credentials", request: request.summary)
    }

    /// A CGMiner command on port 4028, parsed tolerantly; an `E` status throws.
    func rpc(_ command: String) async throws -> JSONValue {
        let request = CGMinerRequest(command: command)
        let bytes = try await context.cgminer.send(request)
        let reply: JSONValue
        do {
            reply = try TolerantJSONReader.parse(bytes)
        } catch {
            throw DriverError(
                .unexpectedResponse, "reply is not JSON", request: request.description,
                response: String(decoding: bytes.prefix(160), as: UTF8.self), underlying: error)
        }
        let status = reply["STATUS"]?[0] ?? reply["STATUS"]
        if status?["STATUS"]?.string == "E" {
            throw DriverError(
                .unexpectedResponse, status?["Msg"]?.string ?? "error status", request: request.description)
        }
        return reply
    }

    /// Reads stats (and pools) over CGMiner; when port 4028 fails, over the CGI instead.
    /// Returns whether the CGI was used.
    func readStats(withPools: Bool) async throws -> (reading: AntminerReading, pools: [MinerStatus.Pool], viaCGI: Bool)
    {
        let rpcStats: JSONValue
        do {
            rpcStats = try await rpc("stats")
        } catch let rpcError {
            context.logger.debug("CGMiner stats failed, using the CGI", metadata: ["error": "\(rpcError)"])
            return try await readCGIStats(withPools: withPools, rpcError: rpcError)
        }
        var reading = AntminerReading(rpcStats: rpcStats)
        guard withPools else { return (reading, [], false) }
        if !reading.hasRateFields, let summary = try? await rpc("summary") { reading.merge(rpcSummary: summary) }
        let pools = AntminerStatusBuilder.pools(try? await rpc("pools"))
        return (reading, pools, false)
    }

    private func readCGIStats(
        withPools: Bool, rpcError: any Error
    ) async throws -> (
        reading: AntminerReading, pools: [MinerStatus.Pool], viaCGI: Bool
    ) {
        do {
            let summary: JSONValue? = withPools ? try await cgi("summary.cgi") : nil
            let stats = try await cgi("stats.cgi")
            let pools = withPools ? AntminerStatusBuilder.pools(try? await cgi("pools.cgi")) : []
            return (AntminerReading(cgiSummary: summary, stats: stats), pools, true)
        } catch let error as DriverError where error.kind == .unexpectedResponse && error.message == "HTTP 404" {
            // No CGI equivalent on this firmware: the CGMiner failure is the one that matters.
            throw rpcError
        }
    }

    /// The model: learnt or identified, else (CGI firmware) `get_system_info.cgi`, else the
    /// model the stats reply names. Remembers what it finds.
    func resolveModel(reading: AntminerReading, askCGI: Bool) async -> AntminerModel? {
        if let model = knownModel { return model }
        if askCGI, let model = await learnModel() { return model }
        if let model = reading.model { learnt.value = model }
        return reading.model
    }

    /// Reads the model from `get_system_info.cgi`, else CGMiner `version`; remembers it.
    func learnModel() async -> AntminerModel? {
        var model = AntminerModel((try? await cgi("get_system_info.cgi"))?["minertype"]?.string)
        if model == nil { model = AntminerModel((try? await rpc("version"))?["VERSION"]?[0]?["Type"]?.string) }
        if let model { learnt.value = model }
        return model
    }

    /// The configured work mode from `get_miner_conf.cgi` (`nil` when it names none).
    func readWorkMode() async throws -> AntminerWorkMode? {
        AntminerWorkMode(conf: try await cgi("get_miner_conf.cgi"))
    }
}
