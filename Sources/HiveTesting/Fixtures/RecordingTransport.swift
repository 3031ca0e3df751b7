public import Foundation
public import HiveProtocols
import NIOConcurrencyHelpers

/// Wraps live transports and writes every exchange into a fixture case folder
/// (`exchanges/NNN-<slug>.json` + `.body`), in the format `ReplayTransport` reads back.
///
/// Secrets are kept out of the recording: auth is applied below this layer so no header is
/// seen, and JSON string values under keys such as `token`, `key`, `pw` and `password` in
/// bodies are replaced by `"REDACTED"`.
public final class RecordingTransport: HTTPTransport, CGMinerTransport, Sendable {
    private let http: any HTTPTransport
    private let cgminer: any CGMinerTransport
    private let folder: URL
    private let counter = NIOLockedValueBox(0)
    private let failures = NIOLockedValueBox<[String]>([])

    /// Keys whose string values are redacted from recorded bodies.
    public static let secretKeys: Set<String> = [
        "token", "key", "apikey", "api_key", "pw", "password", "pass", "passwd", "salt", "newsalt",
    ]

    /// Creates a recorder writing into `caseFolder/exchanges/` (created if missing).
    public init(http: any HTTPTransport, cgminer: any CGMinerTransport, caseFolder: URL) throws {
        self.http = http
        self.cgminer = cgminer
        self.folder = caseFolder.appendingPathComponent("exchanges")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Files that could not be written, if any.
    public var writeFailures: [String] { failures.withLockedValue { $0 } }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let response = try await http.send(request)
        var http: [String: JSONValue] = [
            "method": .string(request.method), "path": .string(request.path), "port": .number(Double(request.port)),
            "auth": .string(ReplayTransport.authKind(request.auth)),
        ]
        if let body = request.body, let json = try? TolerantJSONReader.parse(body) { http["body"] = Self.redact(json) }
        let meta: JSONValue = .object([
            "http": .object(http),
            "response": .object([
                "status": .number(Double(response.status)),
                "headers": .array(
                    response.headers.filter { !["set-cookie", "authorization"].contains($0.name.lowercased()) }
                        .map { .array([.string($0.name), .string($0.value)]) }),
            ]),
            "source": .string("recorded by powerhive record"),
        ])
        write(meta, body: Self.redactBody(response.body), slug: request.method + request.path)
        return response
    }

    public func send(_ request: CGMinerRequest) async throws -> [UInt8] {
        let reply = try await cgminer.send(request)
        var cg: [String: JSONValue] = ["command": .string(request.command), "port": .number(Double(request.port))]
        if let parameter = request.parameter { cg["parameter"] = .string(parameter) }
        write(
            .object(["cgminer": .object(cg), "source": .string("recorded by powerhive record")]),
            body: Self.redactBody(reply), slug: "cgminer-" + request.command)
        return reply
    }

    private func write(_ meta: JSONValue, body: [UInt8], slug: String) {
        let n = counter.withLockedValue { value -> Int in
            value += 1
            return value
        }
        let safe = String(slug.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.prefix(60))
        let base = folder.appendingPathComponent(String(format: "%03d-%@", n, safe))
        do {
            try Data((meta.serialized() + "\n").utf8).write(to: base.appendingPathExtension("json"))
            try Data(body).write(to: base.appendingPathExtension("body"))
        } catch {
            failures.withLockedValue { $0.append("\(base.path): \(error)") }
        }
    }

    static func redactBody(_ body: [UInt8]) -> [UInt8] {
        guard let json = try? TolerantJSONReader.parse(body), case .object = json else { return body }
        let redacted = redact(json)
        return redacted == json ? body : Array(redacted.serialized().utf8)
    }

    static func redact(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            var copy: [String: JSONValue] = [:]
            for (key, value) in object {
                if secretKeys.contains(key.lowercased()), case .string = value {
                    copy[key] = .string("REDACTED")
                } else {
                    copy[key] = redact(value)
                }
            }
            return .object(copy)
        case .array(let array): return .array(array.map(redact))
        default: return value
        }
    }
}
