import Foundation
import HiveProtocols
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HiveHost

@Suite("Web sessions, CSRF, tokens, rate limit")
struct WebSessionTests {
    @Test func loginSetsAHardenedSessionCookieAndLogoutEndsIt() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            let (response, auth) = try await client.login("olivia", WebFixture.operatorPassword)
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/")
            let line = try #require(response.setCookieLines.first { $0.hasPrefix("ph_session=") })
            #expect(line.contains("HttpOnly"))
            #expect(line.contains("SameSite=Strict"))
            #expect(line.contains("Path=/"))
            #expect(!line.contains("Secure"), "plain HTTP by default")
            guard case .session(let cookie, let csrf)? = auth else {
                Issue.record("no session")
                return
            }
            #expect(!csrf.isEmpty)
            // Only the cookie's hash is stored.
            #expect(try await fixture.users.session(tokenHash: cookie) == nil)
            #expect(try await fixture.users.session(tokenHash: SecretToken.hash(cookie)) != nil)
            let me = try await client.get("/api/v1/me", auth: .session(cookie: cookie, csrf: csrf))
            #expect(me.json?["name"]?.string == "olivia")
            #expect(me.json?["role"]?.string == "operator")

            let noToken = try await client.send(.post, "/logout", form: [:], cookies: ["ph_session": cookie])
            #expect(noToken.status == .forbidden, "logout needs the CSRF token")
            let out = try await client.send(.post, "/logout", auth: .session(cookie: cookie, csrf: csrf), form: [:])
            #expect(out.status == .seeOther)
            #expect(
                out.setCookieLines.contains {
                    $0.hasPrefix("ph_session=;") || $0.hasPrefix("ph_session=") && $0.contains("Max-Age=0")
                })
            let after = try await client.get("/api/v1/me", auth: .session(cookie: cookie, csrf: csrf))
            #expect(after.status == .unauthorized)
        }
    }

    @Test func secureCookiesWhenConfigured() async throws {
        let fixture = try await WebFixture(
            web: WebConfiguration(secureCookies: true, passwordHasher: PasswordHasher(iterations: 1000)))
        try await fixture.test { client in
            let (response, _) = try await client.login("victor", WebFixture.viewerPassword)
            #expect(response.setCookieLines.first { $0.hasPrefix("ph_session=") }?.contains("Secure") == true)
        }
    }

    @Test func loginFormNeedsTheCSRFCookieToken() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            let forged = try await client.send(
                .post, "/login",
                form: ["username": "olivia", "password": WebFixture.operatorPassword, "csrf": "forged"],
                cookies: ["ph_csrf": "different"])
            #expect(forged.status == .forbidden)
            #expect(forged.cookies["ph_session"] == nil)
            let missing = try await client.send(
                .post, "/login", form: ["username": "olivia", "password": WebFixture.operatorPassword])
            #expect(missing.status == .forbidden)
        }
    }

    @Test func wrongPasswordsAreRateLimitedPerUserAndAddress() async throws {
        let fixture = try await WebFixture(
            web: WebConfiguration(trustForwardedFor: true, passwordHasher: PasswordHasher(iterations: 1000)))
        try await fixture.test { client in
            let attacker: HTTPFields = [HTTPFields.Element.Name("X-Forwarded-For")!: "192.0.2.7"]
            for _ in 0..<5 {
                let (response, auth) = try await client.login("olivia", "wrong-password", headers: attacker)
                #expect(response.status == .unauthorized)
                #expect(auth == nil)
                #expect(response.text.contains("Invalid user name or password"))
            }
            // The right password is refused too while the limit holds, with Retry-After.
            let (blocked, auth) = try await client.login("olivia", WebFixture.operatorPassword, headers: attacker)
            #expect(blocked.status == .tooManyRequests)
            #expect(auth == nil)
            #expect(Int(blocked.headers[.retryAfter] ?? "") ?? 0 > 0)
            // Another user from the same address is refused; the address limit applies.
            let (sameIP, _) = try await client.login("victor", WebFixture.viewerPassword, headers: attacker)
            #expect(sameIP.status == .tooManyRequests)
            // Five minutes later the user may log in again.
            fixture.advance(seconds: 301)
            let (later, laterAuth) = try await client.login("olivia", WebFixture.operatorPassword, headers: attacker)
            #expect(later.status == .seeOther)
            #expect(laterAuth != nil)
            #expect(fixture.logs.all.contains { $0.contains("login throttled") })
        }
    }

    @Test func unknownUsersAndDisabledUsersCannotLogIn() async throws {
        let fixture = try await WebFixture()
        let victor = try #require(try await fixture.users.user(named: "victor"))
        try await fixture.test { client in
            let (unknown, _) = try await client.login("nobody", "whatever-password")
            #expect(unknown.status == .unauthorized)
            let (_, session) = try await client.login("victor", WebFixture.viewerPassword)
            let auth = try #require(session)
            _ = try await fixture.users.updateUser(
                victor.id, role: nil, passwordHash: nil, disabled: true, at: fixture.now)
            #expect(try await client.get("/api/v1/me", auth: auth).status == .unauthorized, "disabling ends sessions")
            let (again, _) = try await client.login("victor", WebFixture.viewerPassword)
            #expect(again.status == .unauthorized)
        }
    }

    @Test func sessionRequestsNeedTheCSRFTokenButTokenRequestsDoNot() async throws {
        let fixture = try await WebFixture()
        let miner = fixture.miners[0].rawValue
        try await fixture.test { client in
            let (_, session) = try await client.login("olivia", WebFixture.operatorPassword)
            guard case .session(let cookie, let csrf)? = session else {
                Issue.record("no session")
                return
            }
            let path = "/api/v1/miners/\(miner)/actions"
            let body: JSONValue = ["action": "locate_on"]
            let missing = try await client.send(
                .post, path, auth: .session(cookie: cookie, csrf: csrf), json: body, csrf: false)
            #expect(missing.status == .forbidden)
            #expect(missing.errorCode == "csrf_failed")
            let wrong = try await client.send(.post, path, auth: .session(cookie: cookie, csrf: "x" + csrf), json: body)
            #expect(wrong.errorCode == "csrf_failed")
            let right = try await client.send(.post, path, auth: .session(cookie: cookie, csrf: csrf), json: body)
            #expect(right.status == .ok)
            let token = try await client.send(.post, path, auth: .token(fixture.tokens[.operator] ?? ""), json: body)
            #expect(token.status == .ok)
            // Forms: the csrf field.
            let form = try await client.send(
                .post, "/miners/\(miner)/actions", form: ["action": "locate_off", "csrf": "nope"],
                cookies: ["ph_session": cookie])
            #expect(form.status == .forbidden)
            #expect(fixture.controller.sent.count == 2, "rejected requests never reach the miner")
        }
    }

    @Test func badBearerTokensAreRefused() async throws {
        let fixture = try await WebFixture()
        let expiring = SecretToken.newAPIToken()
        _ = try await fixture.users.createToken(
            name: "short-lived", tokenHash: SecretToken.hash(expiring), prefix: "phk_", role: .admin, createdBy: "test",
            at: fixture.now, expiresAt: fixture.now.adding(milliseconds: 60_000))
        try await fixture.test { client in
            let unknown = try await client.get("/api/v1/miners", auth: .token("phk_not-a-real-token"))
            #expect(unknown.status == .unauthorized)
            #expect(unknown.errorCode == "invalid_token")
            #expect(unknown.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
            #expect(try await client.get("/api/v1/miners", auth: .token(expiring)).status == .ok)
            fixture.advance(seconds: 61)
            #expect(try await client.get("/api/v1/miners", auth: .token(expiring)).status == .unauthorized)
            let tokens = try await fixture.users.tokens()
            #expect(tokens.first { $0.name == "viewer-token" }?.lastUsedAt == nil)
        }
    }

    @Test func sessionsExpireWhenIdle() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            let (_, session) = try await client.login("victor", WebFixture.viewerPassword)
            let auth = try #require(session)
            fixture.advance(seconds: 7 * 3600)
            #expect(try await client.get("/api/v1/me", auth: auth).status == .ok, "touching extends the idle window")
            fixture.advance(seconds: 8 * 3600 + 1)
            #expect(try await client.get("/api/v1/me", auth: auth).status == .unauthorized)
        }
    }
}
