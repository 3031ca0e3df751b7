public import Foundation
public import HiveProtocols

/// One recorded request and its response (`exchanges/<name>.json` + `<name>.body`).
public struct Exchange: Sendable {
    /// What the exchange answers.
    public enum Key: Hashable, Sendable, CustomStringConvertible {
        /// HTTP method, path, port.
        case http(method: String, path: String, port: Int)
        /// CGMiner command, parameter, port.
        case cgminer(command: String, parameter: String?, port: Int)

        /// The key of a request.
        public init(_ request: HTTPRequest) {
            self = .http(method: request.method.uppercased(), path: request.path, port: request.port)
        }

        /// The key of a request.
        public init(_ request: CGMinerRequest) {
            self = .cgminer(command: request.command, parameter: request.parameter, port: request.port)
        }

        /// The port.
        public var port: Int {
            switch self {
            case .http(_, _, let port), .cgminer(_, _, let port): port
            }
        }

        public var description: String {
            switch self {
            case .http(let method, let path, let port): "\(method) \(path)" + (port == 80 ? "" : " :\(port)")
            case .cgminer(let command, let parameter, let port):
                "cgminer \(command)" + (parameter.map { "(\($0))" } ?? "") + (port == 4028 ? "" : " :\(port)")
            }
        }
    }

    /// The file name without extension (orders exchanges with the same key).
    public var name: String
    /// The key.
    public var key: Key
    /// HTTP status (HTTP only).
    public var status: Int
    /// HTTP response headers (HTTP only).
    public var headers: [HTTPHeader]
    /// The response bytes.
    public var body: [UInt8]
    /// The request body a write must send, if the recording says.
    public var expectedRequestBody: JSONValue?
    /// The auth kind the request must use ("none", "basic", "digest", "bearer", "api-key"), if given.
    public var expectedAuth: String?
    /// Where the bytes came from.
    public var source: String?
    /// How the CGMiner request and reply are framed on the wire (CGMiner only; `framing` in
    /// the recording, `jsonTerminated` by default).
    public var framing: CGMinerRequest.Framing = .jsonTerminated

    /// Creates an exchange.
    public init(
        name: String, key: Key, status: Int = 200, headers: [HTTPHeader] = [], body: [UInt8],
        expectedRequestBody: JSONValue? = nil, expectedAuth: String? = nil, source: String? = nil
    ) {
        self.name = name
        self.key = key
        self.status = status
        self.headers = headers
        self.body = body
        self.expectedRequestBody = expectedRequestBody
        self.expectedAuth = expectedAuth
        self.source = source
    }

    /// Loads every `*.json` (+ `.body`) pair in a folder, in file-name order. A missing folder is empty.
    public static func loadFolder(_ folder: URL) throws -> [Exchange] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try load(folder.appendingPathComponent($0)) }
    }

    /// Loads one exchange from its `.json` file.
    public static func load(_ url: URL) throws -> Exchange {
        let meta = try FixtureCase.readJSON(url)
        let name = url.deletingPathExtension().lastPathComponent
        let bodyURL = url.deletingPathExtension().appendingPathExtension("body")
        let body = (try? Data(contentsOf: bodyURL)).map { Array($0) } ?? []
        if let http = meta["http"] {
            guard let path = http["path"]?.string else { throw FixtureError("\(url.path): http.path missing") }
            let method = (http["method"]?.string ?? "GET").uppercased()
            let headers =
                meta["response"]?["headers"]?.array?.compactMap { pair -> HTTPHeader? in
                    guard let name = pair[0]?.string, let value = pair[1]?.string else { return nil }
                    return HTTPHeader(name, value)
                } ?? []
            return Exchange(
                name: name, key: .http(method: method, path: path, port: http["port"]?.int ?? 80),
                status: meta["response"]?["status"]?.int ?? 200, headers: headers, body: body,
                expectedRequestBody: http["body"], expectedAuth: http["auth"]?.string, source: meta["source"]?.string)
        }
        if let cg = meta["cgminer"] {
            guard let command = cg["command"]?.string else {
                throw FixtureError("\(url.path): cgminer.command missing")
            }
            var exchange = Exchange(
                name: name,
                key: .cgminer(command: command, parameter: cg["parameter"]?.string, port: cg["port"]?.int ?? 4028),
                body: body, expectedRequestBody: cg["payload"], source: meta["source"]?.string)
            if let framing = cg["framing"]?.string {
                guard let parsed = CGMinerRequest.Framing(rawValue: framing) else {
                    throw FixtureError("\(url.path): unknown cgminer.framing \"\(framing)\"")
                }
                exchange.framing = parsed
            }
            return exchange
        }
        throw FixtureError("\(url.path): needs an \"http\" or \"cgminer\" object")
    }
}
