public import HiveProtocols

/// Something the simulator's sockets serve: a miner (through its personality) or the plant.
protocol ServedEndpoint: Sendable {
    /// Whether a connection to `address` is answered now (else it is closed at once).
    func admits(_ address: String) -> Bool
    /// How to treat the next request (faults, latency).
    func nextReply() -> ReplyPlan
    /// Answers an HTTP request received on `address`:`port` (`port` is the firmware port).
    func respond(to request: SimulatedHTTPRequest, address: String, port: Int) -> HTTPResponse
    /// Answers a CGMiner call; the reply without its NUL terminator.
    func respond(toCGMiner call: CGMinerCall, address: String, port: Int) -> [UInt8]
    /// A request on `port` (the firmware port) has been read and is being answered.
    func requestStarted(port: Int)
    /// The request on `port` is answered (its reply is being written) or abandoned.
    func requestEnded(port: Int)
}

extension ServedEndpoint {
    func requestStarted(port: Int) {}
    func requestEnded(port: Int) {}
}

/// A CGMiner API request: `{"command":"stats","parameter":"0"}`, `stats|0`, or Whatsminer's
/// `{"cmd":…,"param":…}` (whose encrypted form `{"enc":1,"data":…}` has no command: the
/// personality reads ``bytes``).
public struct CGMinerCall: Sendable, Hashable {
    /// The command, e.g. "stats" or "stats+pools"; empty when the request was unreadable.
    public var command: String
    /// The parameter, if any.
    public var parameter: String?
    /// The request as received (without framing).
    public var bytes: [UInt8]

    /// Creates a call.
    public init(command: String, parameter: String? = nil, bytes: [UInt8] = []) {
        self.command = command
        self.parameter = parameter
        self.bytes = bytes
    }

    /// Reads a request as CGMiner does: a JSON object, else `command|parameter` text.
    init(bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self).trimmingSpaces
        if text.hasPrefix("{") {
            let json = try? TolerantJSONReader.parse(bytes)
            self.init(
                command: (json?["command"] ?? json?["cmd"])?.string ?? "",
                parameter: (json?["parameter"] ?? json?["param"])?.string, bytes: bytes)
            return
        }
        let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\0" }).first.map(String.init) ?? ""
        let parts = line.split(separator: "|", maxSplits: 1)
        self.init(
            command: parts.first.map(String.init) ?? "", parameter: parts.count > 1 ? String(parts[1]) : nil,
            bytes: bytes)
    }
}

/// Corrupts replies for the `garbage` fault.
enum Garbage {
    /// `body` made unreadable: truncated mid-value, or with its separators broken.
    static func corrupt(_ body: [UInt8], variant: UInt64) -> [UInt8] {
        guard body.count > 2 else { return Array(#"{"STATUS":[{"STATUS":"#.utf8) }
        if variant % 2 == 0 {
            return Array(body.prefix(max(1, body.count / 2)))
        }
        var broken = body
        var replaced = 0
        for index in broken.indices where broken[index] == UInt8(ascii: ":") {
            broken[index] = UInt8(ascii: "=")
            replaced += 1
            if replaced == 3 { break }
        }
        if replaced == 0 { broken.insert(contentsOf: Array("{{".utf8), at: 0) }
        return broken
    }
}
