public import HiveProtocols
public import NIOCore

/// Frames CGMiner API replies out of a TCP byte stream, however the miner splits it.
///
/// - `.jsonTerminated`: a reply ends at a NUL byte, at a newline outside any JSON object or
///   array (so pretty-printed replies are not cut at their first line break), or when the peer
///   closes. The terminator (and a `\r` before a newline) is stripped; whitespace before a
///   reply is skipped, so `}\0\n` yields one reply. A NUL right away yields an empty reply.
/// - `.lengthPrefixed`: a 4-byte little-endian length, then that many bytes (Whatsminer API v3).
///   A peer closing mid-reply is an error.
///
/// A reply longer than `maximumReplySize` throws a `DriverError` of kind `.unexpectedResponse`,
/// as does a truncated length-prefixed reply. The scan resumes where it stopped, so a reply
/// dripped one byte at a time costs linear time.
public struct CGMinerReplyDecoder: ByteToMessageDecoder {
    /// One reply, without its framing.
    public typealias InboundOut = ByteBuffer

    /// The default reply size cap: 4 MiB.
    public static let defaultMaximumReplySize = 4 * 1024 * 1024

    /// How replies are framed.
    public let framing: CGMinerRequest.Framing
    /// The largest reply accepted, in bytes (without framing).
    public let maximumReplySize: Int

    /// Bytes of the current reply already scanned, counted from the reader index.
    private var scanned = 0
    /// JSON nesting depth outside strings at `scanned`.
    private var depth = 0
    private var inString = false
    private var escaped = false

    /// Creates a decoder.
    public init(framing: CGMinerRequest.Framing = .jsonTerminated, maximumReplySize: Int = defaultMaximumReplySize) {
        self.framing = framing
        self.maximumReplySize = maximumReplySize
    }

    /// Decodes as many whole replies as `buffer` holds.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let reply: ByteBuffer?
        switch framing {
        case .jsonTerminated: reply = try nextTerminatedReply(&buffer)
        case .lengthPrefixed: reply = try nextLengthPrefixedReply(&buffer)
        }
        guard let reply else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(reply))
        return .continue
    }

    /// Decodes what is left when the peer closes: the unterminated tail of a JSON reply is a
    /// reply of its own; a partial length-prefixed reply is an error.
    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        if try decode(context: context, buffer: &buffer) == .continue { return .continue }
        switch framing {
        case .jsonTerminated:
            guard buffer.readableBytes > 0 else { return .needMoreData }
            let tail = buffer.readSlice(length: buffer.readableBytes) ?? ByteBuffer()
            reset()
            context.fireChannelRead(Self.wrapInboundOut(tail))
            return .needMoreData
        case .lengthPrefixed:
            guard buffer.readableBytes == 0 else {
                let received = buffer.readableBytes
                buffer.moveReaderIndex(forwardBy: received)
                throw DriverError(
                    .unexpectedResponse, "connection closed inside a length-prefixed reply (\(received) bytes received)"
                )
            }
            return .needMoreData
        }
    }

    // MARK: - Framing

    private mutating func nextTerminatedReply(_ buffer: inout ByteBuffer) throws -> ByteBuffer? {
        if scanned == 0 {
            let leading = buffer.readableBytesView.prefix(while: Self.isWhitespace).count
            buffer.moveReaderIndex(forwardBy: leading)
        }
        let view = buffer.readableBytesView
        var index = view.startIndex + scanned
        while index < view.endIndex {
            let byte = view[index]
            if byte == 0 {
                return try takeReply(&buffer, length: index - view.startIndex, terminatorLength: 1)
            }
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth = max(0, depth - 1)
                case UInt8(ascii: "\n") where depth == 0:
                    var length = index - view.startIndex
                    var terminator = 1
                    if length > 0, view[index - 1] == UInt8(ascii: "\r") {
                        length -= 1
                        terminator += 1
                    }
                    return try takeReply(&buffer, length: length, terminatorLength: terminator)
                default: break
                }
            }
            index += 1
        }
        scanned = index - view.startIndex
        if scanned > maximumReplySize { throw tooLarge() }
        return nil
    }

    private mutating func takeReply(_ buffer: inout ByteBuffer, length: Int, terminatorLength: Int) throws -> ByteBuffer
    {
        reset()
        if length > maximumReplySize { throw tooLarge() }
        let reply = buffer.readSlice(length: length) ?? ByteBuffer()
        buffer.moveReaderIndex(forwardBy: terminatorLength)
        return reply
    }

    private func nextLengthPrefixedReply(_ buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, endianness: .little, as: UInt32.self) else {
            return nil
        }
        guard length <= maximumReplySize else { throw tooLarge() }
        guard buffer.readableBytes >= 4 + Int(length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(length))
    }

    private mutating func reset() {
        scanned = 0
        depth = 0
        inString = false
        escaped = false
    }

    private func tooLarge() -> DriverError {
        DriverError(.unexpectedResponse, "reply larger than \(maximumReplySize) bytes")
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\t")
    }
}
