import NIOCore

/// Completes `promise` with the first framed reply (then closes the connection), with nil when
/// the peer closes before a reply, or with the pipeline's error.
final class CGMinerReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let promise: EventLoopPromise<ByteBuffer?>

    init(promise: EventLoopPromise<ByteBuffer?>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        promise.succeed(Self.unwrapInboundIn(data))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.succeed(nil)  // ignored if a reply or an error came first
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        promise.succeed(nil)
    }
}
