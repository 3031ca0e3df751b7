import Foundation
import NIOCore

/// One request as the test HTTP server parsed it.
struct TestHTTPRequest: Sendable {
    var method: String
    var target: String
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    /// The first header with this name, case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// A response for the test HTTP server to send.
struct TestHTTPResponse: Sendable {
    var status: Int
    var headers: [(name: String, value: String)] = []
    var body: [UInt8] = []

    var bytes: [UInt8] {
        var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }
}

/// A minimal HTTP/1.1 server connection over raw NIO bytes: parses requests with a
/// Content-Length body (keep-alive, one after another) and answers each with `respond`; a nil
/// answer means never answering (a hung miner).
final class LoopbackHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let recorder: ServerRecorder
    private let respond: @Sendable (TestHTTPRequest) -> TestHTTPResponse?
    private var received: [UInt8] = []
    private var hung = false

    init(recorder: ServerRecorder, respond: @escaping @Sendable (TestHTTPRequest) -> TestHTTPResponse?) {
        self.recorder = recorder
        self.respond = respond
    }

    func channelActive(context: ChannelHandlerContext) {
        recorder.connectionOpened()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += Self.unwrapInboundIn(data).readableBytesView
        while !hung, let request = nextRequest() {
            recorder.requestStarted(request.body)
            guard let response = respond(request) else {
                hung = true
                return
            }
            recorder.requestFinished()
            context.writeAndFlush(
                Self.wrapOutboundOut(context.channel.allocator.buffer(bytes: response.bytes)), promise: nil)
        }
    }

    /// Takes one whole request off `received`, if there is one.
    private func nextRequest() -> TestHTTPRequest? {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let headEnd = received.firstRange(of: separator) else { return nil }
        let head = String(decoding: received[..<headEnd.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].drop { $0 == " " }
            return (String(line[..<colon]), String(value))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        guard received.count >= headEnd.upperBound + length else { return nil }
        let body = Array(received[headEnd.upperBound..<(headEnd.upperBound + length)])
        received.removeFirst(headEnd.upperBound + length)
        return TestHTTPRequest(
            method: String(requestLine[0]), target: String(requestLine[1]), headers: headers, body: body)
    }
}
