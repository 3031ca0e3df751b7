/// Splits `WWW-Authenticate` header values into challenges (RFC 9110 §11.6.1).
///
/// `Digest realm="a, b", nonce=abc, Basic realm="x"` yields two challenges; parameter
/// names and schemes are lower-cased, quoted values unescaped. Token68 forms (`Negotiate
/// abc==`) are kept as a parameter with an empty name. Never fails: garbage yields garbage
/// parameters, which the caller validates.
struct AuthenticateHeaderParser {
    /// One challenge: its scheme and parameters in order.
    struct Challenge: Equatable {
        var scheme: String
        var parameters: [(name: String, value: String)]

        static func == (lhs: Challenge, rhs: Challenge) -> Bool {
            lhs.scheme == rhs.scheme && lhs.parameters.map(\.name) == rhs.parameters.map(\.name)
                && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
        }

        /// The value of the first parameter with this (lower-case) name.
        subscript(name: String) -> String? {
            parameters.first { $0.name == name }?.value
        }
    }

    private let bytes: [UInt8]
    private var index = 0

    private init(_ text: String) {
        bytes = Array(text.utf8)
    }

    /// The challenges in `headerValues`, in order.
    static func challenges(in headerValues: [String]) -> [Challenge] {
        headerValues.flatMap { value -> [Challenge] in
            var parser = AuthenticateHeaderParser(value)
            return parser.parse()
        }
    }

    private mutating func parse() -> [Challenge] {
        var result: [Challenge] = []
        while true {
            skip { $0 == UInt8(ascii: ",") || Self.isSpace($0) }
            guard index < bytes.count else { break }
            let token = readToken()
            guard !token.isEmpty else {
                index += 1  // a stray character: step over it
                continue
            }
            let afterToken = index
            skip(Self.isSpace)
            if index < bytes.count, bytes[index] == UInt8(ascii: "="), !result.isEmpty, !isToken68Tail() {
                index += 1
                skip(Self.isSpace)
                result[result.count - 1].parameters.append((token.lowercased(), readValue()))
            } else {
                index = afterToken
                result.append(Challenge(scheme: token.lowercased(), parameters: []))
                skip(Self.isSpace)
                if let token68 = readToken68() {
                    result[result.count - 1].parameters.append(("", token68))
                }
            }
        }
        return result
    }

    /// Whether the `=` at `index` starts the padding of a token68 (`abc==`) rather than a value.
    private func isToken68Tail() -> Bool {
        var i = index
        while i < bytes.count, bytes[i] == UInt8(ascii: "=") { i += 1 }
        let equalsCount = i - index
        return equalsCount > 1 && (i == bytes.count || bytes[i] == UInt8(ascii: ","))
    }

    /// Reads a token68 after a scheme when one follows (`Basic abc==`), restoring `index` otherwise.
    private mutating func readToken68() -> String? {
        let start = index
        let token = readToken(allowing: "-._~+/")
        guard !token.isEmpty else { return nil }
        var i = index
        while i < bytes.count, bytes[i] == UInt8(ascii: "=") { i += 1 }
        var j = i
        while j < bytes.count, Self.isSpace(bytes[j]) { j += 1 }
        if i > index, j == bytes.count || bytes[j] == UInt8(ascii: ",") {
            let padding = String(repeating: "=", count: i - index)
            index = i
            return token + padding
        }
        if i == index, j == bytes.count || bytes[j] == UInt8(ascii: ",") {
            return token
        }
        index = start  // `name=value`: a parameter, not a token68
        return nil
    }

    private mutating func readValue() -> String {
        guard index < bytes.count else { return "" }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            var value: [UInt8] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
                value.append(bytes[index])
                index += 1
            }
            index += 1  // closing quote (or past the end if unterminated)
            return String(decoding: value, as: UTF8.self)
        }
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: ","), !Self.isSpace(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func readToken(allowing extra: String = "") -> String {
        let extraBytes = Array(extra.utf8)
        let start = index
        while index < bytes.count, Self.isTokenByte(bytes[index]) || extraBytes.contains(bytes[index]) { index += 1 }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func skip(_ predicate: (UInt8) -> Bool) {
        while index < bytes.count, predicate(bytes[index]) { index += 1 }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\n")
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
