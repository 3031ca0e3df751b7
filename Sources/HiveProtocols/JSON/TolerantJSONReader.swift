/// Why a miner reply could not be read as JSON, and where.
public struct JSONReadError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Byte offset in the input where reading failed.
    public let offset: Int
    /// A short reason, such as `expected ':' after a key`.
    public let reason: String
    /// Up to 60 characters of the input around ``offset`` (control characters shown as spaces).
    public let excerpt: String

    /// Creates an error; `excerpt` is cut to 60 characters.
    public init(offset: Int, reason: String, excerpt: String = "") {
        self.offset = offset
        self.reason = reason
        self.excerpt = String(excerpt.prefix(60))
    }

    /// `JSON read error at byte <offset>: <reason>`, followed by the excerpt when there is one.
    public var description: String {
        let location = "JSON read error at byte \(offset): \(reason)"
        return excerpt.isEmpty ? location : "\(location) near \"\(excerpt)\""
    }
}

/// A hand-written, depth-limited JSON reader that also accepts what miner firmwares really send.
///
/// Strict JSON reads as usual. On top of that it accepts:
/// 1. leading/trailing whitespace and NUL bytes (a leading UTF-8 BOM too); bytes after a complete
///    top-level object or array are ignored (one S9k firmware appends a stray `"}`);
/// 2. a missing comma between array elements when the next one starts with `{`, `[` or `"`, e.g.
///    old Bitmain `"STATS":[{…}{…}]`;
/// 3. trailing, leading and repeated commas in objects and arrays (`[,1,,2,]`, `{,"a":1,}`);
/// 4. bare `nan`, `inf`, `infinity` (any case, optional sign) — read as ``JSONValue/null``, as are
///    numbers too large for a `Double`, so nothing downstream divides by infinity;
/// 5. a reply starting with commas;
/// 6. an empty value (`"key" : ,` or `"key":}`), read as ``JSONValue/null``;
/// 7. truncated input: the reply is cut back to the last complete member/element and every open
///    container is closed, so a partial input yields a *partial* value. A member whose key,
///    string or keyword is cut off is dropped, as is a number at the very end (it may have lost
///    digits). Input ending before the top-level container holds anything throws;
/// 8. a missing comma between object members when a quote directly follows a value
///    (Whatsminer `"temp":60"temp0":…`);
/// 9. raw control characters in strings (kept as-is); invalid UTF-8 becomes U+FFFD; `\u`
///    escapes with surrogate pairs (a lone surrogate becomes U+FFFD; an unknown escape `\x`
///    yields `x`);
/// 10. numbers with a leading `+`, leading zeros (`007`), or a bare point (`1.`, `.5`); keywords
///    in any case (`TRUE`, `Null`).
///
/// Input that is not JSON at all (empty, HTML, `garbage`) and structural errors inside
/// containers throw ``JSONReadError``; so does nesting deeper than ``maxDepth``.
public struct TolerantJSONReader: Sendable {
    /// The deepest nesting of objects/arrays accepted; deeper input throws instead of
    /// exhausting the stack.
    public static let maxDepth = 512

