extension TolerantJSONReader.Parser {
    // MARK: Strings

    /// Reads the string whose opening quote is at the cursor; `nil` if the input ends inside it.
    ///
    /// Raw control characters are kept, invalid UTF-8 becomes U+FFFD, a lone surrogate escape
    /// becomes U+FFFD and an unknown escape `\x` yields `x`.
    mutating func parseString() -> String? {
        position += 1
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                position += 1
                return String(decoding: bytes[start..<position - 1], as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            position += 1
        }
        var buffer = Array(bytes[start..<position])
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(decoding: buffer, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard position < bytes.count else { return nil }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "b"): buffer.append(0x08)
                case UInt8(ascii: "f"): buffer.append(0x0C)
                case UInt8(ascii: "n"): buffer.append(0x0A)
                case UInt8(ascii: "r"): buffer.append(0x0D)
                case UInt8(ascii: "t"): buffer.append(0x09)
                case UInt8(ascii: "u"): appendUnicodeEscape(to: &buffer)
                default: buffer.append(escaped)
                }
            default:
                buffer.append(byte)
            }
        }
        return nil
    }

    /// Decodes the `XXXX` (and a following `\uXXXX` low surrogate) after a `\u` at the cursor.
    private mutating func appendUnicodeEscape(to buffer: inout [UInt8]) {
        let replacement: Unicode.Scalar = "\u{FFFD}"
        guard let unit = hex4(at: position) else {
            UTF8.encode(replacement) { buffer.append($0) }
            return
        }
        position += 4
        var scalar = Unicode.Scalar(unit)
        if (0xD800...0xDBFF).contains(unit), position + 6 <= bytes.count,
            bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u"),
            let low = hex4(at: position + 2), (0xDC00...0xDFFF).contains(low)
        {
            scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            position += 6
        }
        UTF8.encode(scalar ?? replacement) { buffer.append($0) }
    }

    private func hex4(at index: Int) -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    // MARK: Numbers and keywords

    /// Reads a number (`+1`, `007`, `1.`, `.5`, `-2e3`) or a signed `inf`/`nan`.
    ///
    /// Non-finite results are `.null`. Inside a container, a number that ends the input is
    /// `nil` (it may have lost digits).
    mutating func parseNumber(inContainer: Bool) throws(JSONReadError) -> JSONValue? {
        let start = position
        var text = ""
        if bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+") {
            if bytes[position] == UInt8(ascii: "-") { text = "-" }
            position += 1
            if position < bytes.count, isLetter(bytes[position]) {
                let keyword = try parseKeyword(inContainer: inContainer)
                if keyword == nil || keyword == .null { return keyword }
                throw failure("unexpected sign before a keyword", at: start)
            }
        }
        let integer = digitRun()
        var fraction: ArraySlice<UInt8> = []
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            fraction = digitRun()
        }
        guard !integer.isEmpty || !fraction.isEmpty else {
            if position >= bytes.count, inContainer { return nil }
            throw failure("malformed number", at: start)
        }
        text += integer.isEmpty ? "0" : String(decoding: integer, as: UTF8.self)
        if !fraction.isEmpty { text += "." + String(decoding: fraction, as: UTF8.self) }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            var cursor = position + 1
            var sign = ""
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "-") || bytes[cursor] == UInt8(ascii: "+") {
                sign = bytes[cursor] == UInt8(ascii: "-") ? "-" : ""
                cursor += 1
            }
            if cursor < bytes.count, isDigit(bytes[cursor]) {
                position = cursor
                text += "e" + sign + String(decoding: digitRun(), as: UTF8.self)
            } else if cursor >= bytes.count, inContainer {
                return nil
            }
        }
        if inContainer, onlyBlanks(from: position) { return nil }
        guard let value = Double(text), value.isFinite else { return .null }
        return .number(value)
    }

    /// Reads `true`, `false`, `null`, `nan`, `inf` or `infinity` (any case).
    ///
    /// `nil` when the input ends inside what could still become one of them (in a container).
    mutating func parseKeyword(inContainer: Bool) throws(JSONReadError) -> JSONValue? {
        let start = position
        while position < bytes.count,
            isLetter(bytes[position]) || isDigit(bytes[position])
                || bytes[position] == UInt8(ascii: "_")
        {
            position += 1
        }
        let word = String(decoding: bytes[start..<position], as: UTF8.self).lowercased()
        switch word {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null", "nan", "inf", "infinity": return .null
        default:
            let keywords = ["true", "false", "null", "nan", "infinity"]
            if position >= bytes.count, inContainer, keywords.contains(where: { $0.hasPrefix(word) }) {
                return nil
            }
            throw failure("unexpected word", at: start)
        }
    }

    private mutating func digitRun() -> ArraySlice<UInt8> {
        let start = position
        while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        return bytes[start..<position]
    }

    private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    private func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }
}
