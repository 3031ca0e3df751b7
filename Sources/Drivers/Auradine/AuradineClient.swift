import HiveProtocols

/// Auradine's web API on port 8080 (FluxOS).
///
/// `POST /token {"command":"token","user":…,"password":…}` answers
/// `{"Token":[{"Token":"…"}],"STATUS":[…]}`; every other request carries the token in a
/// `Token` header. Reads are `GET /<command>`; writes are `POST /<command>` with
/// `{"command": <command>, …parameters}`. Replies have CGMiner's `STATUS` envelope
/// (`"S"` success, `"E"` error with `Msg`).
///
/// The token is kept for the instance's lifetime and renewed once when a request is refused
/// (HTTP 401/403, or a `STATUS` error that names the token or session); a second refusal throws
/// `.authenticationFailed`. Neither the password nor the token is ever logged or put in an error.
struct AuradineClient: Sendable {
    /// The web API port.
    static let port = 8080

    let http: any HTTPTransport
    let credentials: Credentials
    let session = LoginSession()

    /// `GET /<command>`; the reply must be 2xx JSON without a `STATUS` error.
    func get(_ command: String) async throws -> JSONValue {
        let request = "GET /\(command)"
        let response = try await send("GET", command, body: nil)
        guard response.isSuccess else {
            throw DriverError(.unexpectedResponse, "HTTP \(response.status)", request: request, response: response.text)
        }
        let reply = try AuradineReader.json(response.body, request: request)
        if let error = AuradineReader.statusError(reply) {
            throw DriverError(.unexpectedResponse, "FluxOS refused: \(error)", request: request)
        }
        return reply
    }

    /// `POST /<command>` with `{"command": <command>, …parameters}`; a refusal is returned.
    func post(_ command: String, _ parameters: [String: JSONValue]) async throws -> AuradineWriteReply {
        var body = parameters
        body["command"] = .string(command)
        let response = try await send("POST", command, body: .object(body))
        let reply = try? TolerantJSONReader.parse(response.body)
        if let error = reply.flatMap(AuradineReader.statusError) { return .refused(error) }
        guard response.isSuccess else { return .refused("HTTP \(response.status)") }
        return .accepted
    }

    /// Sends with the token; when refused, requests a fresh token once and retries once.
    func send(_ method: String, _ command: String, body: JSONValue?) async throws -> HTTPResponse {
        let token = try await currentToken()
        let first = try await http.send(Self.request(method, command, body: body, token: token))
        guard Self.refusesToken(first) else { return first }
        let fresh = try await session.exclusively { [self] in
            if let current = await session.secret, current != token { return current }
            return try await requestToken()
        }
        let second = try await http.send(Self.request(method, command, body: body, token: fresh))
        guard Self.refusesToken(second) else { return second }
        throw DriverError(
            .authenticationFailed, "FluxOS refused a fresh token (HTTP \(second.status))",
            request: "\(method) /\(command)")
    }

    /// The token, requesting one first if there is none.
    func currentToken() async throws -> Secret {
        if let token = await session.secret { return token }
        return try await session.exclusively { [self] in
            if let token = await session.secret { return token }
            return try await requestToken()
        }
    }

    /// `POST /token`. Callers hold the session lock.
    func requestToken() async throws -> Secret {
        let body: JSONValue = [
            "command": "token", "user": .string(credentials.username), "password": .string(credentials.password.value),
        ]
        let response = try await http.send(HTTPRequest.json("POST", "/token", body: body, port: Self.port))
        let reply = try? TolerantJSONReader.parse(response.body)
        let refusal = reply.flatMap(AuradineReader.statusError)
        if response.status == 401 || response.status == 403 || refusal != nil {
            throw DriverError(
                .authenticationFailed, "FluxOS refused the credentials for \(credentials.username)",
                request: "POST /token")
        }
        guard response.isSuccess, let text = AuradineReader.text(reply?["Token"]?[0]?["Token"]) else {
            throw DriverError(
                .unexpectedResponse, "token reply has no token (HTTP \(response.status))", request: "POST /token")
        }
        let token = Secret(text)
        await session.set(token)
        return token
    }

    /// Whether a reply refuses the token: HTTP 401/403, or a `STATUS` error naming the token,
    /// the session or an expiry.
    static func refusesToken(_ response: HTTPResponse) -> Bool {
        if response.status == 401 || response.status == 403 { return true }
        guard let reply = try? TolerantJSONReader.parse(response.body),
            let error = AuradineReader.statusError(reply)?.lowercased()
        else { return false }
        return ["token", "session", "expired", "unauthorized"].contains { error.contains($0) }
    }

    /// A request on port 8080 with the `Token` header and, when given, a JSON body.
    static func request(_ method: String, _ command: String, body: JSONValue?, token: Secret) -> HTTPRequest {
        let auth = HTTPAuth.apiKey(header: "Token", key: token)
        return body.map { HTTPRequest.json(method, "/\(command)", body: $0, port: port, auth: auth) }
            ?? HTTPRequest(method: method, path: "/\(command)", port: port, auth: auth)
    }
}

/// What an Auradine write answered.
enum AuradineWriteReply: Sendable, Equatable {
    /// `STATUS` success.
    case accepted
    /// Refused, with the firmware's message.
    case refused(String)
}