    /// Reads one JSON value from raw reply bytes (e.g. `[UInt8]`, `ArraySlice<UInt8>`, `Data`).
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONReadError) -> JSONValue {
        var parser = Parser(bytes: Array(bytes))
        return try parser.parseDocument()
    }

    /// Reads one JSON value from text.
    public static func parse(_ text: String) throws(JSONReadError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

extension TolerantJSONReader {
    /// The reading state: the whole input, a cursor and the current depth.
    struct Parser {
        let bytes: [UInt8]
        var position = 0
        var depth = 0
        /// Set when a container ended because the input ran out.
        var truncated = false

        init(bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { position >= bytes.count }

        mutating func parseDocument() throws(JSONReadError) -> JSONValue {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
            skipBlanks(andCommas: true)
            guard !atEnd else { throw failure("empty input", at: position) }
            let start = position
            guard let value = try parseValue(inContainer: false) else {
                throw failure("input ends inside the value", at: start)
            }
            let isContainer = value.array != nil || value.object != nil
            if truncated, value.array?.isEmpty == true || value.object?.isEmpty == true {
                throw failure("input ends before the first complete member", at: bytes.count)
            }
            skipBlanks()
            if !atEnd, !isContainer { throw failure("unexpected bytes after the value", at: position) }
            return value
        }

        /// Reads the value at the cursor (which must not be at the end); `nil` when the input ends
        /// inside it.
        mutating func parseValue(inContainer: Bool) throws(JSONReadError) -> JSONValue? {
            switch bytes[position] {
            case UInt8(ascii: "{"): return try parseObject()
            case UInt8(ascii: "["): return try parseArray()
            case UInt8(ascii: "\""): return parseString().map(JSONValue.string)
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return try parseNumber(inContainer: inContainer)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                return try parseKeyword(inContainer: inContainer)
            default:
                throw failure("unexpected character", at: position)
            }
        }

        private mutating func enterContainer() throws(JSONReadError) {
            guard depth < TolerantJSONReader.maxDepth else {
                throw failure("nesting deeper than \(TolerantJSONReader.maxDepth)", at: position)
            }
            depth += 1
            position += 1
        }

        private mutating func parseObject() throws(JSONReadError) -> JSONValue {
            try enterContainer()
            defer { depth -= 1 }
            var members: [String: JSONValue] = [:]
            while true {
                skipBlanks()
                guard !atEnd else { break }
                switch bytes[position] {
                case UInt8(ascii: "}"):
                    position += 1
                    return .object(members)
                case UInt8(ascii: ","):
                    position += 1
                    continue
                case UInt8(ascii: "\""):
                    break
                default:
                    throw failure("expected a quoted key", at: position)
                }
                guard let key = parseString() else { break }
                skipBlanks()
                guard !atEnd else { break }
                guard bytes[position] == UInt8(ascii: ":") else {
                    throw failure("expected ':' after a key", at: position)
                }
                position += 1
                skipBlanks()
                guard !atEnd else { break }
                if bytes[position] == UInt8(ascii: ",") || bytes[position] == UInt8(ascii: "}") {
                    members[key] = .null
                    continue
                }
                guard let value = try parseValue(inContainer: true) else { break }
                members[key] = value
                skipBlanks()
                guard !atEnd else { break }
                switch bytes[position] {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "}"): continue  // closed at the top of the loop
                case UInt8(ascii: "\""): continue  // missing comma before the next key
                default: throw failure("expected ',' or '}' after a value", at: position)
                }
            }
            truncated = true
            return .object(members)
        }

        private mutating func parseArray() throws(JSONReadError) -> JSONValue {
            try enterContainer()
            defer { depth -= 1 }
            var elements: [JSONValue] = []
            while true {
                skipBlanks()
                guard !atEnd else { break }
                switch bytes[position] {
                case UInt8(ascii: "]"):
                    position += 1
                    return .array(elements)
                case UInt8(ascii: ","):
                    position += 1
                    continue
                default:
                    break
                }
                guard let element = try parseValue(inContainer: true) else { break }
                elements.append(element)
                skipBlanks()
                guard !atEnd else { break }
                switch bytes[position] {
                case UInt8(ascii: ","): position += 1
                case UInt8(ascii: "]"): continue  // closed at the top of the loop
                case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "\""): continue  // missing comma (`}{`)
                default: throw failure("expected ',' or ']' after a value", at: position)
                }
            }
            truncated = true
            return .array(elements)
        }

        /// Skips whitespace and NUL bytes (and commas, when asked).
        mutating func skipBlanks(andCommas: Bool = false) {
            while position < bytes.count {
                switch bytes[position] {
                case 0, UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    position += 1
                case UInt8(ascii: ",") where andCommas:
                    position += 1
                default:
                    return
                }
            }
        }

        /// True when only whitespace and NULs follow `index`.
        func onlyBlanks(from index: Int) -> Bool {
            bytes[index...].allSatisfy { [0, 0x20, 0x09, 0x0A, 0x0D].contains($0) }
        }

        /// An error at `offset` with up to 60 characters of input around it.
        func failure(_ reason: String, at offset: Int) -> JSONReadError {
            let start = max(0, min(offset, bytes.count) - 20)
            let end = min(bytes.count, start + 60)
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            let excerpt = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
            return JSONReadError(offset: offset, reason: reason, excerpt: excerpt)
        }
    }
}
