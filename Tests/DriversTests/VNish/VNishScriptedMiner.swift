import Drivers
import HiveProtocols

/// A fake VNish miner for auth and flow tests: answers each request from a handler and
/// remembers every request (as "METHOD path auth-kind").
struct VNishScriptedMiner: HTTPTransport, CGMinerTransport {
    /// The requests received, in order.
    actor Log {
        var requests: [HTTPRequest] = []
        func append(_ request: HTTPRequest) { requests.append(request) }
        /// "METHOD path" lines.
        var lines: [String] { requests.map { "\($0.method) \($0.path)" } }
        /// How many requests hit `method path`.
        func count(_ method: String, _ path: String) -> Int {
            requests.filter { $0.method == method && $0.path == path }.count
        }
    }

    let log = Log()
    let handler: @Sendable (HTTPRequest) -> HTTPResponse

    init(_ handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) { self.handler = handler }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        await log.append(request)
        return handler(request)
    }

    func send(_ request: CGMinerRequest) async throws -> [UInt8] {
        throw DriverError(.unreachable, "no CGMiner in this fake")
    }

    /// A driver bound to this miner.
    func driver(store: any CredentialStore = InMemoryCredentialStore(), host: String = "192.0.2.7") -> VNishDriver {
        VNishDriver(
            context: DriverContext(
                host: host, http: self, cgminer: self, credentials: Credentials(username: "admin", password: "admin"),
                credentialStore: store,
                match: DriverMatch(
                    driver: "vnish", model: "Antminer S19", firmwareVersion: "1.2.6", confidence: .high, isStock: false)
            ))
    }

    static func json(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, body: Array(text.utf8))
    }

    /// The auth kind of a request, and the API key it carried (as header or auth).
    static func key(of request: HTTPRequest) -> String? {
        if case .apiKey(_, let key) = request.auth { return key.value }
        return request.headers.first { $0.name.lowercased() == "x-api-key" }?.value
    }

    static func isBearer(_ request: HTTPRequest, _ token: String) -> Bool {
        if case .bearer(let secret) = request.auth { return secret.value == token }
        return false
    }

    /// A healthy-looking miner with token "t1" and an optional pre-existing key list.
    static func healthy(keys: String = "[]", presets: String = defaultPresets) -> VNishScriptedMiner {
        VNishScriptedMiner { request in
            switch (request.method, request.path) {
            case ("POST", "/api/v1/unlock"): return json(#"{"token":"t1"}"#)
            case ("GET", "/api/v1/apikeys"): return isBearer(request, "t1") ? json(keys) : json("{}", status: 401)
            case ("POST", "/api/v1/apikeys"): return json(#"{"status":"inserted"}"#)
            case ("GET", "/api/v1/autotune/presets"): return json(presets)
            case ("GET", "/api/v1/perf-summary"): return json(#"{"current_preset":"disabled"}"#)
            default: return json("{}", status: 404)
            }
        }
    }

    static let defaultPresets = #"""
        [{"name":"disabled","pretty":"Disabled","status":"untuned","modded_psu_required":false},
         {"name":"1100","pretty":"1100 watt ~ 53 TH","status":"tuned","modded_psu_required":false}]
        """#
}
