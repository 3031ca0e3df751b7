import NIOCore

/// Collects one CGMiner request: a balanced JSON object, or (like CGMiner, which reads its
/// socket once) whatever `command|parameter` text the first read brought.
struct CGMinerRequestDecoder: ByteToMessageDecoder {
    typealias InboundOut = [UInt8]

    /// Largest request accepted.
    static let maximumBytes = 64 * 1024

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let length = Self.requestLength(view) else {
            if view.count > Self.maximumBytes {
                buffer.moveReaderIndex(to: buffer.writerIndex)
                context.fireChannelRead(wrapInboundOut([]))
            }
            return .needMoreData
        }
        context.fireChannelRead(wrapInboundOut(buffer.readBytes(length: length) ?? []))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws
        -> DecodingState
    {
        if try decode(context: context, buffer: &buffer) == .continue { return .continue }
        if buffer.readableBytes > 0 {
            context.fireChannelRead(wrapInboundOut(buffer.readBytes(length: buffer.readableBytes) ?? []))
        }
        return .needMoreData
    }

    /// The length of the first complete request in `view`, if there is one.
    static func requestLength(_ view: ByteBufferView) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        var started = false
        for (offset, byte) in view.enumerated() {
            if !started {
                if byte == UInt8(ascii: "{") {
                    started = true
                    depth = 1
                    continue
                }
                if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { continue }
                return view.count
            }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return offset + 1 }
            default: break
            }
        }
        return nil
    }
}

/// Collects one length-prefixed request (Whatsminer API v3): a 4-byte little-endian length,
/// then that many bytes. A length over ``CGMinerRequestDecoder/maximumBytes`` is passed on as
/// an empty request (the personality answers it as unreadable).
struct LengthPrefixedRequestDecoder: ByteToMessageDecoder {
    typealias InboundOut = [UInt8]

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: UInt32.self) else {
            return .needMoreData
        }
        guard Int(length) <= CGMinerRequestDecoder.maximumBytes else {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            context.fireChannelRead(wrapInboundOut([]))
            return .continue
        }
        guard buffer.readableBytes >= 4 + Int(length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 4)
        context.fireChannelRead(wrapInboundOut(buffer.readBytes(length: Int(length)) ?? []))
        return .continue
    }
}

/// Answers one CGMiner request per connection with a NUL-terminated reply (or, for
/// length-prefixed framing, a 4-byte little-endian length and the reply), then closes, as
/// CGMiner and BMMiner do.
final class CGMinerConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = [UInt8]
    typealias OutboundOut = ByteBuffer

    private let endpoint: any ServedEndpoint
    private let address: String
    private let port: Int
    private let lengthPrefixed: Bool
    private var answered = false
    /// The request has been read and its reply not yet started.
    private var inProgress = false
    private var scheduled: Scheduled<Void>?

    init(endpoint: any ServedEndpoint, address: String, port: Int, lengthPrefixed: Bool = false) {
        self.endpoint = endpoint
        self.address = address
        self.port = port
        self.lengthPrefixed = lengthPrefixed
    }

    func channelActive(context: ChannelHandlerContext) {
        if !endpoint.admits(address) { context.close(promise: nil) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !answered else { return }
        answered = true
        guard endpoint.admits(address) else {
            context.close(promise: nil)
            return
        }
        let plan = endpoint.nextReply()
        inProgress = true
        endpoint.requestStarted(port: port)
        guard !plan.hang else { return }
        var reply = endpoint.respond(toCGMiner: CGMinerCall(bytes: unwrapInboundIn(data)), address: address, port: port)
        if let variant = plan.garbage { reply = Garbage.corrupt(reply, variant: variant) }
        if lengthPrefixed {
            let length = UInt32(truncatingIfNeeded: reply.count)
            reply.insert(contentsOf: (0..<4).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) }, at: 0)
        } else {
            reply.append(0)
        }
        let send = { [weak self] in
            guard let self else { return }
            self.scheduled = nil
            self.endRequest()
            context.writeAndFlush(self.wrapOutboundOut(context.channel.allocator.buffer(bytes: reply)))
                .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
        if plan.delay > .zero {
            scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(plan.delay)) { send() }
        } else {
            send()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        scheduled?.cancel()
        scheduled = nil
        endRequest()
        context.fireChannelInactive()
    }

    private func endRequest() {
        guard inProgress else { return }
        inProgress = false
        endpoint.requestEnded(port: port)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
