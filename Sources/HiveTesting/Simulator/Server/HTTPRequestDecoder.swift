import HiveProtocols
import NIOCore

/// Splits an HTTP/1.x byte stream into requests: request line, headers up to the blank line,
/// then a `Content-Length` body. Enough for miners' clients; chunked request bodies are
/// answered 501 and the connection closed.
struct HTTPRequestDecoder: ByteToMessageDecoder {
    /// A decoded request, or why the stream cannot be read.
    enum Decoded {
        case request(SimulatedHTTPRequest)
        case invalid(status: Int)
    }

    typealias InboundOut = Decoded

    /// Largest header section accepted.
    static let maximumHeaderBytes = 32 * 1024
    /// Largest body accepted.
    static let maximumBodyBytes = 1024 * 1024

    private var failed = false

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard !failed else {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .needMoreData
        }
        let view = buffer.readableBytesView
        guard let end = Self.headerEnd(in: view) else {
            if Self.cannotBeAMethod(view) {
                fail(context, status: 400, buffer: &buffer)
            } else if view.count > Self.maximumHeaderBytes {
                fail(context, status: 413, buffer: &buffer)
            }
            return .needMoreData
        }
        let headerText = String(decoding: view[view.startIndex..<end], as: UTF8.self)
        guard var request = Self.parseHead(headerText) else {
            fail(context, status: 400, buffer: &buffer)
            return .needMoreData
        }
        if request.header("Transfer-Encoding")?.lowercased().contains("chunked") == true {
            fail(context, status: 501, buffer: &buffer)
            return .needMoreData
        }
        let length = Int(request.header("Content-Length")?.trimmingSpaces ?? "0") ?? -1
        guard length >= 0, length <= Self.maximumBodyBytes else {
            fail(context, status: length < 0 ? 400 : 413, buffer: &buffer)
            return .needMoreData
        }
        let headerBytes = end - view.startIndex + 4
        guard buffer.readableBytes >= headerBytes + length else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: headerBytes)
        request.body = buffer.readBytes(length: length) ?? []
        context.fireChannelRead(wrapInboundOut(.request(request)))
        return .continue
    }

    mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws
        -> DecodingState
    {
        while try decode(context: context, buffer: &buffer) == .continue {}
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }

    private mutating func fail(_ context: ChannelHandlerContext, status: Int, buffer: inout ByteBuffer) {
        failed = true
        buffer.moveReaderIndex(to: buffer.writerIndex)
        context.fireChannelRead(wrapInboundOut(.invalid(status: status)))
    }

    /// Whether the bytes so far cannot start a request line: a character that is not allowed in
    /// a method name (RFC 9110 `tchar`) comes before the first space. Servers such as hyper
    /// answer such input (a CGMiner `{"command":…}` sent to an HTTP port) with 400 at once
    /// instead of waiting for a header section that never comes.
    static func cannotBeAMethod(_ view: ByteBufferView) -> Bool {
        let leading = view.prefix { $0 == 13 || $0 == 10 }.count
        for byte in view.dropFirst(leading) {
            if byte == UInt8(ascii: " ") { return false }
            if !isTokenCharacter(byte) { return true }
        }
        return false
    }

    /// RFC 9110 `tchar`: letters, digits and ``!#$%&'*+-.^_`|~``.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// The index of the `\r\n\r\n` that ends the header section.
    static func headerEnd(in view: ByteBufferView) -> ByteBufferView.Index? {
        var index = view.startIndex
        let last = view.endIndex - 3
        while index < last {
            if view[index] == 13, view[index + 1] == 10, view[index + 2] == 13, view[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// Parses the request line and headers; `nil` when malformed.
    static func parseHead(_ text: String) -> SimulatedHTTPRequest? {
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)[...]
        while lines.first?.isEmpty == true { lines = lines.dropFirst() }  // stray CRLFs between requests
        guard let requestLine = lines.popFirst() else { return nil }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1."), parts[1].first == "/" || parts[1] == "*" else {
            return nil
        }
        var headers: [HTTPHeader] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers.append(HTTPHeader(String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingSpaces))
        }
        return SimulatedHTTPRequest(
            method: String(parts[0]), target: String(parts[1]), headers: headers, isHTTP10: parts[2] == "HTTP/1.0")
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let characters = Array(self)
        var start = 0
        var end = characters.count
        while start < end, characters[start] == " " || characters[start] == "\t" { start += 1 }
        while end > start, characters[end - 1] == " " || characters[end - 1] == "\t" { end -= 1 }
        return String(characters[start..<end])
    }
}
