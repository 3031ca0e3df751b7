/// Sends HTTP requests to one miner. Drivers speak HTTP only through this protocol.
///
/// A transport is bound to one miner address; `HTTPRequest.port` picks the port. Live
/// implementations (AsyncHTTPClient) live in `HiveHost`; `ReplayTransport` in `HiveTesting`
/// serves recorded fixtures. Authentication, deadlines, retries and recording are the
/// transport's business, so a driver states *what* auth a request needs, never how.
public protocol HTTPTransport: Sendable {
    /// Sends one request and returns the response, whatever its status code.
    ///
    /// - Throws: `DriverError` for an unreachable host, a timeout, or a failed authentication
    ///   handshake (a digest challenge that rejects the credentials surfaces as a 401 response).
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// An HTTP request to a miner.
public struct HTTPRequest: Sendable, Hashable, Codable {
    /// The method, e.g. "GET".
    public var method: String
    /// Path with query, starting with "/".
    public var path: String
    /// TCP port (default 80).
    public var port: Int
    /// Whether to use TLS (certificates of miners are self-signed and not verified).
    public var tls: Bool
    /// Extra headers, in order.
    public var headers: [HTTPHeader]
    /// Body bytes.
    public var body: [UInt8]?
    /// Authentication to apply.
    public var auth: HTTPAuth
    /// A longer (or shorter) deadline than the transport's default, for calls the firmware is
    /// known to answer slowly (e.g. Antminer `set_miner_conf.cgi`, ~20 s).
    public var timeout: Duration?

    /// Creates a request.
    public init(
        method: String, path: String, port: Int = 80, tls: Bool = false, headers: [HTTPHeader] = [],
        body: [UInt8]? = nil, auth: HTTPAuth = .none, timeout: Duration? = nil
    ) {
        self.method = method
        self.path = path
        self.port = port
        self.tls = tls
        self.headers = headers
        self.body = body
        self.auth = auth
        self.timeout = timeout
    }

    /// A GET request.
    public static func get(_ path: String, port: Int = 80, auth: HTTPAuth = .none) -> HTTPRequest {
        HTTPRequest(method: "GET", path: path, port: port, auth: auth)
    }

    /// A request with a JSON body.
    public static func json(
        _ method: String, _ path: String, body: JSONValue, port: Int = 80, auth: HTTPAuth = .none
    ) -> HTTPRequest {
        HTTPRequest(
            method: method, path: path, port: port, headers: [HTTPHeader("Content-Type", "application/json")],
            body: Array(body.serialized().utf8), auth: auth)
    }

    /// Method and path, for logs and errors (never headers or body).
    public var summary: String { "\(method) \(path)" + (port == 80 ? "" : " (port \(port))") }
}

/// One header.
public struct HTTPHeader: Sendable, Hashable, Codable {
    /// Name.
    public var name: String
    /// Value.
    public var value: String
    /// Creates a header.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// How to authenticate a request. Secrets never appear in `description`.
public enum HTTPAuth: Sendable, Hashable, Codable, CustomStringConvertible {
    /// No authentication.
    case none
    /// HTTP Basic.
    case basic(Credentials)
    /// HTTP Digest (RFC 7616), answered by the transport after a 401 challenge.
    case digest(Credentials)
    /// `Authorization: Bearer <token>`.
    case bearer(Secret)
    /// An API key sent in the named header (e.g. VNish `x-api-key`).
    case apiKey(header: String, key: Secret)

    public var description: String {
        switch self {
        case .none: "none"
        case .basic(let c): "basic(\(c.username))"
        case .digest(let c): "digest(\(c.username))"
        case .bearer: "bearer(***)"
        case .apiKey(let header, _): "api-key(\(header): ***)"
        }
    }
}

/// An HTTP response.
public struct HTTPResponse: Sendable, Hashable, Codable {
    /// Status code.
    public var status: Int
    /// Headers, in order.
    public var headers: [HTTPHeader]
    /// Body bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }

    /// The body as text (invalid UTF-8 repaired).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
