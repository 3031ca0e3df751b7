import Crypto
import Foundation
import NIOCore
import NIOPosix

/// A minimal client for talking to simulated miners over real loopback sockets: send bytes,
/// collect everything until the server closes (or a deadline passes).
enum LoopbackClient {
    /// What a connection produced.
    enum Outcome: Equatable, CustomStringConvertible {
        /// Bytes, then the server closed.
        case reply([UInt8])
        /// The server closed without sending anything.
        case closed
        /// The connection was refused.
        case refused
        /// Nothing complete before the deadline (the connection was then closed).
        case timedOut

        var bytes: [UInt8]? {
            if case .reply(let bytes) = self { return bytes }
            return nil
        }

        var description: String {
            switch self {
            case .reply(let bytes): "reply(\(bytes.count) bytes: \(String(decoding: bytes.prefix(80), as: UTF8.self)))"
            case .closed: "closed"
            case .refused: "refused"
            case .timedOut: "timedOut"
            }
        }
    }

    struct TimedOut: Error {}

    /// Connects, sends `bytes`, collects the reply until the peer closes.
    static func exchange(
        host: String, port: Int, bytes: [UInt8], timeout: Duration = .seconds(30)
    ) async throws -> Outcome {
        let group = MultiThreadedEventLoopGroup.singleton
        let eventLoop = group.next()
        let promise = eventLoop.makePromise(of: [UInt8].self)
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoop)
                .connectTimeout(.seconds(5))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(Collector(promise: promise))
                    }
                }
                .connect(host: host, port: port).get()
        } catch {
            promise.fail(error)
            if "\(error)".lowercased().contains("refused") { return .refused }
            throw error
        }
        let timer = eventLoop.scheduleTask(in: TimeAmount(timeout)) {
            promise.fail(TimedOut())
            channel.close(promise: nil)
        }
        defer { timer.cancel() }
        // A server that closes on accept may close before the write: the reply is then "closed".
        try? await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
        do {
            let received = try await promise.futureResult.get()
            return received.isEmpty ? .closed : .reply(received)
        } catch is TimedOut {
            return .timedOut
        }
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private var bytes: [UInt8] = []
        private let promise: EventLoopPromise<[UInt8]>

        init(promise: EventLoopPromise<[UInt8]>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            bytes.append(contentsOf: Array(buffer: unwrapInboundIn(data)))
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.succeed(bytes)
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}

/// An HTTP response read off the wire.
struct WireResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body as strict JSON (Foundation's parser, no tolerance).
    var strictJSON: Any? { try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }

    init?(_ bytes: [UInt8]) {
        guard let split = bytes.indices.first(where: { bytes[$0...].starts(with: [13, 10, 13, 10]) }) else {
            return nil
        }
        let head = String(decoding: bytes[..<split], as: UTF8.self).components(separatedBy: "\r\n")
        let statusLine = head.first?.split(separator: " ") ?? []
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        self.status = status
        self.headers = head.dropFirst().compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        self.body = Array(bytes[(split + 4)...])
    }
}

/// Requests against a simulated endpoint.
struct TestHTTP {
    var host: String
    var port: Int

    /// Sends one request with `Connection: close`.
    func send(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = [],
        timeout: Duration = .seconds(30)
    ) async throws -> LoopbackClient.Outcome {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { text += "Content-Length: \(body.count)\r\n" }
        text += "\r\n"
        return try await LoopbackClient.exchange(
            host: host, port: port, bytes: Array(text.utf8) + body, timeout: timeout)
    }

    /// Sends and parses the response; fails the test when there is none.
    func response(
        _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []
    ) async throws -> WireResponse {
        let outcome = try await send(method, target, headers: headers, body: body)
        guard let bytes = outcome.bytes, let response = WireResponse(bytes) else { throw NoResponse(outcome: outcome) }
        return response
    }

    /// A JSON POST.
    func post(_ target: String, json: String, headers: [(String, String)] = []) async throws -> WireResponse {
        try await response(
            "POST", target, headers: headers + [("Content-Type", "application/json")], body: Array(json.utf8))
    }

    /// GET with digest authentication: first the challenge, then the answer.
    func digestGET(_ target: String, username: String, password: String) async throws -> WireResponse {
        let challenge = try await response("GET", target)
        guard challenge.status == 401, let header = challenge.header("WWW-Authenticate") else { return challenge }
        let authorization = Digest.authorization(
            challenge: header, method: "GET", uri: target, username: username, password: password)
        return try await response("GET", target, headers: [("Authorization", authorization)])
    }

    struct NoResponse: Error, CustomStringConvertible {
        var outcome: LoopbackClient.Outcome
        var description: String { "no HTTP response: \(outcome)" }
    }
}

/// Computes RFC 7616 MD5 digest answers (independently of the simulator's own code).
enum Digest {
    static func fields(_ header: String) -> [String: String] {
        var fields: [String: String] = [:]
        let body = header.hasPrefix("Digest ") ? String(header.dropFirst(7)) : header
        let pattern = try! NSRegularExpression(pattern: #"(\w+)=(?:"([^"]*)"|([^,\s]+))"#)
        for match in pattern.matches(in: body, range: NSRange(body.startIndex..., in: body)) {
            let name = String(body[Range(match.range(at: 1), in: body)!])
            let value =
                Range(match.range(at: 2), in: body).map { String(body[$0]) }
                ?? Range(match.range(at: 3), in: body).map { String(body[$0]) } ?? ""
            fields[name] = value
        }
        return fields
    }

    static func md5(_ text: String) -> String {
        Insecure.MD5.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    static func authorization(
        challenge: String, method: String, uri: String, username: String, password: String, cnonce: String = "0a4f113b",
        nc: String = "00000001"
    ) -> String {
        let fields = fields(challenge)
        let realm = fields["realm"] ?? ""
        let nonce = fields["nonce"] ?? ""
        let ha1 = md5("\(username):\(realm):\(password)")
        let ha2 = md5("\(method):\(uri)")
        let response = md5("\(ha1):\(nonce):\(nc):\(cnonce):auth:\(ha2)")
        return #"Digest username="\#(username)", realm="\#(realm)", nonce="\#(nonce)", uri="\#(uri)", "#
            + #"qop=auth, nc=\#(nc), cnonce="\#(cnonce)", response="\#(response)""#
    }
}

/// CGMiner API requests.
enum TestCGMiner {
    /// Sends `{"command":…}` and returns the raw reply (NUL included).
    static func send(
        _ command: String, parameter: String? = nil, host: String, port: Int = 4028, timeout: Duration = .seconds(30)
    ) async throws -> LoopbackClient.Outcome {
        var request = #"{"command":"\#(command)""#
        if let parameter { request += #","parameter":"\#(parameter)""# }
        request += "}"
        return try await LoopbackClient.exchange(host: host, port: port, bytes: Array(request.utf8), timeout: timeout)
    }
}
