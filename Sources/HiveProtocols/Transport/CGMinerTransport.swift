/// Sends commands to a miner's CGMiner-style TCP API (port 4028 by default).
///
/// The reply is returned as raw bytes, quirks and all: parse it with `TolerantJSONReader`.
/// Live implementations (SwiftNIO) live in `HiveHost`; `ReplayTransport` in `HiveTesting`.
public protocol CGMinerTransport: Sendable {
    /// Sends one request and returns the reply bytes (without framing).
    ///
    /// - Throws: `DriverError` when the port refuses, the deadline passes, or the connection
    ///   closes before any byte arrives (unless `request.allowsEmptyReply`).
    func send(_ request: CGMinerRequest) async throws -> [UInt8]
}

/// One CGMiner API request.
public struct CGMinerRequest: Sendable, Hashable, Codable, CustomStringConvertible {
    /// How the request and its reply are framed on the wire.
    public enum Framing: String, Sendable, Hashable, Codable {
        /// JSON request; the reply ends with NUL, a newline, or the peer closing.
        case jsonTerminated
        /// 4-byte little-endian length prefix on both request and reply (Whatsminer API v3).
        case lengthPrefixed
    }

    /// Command name, e.g. "summary" or "stats+pools".
    public var command: String
    /// Parameter string, e.g. "0,worklevel,set,1".
    public var parameter: String?
    /// TCP port.
    public var port: Int
    /// Framing.
    public var framing: Framing
    /// Exact payload to send instead of `{"command":…,"parameter":…}` (e.g. Whatsminer's
    /// encrypted `{"enc":1,"data":…}`). Never logged.
    public var payload: [UInt8]?
    /// Whether a connection closed without reply is an acceptable answer (Avalon `softon`).
    public var allowsEmptyReply: Bool

    /// Creates a request.
    public init(
        command: String, parameter: String? = nil, port: Int = 4028, framing: Framing = .jsonTerminated,
        payload: [UInt8]? = nil, allowsEmptyReply: Bool = false
    ) {
        self.command = command
        self.parameter = parameter
        self.port = port
        self.framing = framing
        self.payload = payload
        self.allowsEmptyReply = allowsEmptyReply
    }

    /// The bytes to put on the wire (before framing).
    public var wireBytes: [UInt8] {
        if let payload { return payload }
        var object: [String: JSONValue] = ["command": .string(command)]
        if let parameter { object["parameter"] = .string(parameter) }
        return Array(JSONValue.object(object).serialized().utf8)
    }

    public var description: String {
        var s = command
        if let parameter { s += "(\(parameter.contains(",") ? parameter.split(separator: ",")[0] + ",…" : parameter))" }
        if port != 4028 { s += " on port \(port)" }
        return s
    }
}
