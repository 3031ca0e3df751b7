public import AsyncHTTPClient
import Foundation
public import HiveProtocols
import NIOCore

/// Sends HTTP requests to one miner over a shared AsyncHTTPClient `HTTPClient`.
///
/// Each request first takes the miner's permit from the shared `MinerRequestGate` (one
/// request in flight per miner, HTTP and CGMiner together; per port with `scope: .port`,
/// for hosts discovery is still identifying), then runs under one deadline
/// that covers the whole exchange, digest retry and body included. `HTTPAuth` is applied
/// here: Basic, Bearer, an API-key header, or Digest (RFC 7616, answered after a 401 and then
/// reused with a counted nonce; the body is re-sent on the authenticated retry).
///
/// Errors are `DriverError`s: refused or unreachable → `.unreachable`, deadline →
/// `.timedOut`, an unusable digest challenge → `.authenticationFailed`, a body over the cap or
/// a garbled reply → `.unexpectedResponse`. A digest challenge that still answers 401 comes
/// back as that 401 response. Neither errors nor logs ever carry the `Authorization` header.
public struct LiveHTTPTransport: HTTPTransport {
    /// Transport settings.
    public struct Configuration: Sendable, Hashable {
        /// The deadline for one request, counted from when it gets the miner's permit.
        public var deadline: Duration
        /// The largest response body accepted.
        public var maximumBodySize: Int

        /// Creates settings.
        public init(deadline: Duration = .seconds(5), maximumBodySize: Int = 8 * 1024 * 1024) {
            self.deadline = deadline
            self.maximumBodySize = maximumBodySize
        }
    }

    /// The miner's address (IPv4, IPv6 or name).
    public let host: String
    /// Settings.
    public let configuration: Configuration
    /// What each request's permit covers: the whole miner (default) or only its port.
    public let scope: MinerRequestGate.Scope
    private let client: HTTPClient
    private let gate: MinerRequestGate
    private let digestCache: DigestChallengeCache

    /// Creates a transport for `host`.
    ///
    /// - Parameters:
    ///   - host: The miner's address.
    ///   - client: The shared client (see `HTTPClientFactory`); its owner shuts it down.
    ///   - gate: The gate shared with this miner's other transports.
    ///   - digestCache: Where digest challenges are remembered between requests.
    ///   - configuration: Deadline and body cap.
    ///   - scope: What each request's permit covers (see `MinerRequestGate.Scope`).
    public init(
        host: String, client: HTTPClient, gate: MinerRequestGate,
        digestCache: DigestChallengeCache = DigestChallengeCache(),
        configuration: Configuration = Configuration(), scope: MinerRequestGate.Scope = .miner
    ) {
        self.host = host
        self.client = client
        self.gate = gate
        self.digestCache = digestCache
        self.configuration = configuration
        self.scope = scope
    }

    /// Sends one request and returns the response, whatever its status code.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await gate.withPermit(for: host, port: request.port, scope: scope) {
            let deadline = ContinuousClock.now + configuration.deadline
            let nioDeadline = NIODeadline.now() + TimeAmount(configuration.deadline)
            do {
                return try await withDeadline(deadline) {
                    try await perform(request, deadline: nioDeadline)
                }
            } catch {
                throw classify(error, request: request)
            }
        }
    }

    private func authority(_ port: Int) -> String { "\(host):\(port)" }

    private func perform(_ request: HTTPRequest, deadline: NIODeadline) async throws -> HTTPResponse {
        switch request.auth {
        case .none:
            return try await execute(request, extraHeaders: [], deadline: deadline)
        case .basic(let credentials):
            let token = Data("\(credentials.username):\(credentials.password.value)".utf8).base64EncodedString()
            return try await execute(request, extraHeaders: [("Authorization", "Basic " + token)], deadline: deadline)
        case .bearer(let token):
            return try await execute(
                request, extraHeaders: [("Authorization", "Bearer " + token.value)], deadline: deadline)
        case .apiKey(let header, let key):
            return try await execute(request, extraHeaders: [(header, key.value)], deadline: deadline)
        case .digest(let credentials):
            return try await performDigest(request, credentials: credentials, deadline: deadline)
        }
    }

    /// Digest: go authenticated at once with a cached challenge if there is one; on a 401,
    /// answer its challenge once (re-sending the body) unless it merely repeats the nonce just
    /// refused.
    private func performDigest(
        _ request: HTTPRequest, credentials: Credentials, deadline: NIODeadline
    ) async throws -> HTTPResponse {
        let authenticator = DigestAuthenticator(credentials: credentials)
        let authority = authority(request.port)
        let uri = Self.target(request.path)
        var usedChallenge: DigestChallenge?
        var headers: [(String, String)] = []
        if let (challenge, nonceCount) = digestCache.nextUse(authority: authority, username: credentials.username) {
            usedChallenge = challenge
            let value = authenticator.authorization(
                for: challenge, method: request.method, uri: uri, body: request.body, nonceCount: nonceCount,
                cnonce: DigestAuthenticator.makeClientNonce())
            headers = [("Authorization", value)]
        }
        let first = try await execute(request, extraHeaders: headers, deadline: deadline)
        guard first.status == 401 else { return first }

        let offered = first.headers.filter { $0.name.lowercased() == "www-authenticate" }.map(\.value)
        guard let challenge = try DigestChallenge.best(in: offered) else {
            return first  // no Digest challenge offered: the driver decides what the 401 means
        }
        if let usedChallenge, usedChallenge.nonce == challenge.nonce, !challenge.stale {
            digestCache.remove(authority: authority, username: credentials.username)
            return first  // the same nonce, not stale: the credentials were refused
        }
        let nonceCount = digestCache.store(challenge, authority: authority, username: credentials.username)
        let value = authenticator.authorization(
            for: challenge, method: request.method, uri: uri, body: request.body, nonceCount: nonceCount,
            cnonce: DigestAuthenticator.makeClientNonce())
        let second = try await execute(request, extraHeaders: [("Authorization", value)], deadline: deadline)
        if second.status == 401 {
            digestCache.remove(authority: authority, username: credentials.username)
        }
        return second
    }

    private func execute(
        _ request: HTTPRequest, extraHeaders: [(String, String)], deadline: NIODeadline
    ) async throws -> HTTPResponse {
        var outgoing = HTTPClientRequest(url: url(for: request))
        outgoing.method = .init(rawValue: request.method.uppercased())
        for header in request.headers {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        for (name, value) in extraHeaders {
            outgoing.headers.replaceOrAdd(name: name, value: value)
        }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))  // a fresh body per attempt
        }
        let response = try await client.execute(outgoing, deadline: deadline)
        let body = try await response.body.collect(upTo: configuration.maximumBodySize)
        return HTTPResponse(
            status: Int(response.status.code),
            headers: response.headers.map { HTTPHeader($0.name, $0.value) },
            body: Array(buffer: body))
    }

    private func url(for request: HTTPRequest) -> String {
        let scheme = request.tls ? "https" : "http"
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(bracketed):\(request.port)\(Self.target(request.path))"
    }

    /// The request target as sent: the path, with a leading "/" added if missing.
    private static func target(_ path: String) -> String {
        path.hasPrefix("/") ? path : "/" + path
    }
}
