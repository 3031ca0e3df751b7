/// An error from a driver or a transport.
///
/// A struct around a private code, so new kinds can be added without breaking anyone; ask
/// `kind` (or the `is…` classifiers) instead of matching cases. `description` never contains
/// a password, token, API key or authorization header: response excerpts are cut short and
/// scrubbed.
public struct DriverError: Error, Sendable, CustomStringConvertible {
    /// The kinds of failure.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Code: String, Sendable, Hashable {
            case unreachable = "unreachable"
            case timedOut = "timed out"
            case authenticationFailed = "authentication failed"
            case unexpectedResponse = "unexpected response"
            case unsupported = "unsupported"
            case rejected = "rejected"
        }
        fileprivate let code: Code
        /// The host or port did not accept a connection.
        public static let unreachable = Kind(code: .unreachable)
        /// The deadline passed.
        public static let timedOut = Kind(code: .timedOut)
        /// Credentials were refused.
        public static let authenticationFailed = Kind(code: .authenticationFailed)
        /// The reply could not be understood.
        public static let unexpectedResponse = Kind(code: .unexpectedResponse)
        /// The firmware or driver does not support this.
        public static let unsupported = Kind(code: .unsupported)
        /// The miner refused the command.
        public static let rejected = Kind(code: .rejected)
        public var description: String { code.rawValue }
    }

    /// What went wrong.
    public var kind: Kind
    /// A short explanation.
    public var message: String
    /// The driver involved, if any.
    public var driver: DriverID?
    /// The miner's address.
    public var endpoint: String?
    /// The request, as method + path or command (never a body).
    public var request: String?
    /// A short, scrubbed excerpt of the response.
    public var responseExcerpt: String?
    /// The underlying error.
    public var underlying: (any Error & Sendable)?

    /// Creates an error.
    public init(
        _ kind: Kind, _ message: String, driver: DriverID? = nil, endpoint: String? = nil, request: String? = nil,
        response: String? = nil, underlying: (any Error & Sendable)? = nil
    ) {
        self.kind = kind
        self.message = message
        self.driver = driver
        self.endpoint = endpoint
        self.request = request
        self.responseExcerpt = response.map(DriverError.scrub)
        self.underlying = underlying
    }

    /// Whether trying again later may succeed (timeouts, unreachable hosts).
    public var isTransient: Bool { kind == .timedOut || kind == .unreachable }

    /// A copy with the driver and endpoint filled in where missing.
    public func context(driver: DriverID? = nil, endpoint: String? = nil) -> DriverError {
        var copy = self
        copy.driver = copy.driver ?? driver
        copy.endpoint = copy.endpoint ?? endpoint
        return copy
    }

    public var description: String {
        var parts: [String] = []
        if let endpoint { parts.append(endpoint) }
        if let driver { parts.append(driver.rawValue) }
        var s = (parts.isEmpty ? "" : parts.joined(separator: " ") + ": ") + "\(kind): \(message)"
        if let request { s += " [\(request)]" }
        if let responseExcerpt, !responseExcerpt.isEmpty { s += " response: \(responseExcerpt)" }
        if let underlying { s += " (\(DriverError.scrub(String(describing: underlying))))" }
        return s
    }

    /// Cuts text to 160 characters and blanks anything that looks like a credential.
    static func scrub(_ text: String) -> String {
        let sensitive = [
            "token", "password", "pw", "passwd", "api_key", "apikey", "key", "authorization",
            "secret", "pass", "response", "nonce", "cnonce",
        ]
        var output = ""
        var remaining = Substring(text.prefix(160))
        // Replace values that follow a sensitive name: `"token":"abc"`, `token=abc`, `Bearer abc`.
        while !remaining.isEmpty {
            guard let match = DriverError.nextSensitive(in: remaining, names: sensitive) else {
                output += remaining
                break
            }
            output += remaining[..<match.valueStart] + "***"
            remaining = remaining[match.valueEnd...]
        }
        return output + (text.count > 160 ? "…" : "")
    }

    private static func nextSensitive(
        in text: Substring, names: [String]
    ) -> (valueStart: Substring.Index, valueEnd: Substring.Index)? {
        let lower = text.lowercased()
        var best: (Substring.Index, Substring.Index)?
        for name in names + ["bearer", "digest", "basic"] {
            var searchStart = lower.startIndex
            while let range = lower.range(of: name, range: searchStart..<lower.endIndex) {
                searchStart = range.upperBound
                let offsetEnd = lower.distance(from: lower.startIndex, to: range.upperBound)
                var i = text.index(text.startIndex, offsetBy: offsetEnd)
                // The name must be followed by a separator: `": "`, `=`, `:` or a space (auth schemes).
                // Auth schemes and headers hide everything to the end of the line.
                let isScheme = ["bearer", "digest", "basic", "authorization"].contains(name)
                var sawSeparator = false
                while i < text.endIndex, "\"' :=".contains(text[i]) {
                    if text[i] == ":" || text[i] == "=" || (isScheme && text[i] == " ") { sawSeparator = true }
                    i = text.index(after: i)
                }
                guard sawSeparator, i < text.endIndex else { continue }
                var end = i
                while end < text.endIndex, !"\"',}& \n".contains(text[end]) || (isScheme && text[end] != "\n") {
                    end = text.index(after: end)
                }
                guard end > i else { continue }
                if best == nil || i < best!.0 { best = (i, end) }
                break
            }
        }
        return best
    }
}
