import Foundation
import Hummingbird

/// `GET /login`, `POST /login` and `POST /logout`.
///
/// The login form is protected by the double-submit `ph_csrf` cookie (login CSRF); a login
/// creates a session whose cookie (`ph_session`, HttpOnly, SameSite=Strict) holds a random token
/// stored only as its SHA-256, with its own CSRF token for later forms.
struct SessionRoutes {
    let web: WebContext

    func register(_ router: Router<WebRequestContext>) {
        router.get("/login") { request, context in loginPage(request, context) }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, context in try await logout(request, context) }
    }

    private func loginPage(_ request: Request, _ context: WebRequestContext) -> Response {
        if web.authDisabled || context.principal != nil { return Pages.redirect("/") }
        let next = Self.safeNext(RequestInput.query(request)["next"])
        return Pages.html(LoginPage.render(web: web, context: context, next: next, message: nil))
    }

    private func login(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        if web.authDisabled { return Pages.redirect("/") }
        let form = try await RequestInput.form(request, context)
        try Guard.checkCSRF(principal: nil, request, context, formToken: form["csrf"])
        let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        let next = Self.safeNext(form["next"])
        let ip = web.clientIP(request, context)
        let now = web.now()
        func fail(_ message: String, status: HTTPResponse.Status) -> Response {
            var response = Pages.html(
                LoginPage.render(web: web, context: context, next: next, message: message), status: status)
            if status == .tooManyRequests, let wait = web.rateLimiter.retryAfter(ip: ip, username: username, now: now) {
                response.headers[.retryAfter] = String(wait)
            }
            return response
        }
        if web.rateLimiter.retryAfter(ip: ip, username: username, now: now) != nil {
            web.metrics.recordLogin(result: "throttled")
            web.logger.warning("login throttled", metadata: ["ip": "\(ip ?? "-")", "user": "\(username.prefix(64))"])
            return fail("Too many failed attempts. Try again in a few minutes.", status: .tooManyRequests)
        }
        let hasher = web.web.passwordHasher
        let user = username.isEmpty || password.isEmpty ? nil : try await web.users.user(named: username)
        // Always one hash per attempt, so timing tells nothing about which names exist or are disabled.
        let matches = user.map { hasher.verify(password, against: $0.passwordHash) } ?? false
        if user == nil { hasher.simulateVerify() }
        guard let user, matches, !user.disabled else {
            web.rateLimiter.recordFailure(ip: ip, username: username, now: now)
            web.metrics.recordLogin(result: "failure")
            web.logger.notice("login failed", metadata: ["ip": "\(ip ?? "-")", "user": "\(username.prefix(64))"])
            return fail("Invalid user name or password.", status: .unauthorized)
        }
        web.rateLimiter.recordSuccess(username: username)
        if hasher.needsRehash(user.passwordHash) {
            _ = try await web.users.updateUser(
                user.id, role: nil, passwordHash: hasher.hash(password), disabled: nil, at: now)
        }
        let token = SecretToken.random()
        let idle = Int64(web.web.sessionIdleSeconds) * 1000
        try await web.users.createSession(
            SessionRecord(
                tokenHash: SecretToken.hash(token), userID: user.id, csrfToken: SecretToken.random(), createdAt: now,
                lastSeenAt: now, expiresAt: now.adding(milliseconds: idle), remoteIP: ip))
        try await web.users.recordLogin(user.id, at: now)
        _ = try? await web.users.deleteExpiredSessions(before: now)
        web.metrics.recordLogin(result: "success")
        web.logger.notice("login", metadata: ["ip": "\(ip ?? "-")", "user": "\(user.username)"])
        var response = Pages.redirect(next)
        response.setCookie(web.cookie(AuthMiddleware.sessionCookie, token, maxAge: web.web.sessionMaxSeconds))
        return response
    }

    private func logout(_ request: Request, _ context: WebRequestContext) async throws -> Response {
        let form = try await RequestInput.form(request, context)
        if let principal = context.principal, principal.via == .session {
            try Guard.checkCSRF(principal: principal, request, context, formToken: form["csrf"])
            if let cookie = request.cookies[AuthMiddleware.sessionCookie]?.value {
                try await web.users.deleteSession(tokenHash: SecretToken.hash(cookie))
            }
        }
        var response = Pages.redirect("/login")
        response.setCookie(web.cookie(AuthMiddleware.sessionCookie, "", maxAge: 0))
        return response
    }

    /// Only a local path (`/…`, not `//…`) is followed after login.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
            !next.contains("\r"), !next.contains("\n")
        else { return "/" }
        return next
    }
}
