import HiveProtocols
public import Hummingbird

/// An error answered as `{"error":{"code":…,"message":…}}` (plus `"field"` for validation
/// errors), with a fitting status. Messages never contain secrets.
public struct APIError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A stable machine-readable code (`not_found`, `invalid_parameter`, `forbidden`…).
    public var code: String
    /// A sentence for people.
    public var message: String
    /// The offending field or query parameter, for validation errors.
    public var field: String?
    /// Extra headers (`Retry-After`, `WWW-Authenticate`).
    public var headers: HTTPFields

    /// Creates an error.
    public init(
        _ status: HTTPResponse.Status, code: String, message: String, field: String? = nil, headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers
    }

    /// 400 naming the invalid query parameter or body field.
    public static func invalid(_ field: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "invalid_parameter", message: "\(field): \(message)", field: field)
    }

    /// 404.
    public static func notFound(_ what: String) -> APIError {
        APIError(.notFound, code: "not_found", message: "\(what) not found")
    }

    /// 401: not logged in / no valid token.
    public static let unauthenticated = APIError(
        .unauthorized, code: "unauthenticated", message: "authentication required (session or bearer token)",
        headers: [.wwwAuthenticate: "Bearer realm=\"powerhive\""])

    /// 403: the role does not allow it.
    public static func forbidden(_ required: Role) -> APIError {
        APIError(.forbidden, code: "forbidden", message: "this needs the \(required) role")
    }

    /// 403: the CSRF token is missing or wrong.
    public static let csrf = APIError(
        .forbidden, code: "csrf_failed", message: "missing or invalid CSRF token (X-CSRF-Token header or csrf field)")

    /// 503: a feature whose provider is not wired.
    public static func unavailable(_ what: String) -> APIError {
        APIError(.serviceUnavailable, code: "unavailable", message: "\(what) is not available")
    }

    /// The JSON body.
    var body: JSONValue {
        var error: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        if let field { error["field"] = .string(field) }
        return ["error": .object(error)]
    }

    /// The response.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(body, status: status)
        for field in headers { response.headers.append(field) }
        return response
    }

    /// e.g. `404 not_found: miner 12 not found`.
    public var description: String { "\(status.code) \(code): \(message)" }
}

/// JSON responses from ``JSONValue``.
enum JSONResponse {
    /// A JSON response with `Cache-Control: no-store` (API data is live and may be private).
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        let text = value.serialized(sortedKeys: true)
        var headers: HTTPFields = [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"]
        headers[.contentLength] = String(text.utf8.count)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}
