import HiveProtocols
import NIOCore

/// Answers HTTP/1.1 requests one at a time, in order, with keep-alive, applying the
/// endpoint's faults (hang, delay, garbage) and closing when the endpoint is unreachable.
final class HTTPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPRequestDecoder.Decoded
    typealias OutboundOut = ByteBuffer

    private let endpoint: any ServedEndpoint
    private let address: String
    private let port: Int
    private var queue: [HTTPRequestDecoder.Decoded] = []
    private var busy = false
    private var hung = false
    /// A request has been read and its reply not yet started.
    private var inProgress = false
    private var scheduled: Scheduled<Void>?

    init(endpoint: any ServedEndpoint, address: String, port: Int) {
        self.endpoint = endpoint
        self.address = address
        self.port = port
    }

    func channelActive(context: ChannelHandlerContext) {
        if !endpoint.admits(address) { context.close(promise: nil) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !hung else { return }
        queue.append(unwrapInboundIn(data))
        processNext(context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        scheduled?.cancel()
        scheduled = nil
        queue.removeAll()
        endRequest()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func processNext(context: ChannelHandlerContext) {
        guard !busy, !hung, !queue.isEmpty else { return }
        let next = queue.removeFirst()
        guard endpoint.admits(address) else {
            context.close(promise: nil)
            return
        }
        let plan = endpoint.nextReply()
        inProgress = true
        endpoint.requestStarted(port: port)
        if plan.hang {
            hung = true
            queue.removeAll()
            return
        }
        var response: HTTPResponse
        var keepAlive: Bool
        var isHead = false
        switch next {
        case .request(let request):
            response = endpoint.respond(to: request, address: address, port: port)
            keepAlive = request.keepsAlive
            isHead = request.method == "HEAD"
        case .invalid(let status):
            response = .html(status, "<html><body><h1>\(status) \(HTTPResponse.reason(status))</h1></body></html>")
            keepAlive = false
        }
        if let variant = plan.garbage { response.body = Garbage.corrupt(response.body, variant: variant) }
        busy = true
        let bytes = Self.serialize(response, keepAlive: keepAlive, includeBody: !isHead)
        let send = { [weak self] in
            guard let self else { return }
            self.scheduled = nil
            self.endRequest()
            let written = context.writeAndFlush(self.wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)))
            self.busy = false
            if keepAlive {
                self.processNext(context: context)
            } else {
                written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            }
        }
        if plan.delay > .zero {
            scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(plan.delay)) { send() }
        } else {
            send()
        }
    }

    private func endRequest() {
        guard inProgress else { return }
        inProgress = false
        endpoint.requestEnded(port: port)
    }

    /// The response on the wire: status line, headers (with `Content-Length` and
    /// `Connection`), body.
    static func serialize(_ response: HTTPResponse, keepAlive: Bool, includeBody: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status) \(HTTPResponse.reason(response.status))\r\n"
        for header in response.headers where !["content-length", "connection"].contains(header.name.lowercased()) {
            head += "\(header.name): \(header.value)\r\n"
        }
        head += "Content-Length: \(response.body.count)\r\n"
        head += "Connection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        var bytes = Array(head.utf8)
        if includeBody { bytes.append(contentsOf: response.body) }
        return bytes
    }
}
