import Drivers
import Foundation
import HiveProtocols
import HiveTesting

/// A transport whose answers come from closures, recording every request (for the few paths no
/// fixture can express: timeouts, dropped connections, inline replies).
final class AntminerScriptedTransport: HTTPTransport, CGMinerTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var httpLog: [HTTPRequest] = []
    private var rpcLog: [CGMinerRequest] = []
    let onHTTP: @Sendable (HTTPRequest) throws -> HTTPResponse
    let onRPC: @Sendable (CGMinerRequest) throws -> [UInt8]

    init(
        http: @escaping @Sendable (HTTPRequest) throws -> HTTPResponse = { _ in
            throw DriverError(.unreachable, "no HTTP in this test")
        },
        rpc: @escaping @Sendable (CGMinerRequest) throws -> [UInt8] = { _ in
            throw DriverError(.unreachable, "no CGMiner in this test")
        }
    ) {
        self.onHTTP = http
        self.onRPC = rpc
    }

    var httpRequests: [HTTPRequest] { lock.withLock { httpLog } }
    var rpcRequests: [CGMinerRequest] { lock.withLock { rpcLog } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { httpLog.append(request) }
        return try onHTTP(request)
    }

    func send(_ request: CGMinerRequest) async throws -> [UInt8] {
        lock.withLock { rpcLog.append(request) }
        return try onRPC(request)
    }
}

enum AntminerFixtures {
    static let root = Bundle.module.url(forResource: "DriverFixtures", withExtension: nil)!
        .appendingPathComponent("antminer-stock")

    /// A case of this driver.
    static func load(_ name: String) throws -> FixtureCase {
        try FixtureCase(url: root.appendingPathComponent(name))
    }

    /// The raw body of one of a case's exchanges.
    static func body(_ caseName: String, _ exchange: String) throws -> [UInt8] {
        Array(try Data(contentsOf: root.appendingPathComponent("\(caseName)/exchanges/\(exchange).body")))
    }

    /// A driver replaying a case (optionally while one of its commands runs), with the match
    /// the case's `expected/match.json` names.
    static func driver(
        _ caseName: String, command: String? = nil, model: String? = nil
    ) throws -> (AntminerStockDriver, ReplayTransport) {
        let fixture = try load(caseName)
        let replay = ReplayTransport(case: fixture, command: fixture.commands.first { $0.name == command })
        let expected = try fixture.expected("match")
        let match = DriverMatch(
            driver: AntminerStockDriver.id, model: model ?? expected?["model"]?.string,
            firmwareVersion: expected?["firmware_version"]?.string, confidence: .medium, isStock: true)
        let context = DriverContext(
            host: "127.0.0.1", http: replay, cgminer: replay, credentials: fixture.credentials, match: match)
        return (AntminerStockDriver(context: context), replay)
    }

    /// A driver over a scripted transport.
    static func driver(model: String?, transport: AntminerScriptedTransport) -> AntminerStockDriver {
        let match = model.map {
            DriverMatch(driver: AntminerStockDriver.id, model: $0, confidence: .medium, isStock: true)
        }
        return AntminerStockDriver(
            context: DriverContext(host: "127.0.0.1", http: transport, cgminer: transport, match: match))
    }
}

extension HTTPResponse {
    /// A 200 response carrying `text`.
    static func ok(_ text: String) -> HTTPResponse { HTTPResponse(status: 200, body: Array(text.utf8)) }
}
