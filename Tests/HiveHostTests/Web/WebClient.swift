import Foundation
import HiveProtocols
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HiveHost

/// How a test request authenticates.
enum WebAuth: Sendable, CustomStringConvertible {
    case anonymous
    case token(String)
    case session(cookie: String, csrf: String)

    var description: String {
        switch self {
        case .anonymous: "anonymous"
        case .token: "token"
        case .session: "session"
        }
    }
}

/// A response with its body as text and JSON.
struct WebResponse: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String

    var json: JSONValue? { try? TolerantJSONReader.parse(text) }

    /// `Set-Cookie` values by cookie name.
    var cookies: [String: String] {
        var result: [String: String] = [:]
        for field in headers where field.name == .setCookie {
            let pair = field.value.split(separator: ";").first ?? ""
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }

    var setCookieLines: [String] { headers.filter { $0.name == .setCookie }.map(\.value) }

    /// `error.code` of an error body.
    var errorCode: String? { json?["error"]?["code"]?.string }
}

/// Test requests with cookies, tokens, CSRF headers, JSON and form bodies.
struct WebClient: Sendable {
    let client: any TestClientProtocol
    let fixture: WebFixture

    func send(
        _ method: HTTPRequest.Method, _ path: String, auth: WebAuth = .anonymous, json: JSONValue? = nil,
        form: [String: String]? = nil, cookies: [String: String] = [:], headers extra: HTTPFields = [:],
        csrf: Bool = true
    ) async throws -> WebResponse {
        var headers = extra
        var cookies = cookies
        switch auth {
        case .anonymous: break
        case .token(let token): headers[.authorization] = "Bearer \(token)"
        case .session(let cookie, let token):
            cookies["ph_session"] = cookie
            if csrf, form == nil { headers[HTTPFields.Element.Name("X-CSRF-Token")!] = token }
        }
        if !cookies.isEmpty {
            headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ")
        }
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(string: json.serialized())
        } else if var form {
            if case .session(_, let token) = auth, csrf, form["csrf"] == nil { form["csrf"] = token }
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(
                string: form.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&"))
        }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body)
        return WebResponse(
            status: response.status, headers: response.headers, text: String(buffer: response.body))
    }

    func get(_ path: String, auth: WebAuth = .anonymous) async throws -> WebResponse {
        try await send(.get, path, auth: auth)
    }

    /// Logs in through the form (CSRF cookie first) and returns the session.
    func login(
        _ username: String, _ password: String, headers: HTTPFields = [:]
    ) async throws -> (WebResponse, WebAuth?) {
        let page = try await send(.get, "/login", headers: headers)
        let csrf = page.cookies["ph_csrf"] ?? ""
        let response = try await send(
            .post, "/login", form: ["username": username, "password": password, "csrf": csrf],
            cookies: ["ph_csrf": csrf], headers: headers)
        guard let cookie = response.cookies["ph_session"], !cookie.isEmpty else { return (response, nil) }
        let me = try await send(.get, "/api/v1/me", auth: .session(cookie: cookie, csrf: ""))
        return (response, .session(cookie: cookie, csrf: me.json?["csrf_token"]?.string ?? ""))
    }

    /// A session for each role (admin from the bootstrap, the seeded operator and viewer).
    func sessions() async throws -> [Role: WebAuth] {
        var result: [Role: WebAuth] = [:]
        for (role, user, password) in [
            (Role.admin, "admin", WebFixture.adminPassword), (.operator, "olivia", WebFixture.operatorPassword),
            (.viewer, "victor", WebFixture.viewerPassword),
        ] {
            let (_, auth) = try await login(user, password)
            let session: WebAuth = try #require(auth)
            result[role] = session
        }
        return result
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
