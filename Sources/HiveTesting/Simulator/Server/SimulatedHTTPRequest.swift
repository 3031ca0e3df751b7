public import HiveProtocols

/// An HTTP request as a simulated miner or plant received it.
public struct SimulatedHTTPRequest: Sendable {
    /// Method, e.g. "GET".
    public var method: String
    /// The request target exactly as sent (path and query).
    public var target: String
    /// Headers in order.
    public var headers: [HTTPHeader]
    /// Body bytes.
    public var body: [UInt8]
    /// Whether the client is HTTP/1.0 (closes by default).
    public var isHTTP10: Bool

    /// Creates a request.
    public init(method: String, target: String, headers: [HTTPHeader] = [], body: [UInt8] = [], isHTTP10: Bool = false)
    {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.isHTTP10 = isHTTP10
    }

    /// The path, without the query.
    public var path: String {
        guard let mark = target.firstIndex(of: "?") else { return target }
        return String(target[..<mark])
    }

    /// Query parameters (percent-decoding `%XX` and `+`); a repeated name keeps its first value.
    public var query: [String: String] {
        guard let mark = target.firstIndex(of: "?") else { return [:] }
        return Self.formFields(String(target[target.index(after: mark)...]))
    }

    /// The first header with this name, compared case-insensitively.
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }

    /// Whether the connection should stay open after the response.
    var keepsAlive: Bool {
        let connection = header("Connection")?.lowercased() ?? ""
        if connection.contains("close") { return false }
        return !isHTTP10 || connection.contains("keep-alive")
    }

    /// `a=1&b=two` fields, percent-decoded.
    static func formFields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecoded(String(parts[0]))
            if fields[name] == nil { fields[name] = parts.count > 1 ? percentDecoded(String(parts[1])) : "" }
        }
        return fields
    }

    private static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%"), let high = iterator.next(), let low = iterator.next(),
                let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension HTTPResponse {
    /// A JSON response.
    static func json(_ status: Int = 200, _ body: WireJSON) -> HTTPResponse {
        HTTPResponse(status: status, headers: [HTTPHeader("Content-Type", "application/json")], body: body.bytes)
    }

    /// A JSON response from verbatim text.
    static func jsonText(_ status: Int = 200, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [HTTPHeader("Content-Type", "application/json")], body: Array(text.utf8))
    }

    /// An HTML response.
    static func html(_ status: Int = 200, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [HTTPHeader("Content-Type", "text/html")], body: Array(text.utf8))
    }

    /// The reason phrase for a status.
    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 413: "Payload Too Large"
        case 422: "Unprocessable Entity"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
