import HiveProtocols

/// The ePIC UMC ("PowerPlay") HTTP API on port 4028: JSON reads by `GET`, writes by `POST`
/// with a JSON body `{"param": …, "password": …}` (no session: the password travels in every
/// write, so it is never logged and never put in an error).
///
/// A write answers `{"result": true|false, "error": …}` (`JsonResponse` in the vendor's OpenAPI
/// document `powerplay.json`); `error` is a word such as `"BadPassword"` or an object such as
/// `{"LastCmdStillPending": "…"}`.
struct EPICClient: Sendable {
    /// The API port.
    static let port = 4028

    let http: any HTTPTransport
    let password: Secret

    /// `GET <path>` on port 4028; a 2xx reply must be JSON.
    func get(_ path: String) async throws -> JSONValue {
        let request = HTTPRequest.get(path, port: Self.port)
        let response = try await http.send(request)
        guard response.isSuccess else {
            throw DriverError(
                .unexpectedResponse, "HTTP \(response.status)", request: request.summary, response: response.text)
        }
        return try EPICReader.json(response.body, request: request.summary)
    }

    /// `POST <path>` with `{"param": param, "password": …}`; a refusal is returned, a refused
    /// password thrown as `.authenticationFailed`.
    func post(_ path: String, param: JSONValue) async throws -> EPICWriteReply {
        let body: JSONValue = ["param": param, "password": .string(password.value)]
        let request = HTTPRequest.json("POST", path, body: body, port: Self.port)
        let response = try await http.send(request)
        let reply = try? TolerantJSONReader.parse(response.body)
        let error = reply.flatMap { EPICReader.errorText($0["error"]) }
        if error == "BadPassword" || response.status == 401 || response.status == 403 {
            throw DriverError(
                .authenticationFailed, "the miner refused the configured password", request: request.summary)
        }
        if response.isSuccess, reply?["result"]?.bool == true { return .accepted }
        if let error { return .refused(error) }
        if response.isSuccess, reply?["result"]?.bool == false { return .refused("result false") }
        return .refused("HTTP \(response.status)")
    }
}

/// What an ePIC write answered.
enum EPICWriteReply: Sendable, Equatable {
    /// `"result": true`.
    case accepted
    /// Refused, with the firmware's reason.
    case refused(String)
}
