import HiveProtocols

/// The public REST API of Braiins OS 25.07 and newer (`/api/v1/...`, port 80).
///
/// `POST /api/v1/auth/login {"username","password"}` returns `{"token": …}`, sent as a bearer
/// token. The token is kept for the instance's lifetime; a 401/403 logs in once more and
/// retries once (the token expires after idle time); a second refusal throws
/// `.authenticationFailed`.
struct BraiinsRESTClient: Sendable {
    let http: any HTTPTransport
    let credentials: Credentials
    let session = LoginSession()

    /// A GET whose 2xx reply must be JSON.
    func get(_ path: String) async throws -> JSONValue {
        let response = try await send("GET", path, body: nil)
        guard response.isSuccess else {
            throw DriverError(
                .unexpectedResponse, "HTTP \(response.status)", request: "GET \(path)", response: response.text)
        }
        return try BraiinsReader.json(response.body, request: "GET \(path)")
    }

    /// A PUT that changes something; refusals are returned, not thrown.
    func put(_ path: String, body: JSONValue?) async throws -> BraiinsWriteReply {
        let response = try await send("PUT", path, body: body)
        guard response.isSuccess else {
            let reply = try? TolerantJSONReader.parse(response.body)
            let message = reply.flatMap { BraiinsReader.text($0["message"] ?? $0["error"] ?? $0["detail"]) }
            return .refused("HTTP \(response.status)" + (message.map { ": \($0)" } ?? ""))
        }
        return .accepted((try? TolerantJSONReader.parse(response.body)) ?? .null)
    }

    /// Sends with the bearer token; on 401/403 logs in once more and retries once.
    func send(_ method: String, _ path: String, body: JSONValue?) async throws -> HTTPResponse {
        let token = try await currentToken()
        let first = try await http.send(Self.request(method, path, body: body, token: token))
        guard first.status == 401 || first.status == 403 else { return first }
        let fresh = try await session.exclusively { [self] in
            if let current = await session.secret, current != token { return current }
            return try await login()
        }
        let second = try await http.send(Self.request(method, path, body: body, token: fresh))
        guard second.status == 401 || second.status == 403 else { return second }
        throw DriverError(
            .authenticationFailed, "Braiins OS refused a fresh token (HTTP \(second.status))",
            request: "\(method) \(path)")
    }

    /// The token, logging in first if there is none.
    func currentToken() async throws -> Secret {
        if let token = await session.secret { return token }
        return try await session.exclusively { [self] in
            if let token = await session.secret { return token }
            return try await login()
        }
    }

    /// `POST /api/v1/auth/login`. Callers hold the session lock.
    func login() async throws -> Secret {
        let path = "/api/v1/auth/login"
        let body: JSONValue = [
            "username": .string(credentials.username), "password": .string(credentials.password.value),
        ]
        let response = try await http.send(HTTPRequest.json("POST", path, body: body))
        if response.status == 401 || response.status == 403 {
            throw DriverError(
                .authenticationFailed, "Braiins OS refused the credentials for \(credentials.username)",
                request: "POST \(path)")
        }
        guard response.isSuccess else {
            throw DriverError(
                .unexpectedResponse, "login failed with HTTP \(response.status)", request: "POST \(path)",
                response: response.text)
        }
        guard let text = BraiinsReader.text(try BraiinsReader.json(response.body, request: "POST \(path)")["token"])
        else {
            throw DriverError(.unexpectedResponse, "login reply has no token", request: "POST \(path)")
        }
        let token = Secret(text)
        await session.set(token)
        return token
    }

    /// A request with a bearer token and, when given, a JSON body.
    static func request(_ method: String, _ path: String, body: JSONValue?, token: Secret) -> HTTPRequest {
        body.map { HTTPRequest.json(method, path, body: $0, auth: .bearer(token)) }
            ?? HTTPRequest(method: method, path: path, auth: .bearer(token))
    }
}
