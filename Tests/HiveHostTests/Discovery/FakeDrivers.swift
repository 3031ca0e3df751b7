import HiveProtocols
import HiveTesting

/// Two tiny drivers for discovery tests: a stock firmware recognised by its digest realm or a
/// `version` naming bmminer, and a custom firmware on the same hardware recognised by its
/// REST info. Their `identity()` reads one more request through the host's transports.
struct FakeStockDriver: MinerDriver {
    static let descriptor = DriverDescriptor(
        id: "fake-stock", displayName: "Fake stock", makes: ["Bitmain"], ports: [80, 4028],
        probes: [.webRoot, .cgminerVersion], isStock: true, capabilities: [])

    static func identify(_ answers: ProbeAnswers) -> DriverMatch? {
        if let root = answers.webRoot, root.status == 401,
            root.header("WWW-Authenticate")?.contains("realm=\"antMiner Configuration\"") == true
        {
            return DriverMatch(driver: id, confidence: .medium, isStock: true)
        }
        if let text = answers.cgminerText(CGMinerRequest(command: "version")), text.lowercased().contains("bmminer") {
            return DriverMatch(driver: id, model: "Antminer S19", confidence: .medium, isStock: true)
        }
        return nil
    }

    let context: DriverContext
    init(context: DriverContext) { self.context = context }
    var capabilities: Capabilities { [] }

    func identity() async throws -> MinerIdentity {
        let reply = try await context.cgminer.send(CGMinerRequest(command: "fake-identity"))
        let json = try TolerantJSONReader.parse(reply)
        return MinerIdentity(
            make: "Bitmain", firmware: "Fake stock", mac: json["mac"]?.string, serial: json["serial"]?.string)
    }

    func status() async throws -> MinerStatus { throw DriverError(.unsupported, "fake") }
    func telemetry() async throws -> [BoardTelemetry] { throw DriverError(.unsupported, "fake") }
    func powerControl() async throws -> PowerControl { throw DriverError(.unsupported, "fake") }
    func apply(_ command: MinerCommand) async throws -> CommandOutcome { throw DriverError(.unsupported, "fake") }
}

struct FakeCustomDriver: MinerDriver {
    static let info = HTTPRequest.get("/api/v1/info")
    static let descriptor = DriverDescriptor(
        id: "fake-custom", displayName: "Fake custom", makes: ["Bitmain"], ports: [80, 4028],
        probes: [.webRoot, .http(info)], isStock: false, capabilities: [])

    static func identify(_ answers: ProbeAnswers) -> DriverMatch? {
        guard let response = answers.http(info), response.isSuccess,
            let json = try? TolerantJSONReader.parse(response.body), json["fw_name"]?.string == "Vnish"
        else { return nil }
        return DriverMatch(
            driver: id, model: json["miner"]?.string, firmwareVersion: json["fw_version"]?.string, confidence: .high,
            isStock: false)
    }

    let context: DriverContext
    init(context: DriverContext) { self.context = context }
    var capabilities: Capabilities { [] }

    func identity() async throws -> MinerIdentity {
        let response = try await context.http.send(FakeCustomDriver.info)
        let json = try TolerantJSONReader.parse(response.body)
        return MinerIdentity(make: "Bitmain", firmware: "Fake custom", mac: json["mac"]?.string)
    }

    func status() async throws -> MinerStatus { throw DriverError(.unsupported, "fake") }
    func telemetry() async throws -> [BoardTelemetry] { throw DriverError(.unsupported, "fake") }
    func powerControl() async throws -> PowerControl { throw DriverError(.unsupported, "fake") }
    func apply(_ command: MinerCommand) async throws -> CommandOutcome { throw DriverError(.unsupported, "fake") }
}

/// Recorded answers for fake miners.
enum FakeMiner {
    static let stockChallenge = Exchange(
        name: "root", key: .http(method: "GET", path: "/", port: 80), status: 401,
        headers: [
            HTTPHeader("WWW-Authenticate", "Digest realm=\"antMiner Configuration\", nonce=\"abc\", qop=\"auth\"")
        ],
        body: [])

    static func customInfo(mac: String) -> Exchange {
        Exchange(
            name: "info", key: .http(method: "GET", path: "/api/v1/info", port: 80),
            body: Array(#"{"fw_name":"Vnish","fw_version":"1.2.6","miner":"Antminer S19j Pro","mac":"\#(mac)"}"#.utf8))
    }

    static let bmminerVersion = Exchange(
        name: "version", key: .cgminer(command: "version", parameter: nil, port: 4028),
        body: Array(#"{"STATUS":[{"STATUS":"S"}],"VERSION":[{"BMMiner":"1.0.0","Type":"Antminer S19"}]}"#.utf8))

    static func stockIdentity(mac: String) -> Exchange {
        Exchange(
            name: "identity", key: .cgminer(command: "fake-identity", parameter: nil, port: 4028),
            body: Array(#"{"mac":"\#(mac)","serial":"SN-1"}"#.utf8))
    }

    static let routerPage = Exchange(
        name: "root", key: .http(method: "GET", path: "/", port: 80), body: Array("<html>Home router</html>".utf8))

    /// The fake registry, custom first.
    static var registry: DriverRegistry {
        get throws { try DriverRegistry([FakeCustomDriver.self, FakeStockDriver.self]) }
    }
}

/// Transports that hang (until cancelled) on some requests and defer to a replay otherwise.
struct HangingTransport: HTTPTransport, CGMinerTransport {
    let replay: ReplayTransport
    let hangsOn: Set<Exchange.Key>
    /// Called as a request starts hanging.
    var onHang: @Sendable (Exchange.Key) -> Void = { _ in }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        if hangsOn.contains(Exchange.Key(request)) { try await hang(Exchange.Key(request)) }
        return try await replay.send(request)
    }

    func send(_ request: CGMinerRequest) async throws -> [UInt8] {
        if hangsOn.contains(Exchange.Key(request)) { try await hang(Exchange.Key(request)) }
        return try await replay.send(request)
    }

    /// A miner that accepted the connection and never answers: returns only by cancellation.
    private func hang(_ key: Exchange.Key) async throws {
        onHang(key)
        try await Task.sleep(for: .seconds(86_400))
    }
}
