import NIOCore
import NIOPosix

/// What a fake CGMiner does once a whole request has arrived.
enum ServerStep: Sendable {
    /// Writes these bytes in one go.
    case write([UInt8])
    /// Writes these bytes one per write, flushing each (separate TCP segments).
    case drip([UInt8])
    /// Waits before the next step.
    case delay(TimeAmount)
    /// Closes the connection.
    case close
    /// Aborts the connection with a TCP reset.
    case reset
    /// Waits until the future completes before the next step.
    case waitFor(EventLoopFuture<Void>)
}

/// A fake CGMiner API connection: collects one request (a JSON object, or a length-prefixed
/// message), records it, then plays `steps`. With no steps it never answers (a hung miner).
final class ScriptedCGMinerHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let lengthPrefixed: Bool
    private let steps: @Sendable ([UInt8]) -> [ServerStep]
    private let recorder: ServerRecorder
    private var received: [UInt8] = []
    private var answered = false
    private var finishedReported = false

    init(lengthPrefixed: Bool = false, recorder: ServerRecorder, steps: @escaping @Sendable ([UInt8]) -> [ServerStep]) {
        self.lengthPrefixed = lengthPrefixed
        self.recorder = recorder
        self.steps = steps
    }

    func channelActive(context: ChannelHandlerContext) {
        recorder.connectionOpened()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = Self.unwrapInboundIn(data)
        received += buffer.readableBytesView
        guard !answered, let request = completeRequest() else { return }
        answered = true
        recorder.requestStarted(request)
        play(steps(request)[...], context: context)
    }

    private func completeRequest() -> [UInt8]? {
        if lengthPrefixed {
            guard received.count >= 4 else { return nil }
            let length = Int(received[0]) | Int(received[1]) << 8 | Int(received[2]) << 16 | Int(received[3]) << 24
            return received.count >= 4 + length ? Array(received[4..<(4 + length)]) : nil
        }
        var depth = 0
        var inString = false
        var escaped = false
        for (index, byte) in received.enumerated() {
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
                if depth == 0 { return Array(received[...index]) }
            default: break
            }
        }
        return nil
    }

    private func play(_ steps: ArraySlice<ServerStep>, context: ChannelHandlerContext) {
        guard let step = steps.first else { return }
        let rest = steps.dropFirst()
        switch step {
        case .delay(let amount):
            context.eventLoop.assumeIsolated().scheduleTask(in: amount) {
                self.play(rest, context: context)
            }
            return
        case .waitFor(let future):
            future.hop(to: context.eventLoop).assumeIsolated().whenComplete { _ in
                self.play(rest, context: context)
            }
            return
        case .write(let bytes):
            reportFinished()
            context.writeAndFlush(Self.wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
        case .drip(let bytes):
            reportFinished()
            for byte in bytes {
                context.writeAndFlush(
                    Self.wrapOutboundOut(context.channel.allocator.buffer(bytes: [byte])), promise: nil)
            }
        case .close:
            reportFinished()
            context.close(promise: nil)
        case .reset:
            reportFinished()
            let channel = context.channel
            guard let provider = channel as? any SocketOptionProvider else {
                channel.close(promise: nil)
                return
            }
            provider.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in
                channel.close(promise: nil)
            }
        }
        play(rest, context: context)
    }

    private func reportFinished() {
        guard !finishedReported else { return }
        finishedReported = true
        recorder.requestFinished()
    }
}
