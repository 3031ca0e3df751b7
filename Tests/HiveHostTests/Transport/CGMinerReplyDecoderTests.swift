import HiveHost
import HiveProtocols
import NIOCore
import NIOEmbedded
import NIOTestUtils
import Testing

@Suite("CGMinerReplyDecoder")
struct CGMinerReplyDecoderTests {
    private func buffer(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    @Test("NUL- and newline-terminated replies, whatever the segmentation")
    func terminatedReplies() throws {
        let summary = #"{"STATUS":[{"STATUS":"S","Msg":"Summary"}],"SUMMARY":[{"MHS 5s":1.5}],"id":1}"#
        let pretty = "{\n  \"STATUS\": [\n    {\"STATUS\": \"S\"}\n  ]\n}"
        let quirky = #"{"STATS":[{"a":1}{"b":"x}\"\n{"}],"id":1}"#
        let pairs: [(ByteBuffer, [ByteBuffer])] = [
            (buffer(summary + "\u{0}"), [buffer(summary)]),
            (buffer(summary + "\n"), [buffer(summary)]),
            (buffer(summary + "\r\n"), [buffer(summary)]),
            (buffer(summary + "\u{0}\n"), [buffer(summary)]),  // NUL, then a newline the next reply skips
            (buffer(pretty + "\n"), [buffer(pretty)]),  // newlines inside the JSON do not end it
            (buffer(quirky + "\u{0}"), [buffer(quirky)]),  // brackets and escapes inside strings
            (buffer("STATUS=S,Msg=plain|\u{0}"), [buffer("STATUS=S,Msg=plain|")]),
            (buffer("\u{0}"), [buffer("")]),
            (buffer("[1,2]\n"), [buffer("[1,2]")]),
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            CGMinerReplyDecoder(framing: .jsonTerminated)
        }
    }

    @Test("length-prefixed replies, whatever the segmentation")
    func lengthPrefixedReplies() throws {
        func framed(_ text: String) -> ByteBuffer {
            var buffer = ByteBuffer()
            buffer.writeInteger(UInt32(text.utf8.count), endianness: .little)
            buffer.writeString(text)
            return buffer
        }
        let long = String(repeating: "x", count: 3_000)
        let pairs: [(ByteBuffer, [ByteBuffer])] = [
            (framed(#"{"code":0,"msg":{"a":1}}"#), [buffer(#"{"code":0,"msg":{"a":1}}"#)]),
            (framed("with\u{0}nul\nand newline"), [buffer("with\u{0}nul\nand newline")]),
            (framed(""), [buffer("")]),
            (framed(long), [buffer(long)]),
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) {
            CGMinerReplyDecoder(framing: .lengthPrefixed)
        }
    }

    @Test("a reply without terminator ends when the peer closes")
    func eofFraming() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(CGMinerReplyDecoder()))
        try channel.writeInbound(buffer(#"{"STATUS":[{"STAT"#))
        try channel.writeInbound(buffer(#"US":"S"}],"id":1}"#))
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        channel.pipeline.fireChannelInactive()
        #expect(try channel.readInbound(as: ByteBuffer.self) == buffer(#"{"STATUS":[{"STATUS":"S"}],"id":1}"#))
        _ = try? channel.finish()
    }

    @Test("only whitespace before the peer closes yields no reply")
    func eofWithoutReply() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(CGMinerReplyDecoder()))
        try channel.writeInbound(buffer("\n \r\n"))
        channel.pipeline.fireChannelInactive()
        #expect(try channel.readInbound(as: ByteBuffer.self) == nil)
        _ = try? channel.finish()
    }

    @Test("a truncated length-prefixed reply is an error")
    func truncatedLengthPrefixed() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(CGMinerReplyDecoder(framing: .lengthPrefixed)))
        var partial = ByteBuffer()
        partial.writeInteger(UInt32(10), endianness: .little)
        partial.writeString("12345")
        try channel.writeInbound(partial)
        channel.pipeline.fireChannelInactive()
        #expect(throws: DriverError.self) { try channel.throwIfErrorCaught() }
        _ = try? channel.finish()
    }

    @Test("replies over the cap are refused", arguments: [CGMinerRequest.Framing.jsonTerminated, .lengthPrefixed])
    func cap(framing: CGMinerRequest.Framing) throws {
        let channel = EmbeddedChannel(
            handler: ByteToMessageHandler(CGMinerReplyDecoder(framing: framing, maximumReplySize: 16)))
        var input = ByteBuffer()
        if framing == .lengthPrefixed { input.writeInteger(UInt32(17), endianness: .little) }
        input.writeString(String(repeating: "a", count: 17))
        #expect {
            try channel.writeInbound(input)
        } throws: { error in
            (error as? DriverError)?.kind == .unexpectedResponse
        }
        _ = try? channel.finish()
    }
}
