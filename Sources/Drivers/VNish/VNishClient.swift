import HiveProtocols
import Logging

/// How a VNish REST request authenticates.
enum VNishAuth: Sendable {
    /// No authentication (`info`, `status`, `unlock`).
    case none
    /// `x-api-key`, falling back to the bearer token when the key is unavailable or refused.
    case apiKey
    /// `Authorization: Bearer <token>`.
    case bearer
    /// Bearer token plus the `x-api-key` header (settings writes, reboot), as VNish's own
    /// clients send them.
    case bearerWithKey
}

/// The reply to a VNish write: accepted (with its JSON body, `.null` when empty) or refused.
enum VNishWriteReply: Sendable {
    /// 2xx without an `err` field.
    case accepted(JSONValue)
    /// A non-2xx status or an `err` field; the message is for the operator.
    case refused(String)

    /// The accepted body, if any.
    var body: JSONValue? {
        if case .accepted(let body) = self { return body }
        return nil
    }
}

/// Sends VNish REST requests with the right authentication, for one miner.
///
/// Token refresh is bounded: a request that gets 401/403 with a bearer token unlocks once and
/// retries once; a second refusal throws `.authenticationFailed`. There is no recursion.
struct VNishClient: Sendable {
    /// The description PowerHive gives the API key it creates on a miner.
    static let keyDescription = "PowerHive"

    let host: String
    let http: any HTTPTransport
    let password: String
    let store: any CredentialStore
    let logger: Logger
    let session = VNishSession()

    /// The credential-store entry for this miner's API key.
    var keyName: String { "vnish.apikey.\(host)" }

    /// A GET whose 2xx reply must be JSON.
    func getJSON(_ path: String, auth: VNishAuth) async throws -> JSONValue {
        let response = try await send(method: "GET", path: path, body: nil, auth: auth)
        guard response.isSuccess else {
            throw DriverError(
                Self.isAuthRefusal(response) ? .authenticationFailed : .unexpectedResponse,
                "HTTP \(response.status)" + (Self.errorText(response).map { ": \($0)" } ?? ""),
                request: "GET \(path)", response: response.text)
        }
        return try Self.json(response, request: "GET \(path)")
    }

    /// A POST that changes something; refusals are returned, not thrown.
    func write(_ path: String, body: JSONValue? = nil, auth: VNishAuth) async throws -> VNishWriteReply {
        let response = try await send(method: "POST", path: path, body: body, auth: auth)
        if let message = Self.errorText(response) { return .refused(message) }
        guard response.isSuccess else { return .refused("HTTP \(response.status)") }
        return .accepted((try? Self.json(response, request: "POST \(path)")) ?? .null)
    }

    /// Sends one request, authenticating as asked.
    func send(method: String, path: String, body: JSONValue?, auth: VNishAuth) async throws -> HTTPResponse {
        switch auth {
        case .none:
            return try await http.send(Self.request(method, path, body: body, auth: .none))
        case .apiKey:
            if let key = try await apiKey() {
                let response = try await http.send(
                    Self.request(method, path, body: body, auth: .apiKey(header: "x-api-key", key: key)))
                guard Self.isAuthRefusal(response) else { return response }
                logger.debug("VNish refused the API key; using the bearer token", metadata: ["path": "\(path)"])
            }
            return try await sendWithBearer(method, path, body: body, key: nil)
        case .bearer:
            return try await sendWithBearer(method, path, body: body, key: nil)
        case .bearerWithKey:
            return try await sendWithBearer(method, path, body: body, key: try await apiKey())
        }
    }

    /// Sends with the bearer token; on 401/403 unlocks once and retries once.
    private func sendWithBearer(
        _ method: String, _ path: String, body: JSONValue?, key: Secret?
    ) async throws
        -> HTTPResponse
    {
        let token = try await currentToken()
        let first = try await http.send(Self.request(method, path, body: body, auth: .bearer(token), key: key))
        guard Self.isAuthRefusal(first) else { return first }
        let fresh = try await refreshedToken(replacing: token)
        let second = try await http.send(Self.request(method, path, body: body, auth: .bearer(fresh), key: key))
        guard Self.isAuthRefusal(second) else { return second }
        throw DriverError(
            .authenticationFailed, "VNish refused a fresh token (HTTP \(second.status))",
            request: "\(method) \(path)")
    }

    /// The token, unlocking first if there is none.
    func currentToken() async throws -> Secret {
        if let token = await session.token { return token }
        return try await exclusively {
            if let token = await session.token { return token }
            return try await unlock()
        }
    }

    /// A token other than `stale`: another call's fresh one, or a new unlock.
    func refreshedToken(replacing stale: Secret) async throws -> Secret {
        try await exclusively {
            if let token = await session.token, token != stale { return token }
            return try await unlock()
        }
    }

    /// `POST /api/v1/unlock {"pw": …}`. Callers hold the session lock.
    func unlock() async throws -> Secret {
        let response = try await http.send(
            Self.request("POST", "/api/v1/unlock", body: ["pw": .string(password)], auth: .none))
        if Self.isAuthRefusal(response) {
            throw DriverError(
                .authenticationFailed, "VNish refused the password (HTTP \(response.status))",
                request: "POST /api/v1/unlock")
        }
        guard response.isSuccess else {
            throw DriverError(
                .unexpectedResponse, "unlock failed with HTTP \(response.status)", request: "POST /api/v1/unlock",
                response: response.text)
        }
        let reply = try Self.json(response, request: "POST /api/v1/unlock")
        guard let text = reply["token"]?.string, !text.isEmpty else {
            throw DriverError(.unexpectedResponse, "unlock reply has no token", request: "POST /api/v1/unlock")
        }
        let token = Secret(text)
        await session.setToken(token)
        return token
    }

    /// Runs `body` under the session lock.
    func exclusively<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await session.acquire()
        do {
            let value = try await body()
            await session.release()
            return value
        } catch {
            await session.release()
            throw error
        }
    }
}

extension VNishClient {
    /// Builds a request; `key` adds the `x-api-key` header next to a bearer token.
    static func request(
        _ method: String, _ path: String, body: JSONValue?, auth: HTTPAuth, key: Secret? = nil
    ) -> HTTPRequest {
        var request =
            body.map { HTTPRequest.json(method, path, body: $0, auth: auth) }
            ?? HTTPRequest(method: method, path: path, auth: auth)
        if let key { request.headers.append(HTTPHeader("x-api-key", key.value)) }
        return request
    }

    /// 401 or 403: credentials refused.
    static func isAuthRefusal(_ response: HTTPResponse) -> Bool {
        response.status == 401 || response.status == 403
    }

    /// The body as JSON (tolerantly read).
    static func json(_ response: HTTPResponse, request: String) throws -> JSONValue {
        do {
            return try TolerantJSONReader.parse(response.body)
        } catch {
            throw DriverError(
                .unexpectedResponse, "reply is not JSON", request: request, response: response.text,
                underlying: error)
        }
    }

    /// The `err` (or `error`) text of a VNish error reply, whatever its status.
    static func errorText(_ response: HTTPResponse) -> String? {
        guard !response.body.isEmpty, let reply = try? TolerantJSONReader.parse(response.body) else { return nil }
        for name in ["err", "error"] {
            if let text = reply[name]?.string.map(VNishText.trimmed), !text.isEmpty { return text }
        }
        return nil
    }
}
