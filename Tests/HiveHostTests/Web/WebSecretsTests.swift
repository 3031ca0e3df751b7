import Foundation
import HiveProtocols
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HiveHost

/// No response, to anyone, ever contains a configured password, API key, token or hash.
@Suite("Web secrets")
struct WebSecretsTests {
    @Test func noResponseContainsASecret() async throws {
        let fixture = try await WebFixture()
        let miner = fixture.miners[0].rawValue
        try await fixture.test { client in
            let sessions = try await client.sessions()
            let admin = try #require(sessions[.admin])
            let paths = [
                "/", "/miners/\(miner)", "/energy", "/discovery", "/login", "/api/v1/miners", "/api/v1/miners/\(miner)",
                "/api/v1/miners/\(miner)/history", "/api/v1/miners/\(miner)/telemetry", "/api/v1/fleet/summary",
                "/api/v1/plant/latest", "/api/v1/plant/readings", "/api/v1/balancer", "/api/v1/balancer/actions",
                "/api/v1/audit", "/api/v1/discovery", "/api/v1/me", "/api/v1/users", "/api/v1/tokens",
                "/api/v1/settings",
                "/metrics", "/events?count=1", "/healthz", "/readyz",
            ]
            var responses: [(String, WebResponse)] = []
            for path in paths {
                responses.append((path, try await client.get(path, auth: admin)))
                responses.append(
                    (path + " (token)", try await client.get(path, auth: .token(fixture.tokens[.admin] ?? ""))))
            }
            responses.append(("failed login", try await client.login("admin", "wrong-" + WebFixture.adminPassword).0))
            responses.append(
                (
                    "user create",
                    try await client.send(
                        .post, "/api/v1/users", auth: admin,
                        json: ["username": "sam", "password": "Sam-Secret-Pass-11"])
                ))
            let hashes = try await fixture.users.users().map(\.passwordHash)
            for (path, response) in responses {
                let everything =
                    response.text + response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
                for secret in fixture.secrets + hashes + ["Sam-Secret-Pass-11"] {
                    #expect(!everything.contains(secret), "\(path) leaks a secret")
                }
                #expect(!everything.contains("pbkdf2"), "\(path) leaks a password hash")
            }
            let settings = try await client.get("/api/v1/settings", auth: admin)
            #expect(settings.json?["plant"]?["api_key"]?.string == "***")
            #expect(settings.json?["auth"]?["admin_password"]?.string == "***")
        }
    }

    @Test func theAdminPasswordIsNeverLoggedWhenConfigured() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            _ = try await client.login("admin", WebFixture.adminPassword)
            _ = try await client.login("admin", "bad")
        }
        for line in fixture.logs.all {
            for secret in fixture.secrets { #expect(!line.contains(secret)) }
        }
        #expect(fixture.logs.all.contains { $0.contains("configured admin password") })
    }
}
