import Foundation
import Hummingbird

/// Works out who is asking, for every request, without refusing anything itself (the routes
/// decide what each role may do): an API token (`Authorization: Bearer phk_…`), else a session
/// cookie (`ph_session`), else nobody. With `auth.mode: "none"` everyone is the local admin.
///
/// A bearer token that is unknown or expired is refused outright (401) rather than falling
/// back to a cookie, so a script with a bad token learns it at once.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = WebRequestContext

    let web: WebContext

    static let sessionCookie = "ph_session"
    static let csrfCookie = "ph_csrf"

    func handle(
        _ request: Request, context: WebRequestContext,
        next: (Request, WebRequestContext) async throws -> Response
    ) async throws -> Response {
        var context = context
        context.cookieCSRF = (request.cookies[Self.csrfCookie]?.value).flatMap { $0.isEmpty ? nil : $0 }
        let bearer = Self.bearerToken(request)
        var newCSRF: String?
        if context.cookieCSRF == nil, bearer == nil {
            newCSRF = SecretToken.random()
            context.cookieCSRF = newCSRF
        }
        if web.authDisabled {
            context.principal = Principal(name: "local", role: .admin, via: .none)
        } else if let bearer {
            context.principal = try await tokenPrincipal(bearer)
        } else if let cookie = request.cookies[Self.sessionCookie]?.value, !cookie.isEmpty {
            context.principal = try await sessionPrincipal(cookie, ip: web.clientIP(request, context))
        }
        var response = try await next(request, context)
        if let newCSRF { response.setCookie(web.cookie(Self.csrfCookie, newCSRF, maxAge: nil)) }
        return response
    }

    private func tokenPrincipal(_ token: String) async throws -> Principal {
        let now = web.now()
        guard let record = try await web.users.token(hash: SecretToken.hash(token)),
            record.expiresAt.map({ now < $0 }) ?? true
        else {
            throw APIError(
                .unauthorized, code: "invalid_token", message: "the bearer token is unknown or expired",
                headers: [.wwwAuthenticate: "Bearer realm=\"powerhive\", error=\"invalid_token\""])
        }
        if record.lastUsedAt.map({ now.rawValue - $0.rawValue > 60_000 }) ?? true {
            try await web.users.touchToken(record.id, at: now)
        }
        return Principal(name: record.name, role: record.role, via: .token, tokenID: record.id)
    }

    private func sessionPrincipal(_ cookie: String, ip: String?) async throws -> Principal? {
        let now = web.now()
        let hash = SecretToken.hash(cookie)
        guard let (session, user) = try await web.users.session(tokenHash: hash) else { return nil }
        let absoluteEnd = session.createdAt.adding(milliseconds: Int64(web.web.sessionMaxSeconds) * 1000)
        guard now < session.expiresAt, now < absoluteEnd, !user.disabled else {
            try await web.users.deleteSession(tokenHash: hash)
            return nil
        }
        if now.rawValue - session.lastSeenAt.rawValue > 60_000 {
            let idleEnd = now.adding(milliseconds: Int64(web.web.sessionIdleSeconds) * 1000)
            try await web.users.touchSession(tokenHash: hash, lastSeenAt: now, expiresAt: min(idleEnd, absoluteEnd))
        }
        return Principal(
            userID: user.id, name: user.username, role: user.role, via: .session, csrfToken: session.csrfToken)
    }

    static func bearerToken(_ request: Request) -> String? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }
}

extension WebContext {
    /// A cookie as every PowerHive cookie is: HttpOnly, SameSite=Strict, path `/`, `Secure`
    /// when configured.
    func cookie(_ name: String, _ value: String, maxAge: Int?) -> Cookie {
        Cookie(
            name: name, value: value, maxAge: maxAge, path: "/", secure: web.secureCookies, httpOnly: true,
            sameSite: .strict)
    }

    /// The client's address: the first `X-Forwarded-For` entry when trusted, else the peer.
    func clientIP(_ request: Request, _ context: WebRequestContext) -> String? {
        if web.trustForwardedFor, let forwarded = request.headers[.xForwardedFor] {
            let first = forwarded.split(separator: ",").first.map {
                String($0).trimmingCharacters(in: CharacterSet.whitespaces)
            }
            if let first, !first.isEmpty { return first }
        }
        return context.peerIP
    }
}
