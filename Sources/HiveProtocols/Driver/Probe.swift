/// A question the discovery scanner asks a host once, on behalf of every driver that declares it.
public enum ProbeRequest: Sendable, Hashable, Codable, CustomStringConvertible {
    /// An HTTP request.
    case http(HTTPRequest)
    /// A CGMiner API command.
    case cgminer(CGMinerRequest)

    /// `GET /` on port 80, which most firmwares answer with a recognisable page or challenge.
    public static let webRoot = ProbeRequest.http(.get("/"))
    /// CGMiner `version`.
    public static let cgminerVersion = ProbeRequest.cgminer(CGMinerRequest(command: "version"))
    /// CGMiner `devdetails`.
    public static let cgminerDevdetails = ProbeRequest.cgminer(CGMinerRequest(command: "devdetails"))

    /// The TCP port this probe connects to.
    public var port: Int {
        switch self {
        case .http(let r): r.port
        case .cgminer(let r): r.port
        }
    }

    public var description: String {
        switch self {
        case .http(let r): "HTTP \(r.summary)"
        case .cgminer(let r): "CGMiner \(r)"
        }
    }
}

/// What one probe returned.
public enum ProbeAnswer: Sendable, Hashable {
    /// An HTTP response (any status).
    case http(HTTPResponse)
    /// CGMiner reply bytes.
    case cgminer([UInt8])
    /// The probe failed (refused, timed out, garbage); the reason is for logs.
    case failed(String)
}

/// Everything the scanner learned about one host, handed to every driver's `identify`.
public struct ProbeAnswers: Sendable {
    /// The host's address.
    public var host: String
    /// TCP ports that accepted a connection in the fast stage.
    public var openPorts: Set<Int>
    /// Answers by request.
    public var answers: [ProbeRequest: ProbeAnswer]

    /// Creates probe answers.
    public init(host: String, openPorts: Set<Int> = [], answers: [ProbeRequest: ProbeAnswer] = [:]) {
        self.host = host
        self.openPorts = openPorts
        self.answers = answers
    }

    /// The HTTP response to a probe, if it got one.
    public func http(_ request: HTTPRequest) -> HTTPResponse? {
        if case .http(let r) = answers[.http(request)] { return r }
        return nil
    }

    /// The HTTP response to `GET /`, if any.
    public var webRoot: HTTPResponse? { http(.get("/")) }

    /// The CGMiner reply to a probe, parsed tolerantly; `nil` when absent or not JSON.
    public func cgminer(_ request: CGMinerRequest) -> JSONValue? {
        guard case .cgminer(let bytes) = answers[.cgminer(request)] else { return nil }
        return try? TolerantJSONReader.parse(bytes)
    }

    /// The raw CGMiner reply text to a probe, if any.
    public func cgminerText(_ request: CGMinerRequest) -> String? {
        guard case .cgminer(let bytes) = answers[.cgminer(request)] else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The CGMiner `version` reply, parsed.
    public var version: JSONValue? { cgminer(CGMinerRequest(command: "version")) }
}

/// A driver's claim on a host, from its pure `identify` function.
public struct DriverMatch: Sendable, Hashable, Codable {
    /// How sure the driver is.
    public enum Confidence: Int, Sendable, Hashable, Codable, Comparable {
        /// A weak hint (e.g. an open port only).
        case low = 1
        /// A fingerprint that other firmwares may copy (e.g. a stock realm).
        case medium = 2
        /// An unambiguous marker (e.g. `fw_name == "Vnish"`).
        case high = 3
        public static func < (a: Confidence, b: Confidence) -> Bool { a.rawValue < b.rawValue }
    }

    /// The driver that matched.
    public var driver: DriverID
    /// Model, if the probes revealed it.
    public var model: String?
    /// Firmware version, if the probes revealed it (used to pick a variant).
    public var firmwareVersion: String?
    /// Confidence.
    public var confidence: Confidence
    /// Whether this is a stock firmware that a custom firmware's match overrides.
    public var isStock: Bool

    /// Creates a match.
    public init(
        driver: DriverID, model: String? = nil, firmwareVersion: String? = nil, confidence: Confidence,
        isStock: Bool
    ) {
        self.driver = driver
        self.model = model
        self.firmwareVersion = firmwareVersion
        self.confidence = confidence
        self.isStock = isStock
    }
}
