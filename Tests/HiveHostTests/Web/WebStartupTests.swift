import Foundation
import HiveProtocols
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HiveHost

@Suite("Web startup")
struct WebStartupTests {
    @Test func authNoneIsRefusedOffLoopback() throws {
        var config = try PowerHiveConfig.parse(Array("{}".utf8), source: "test", environment: [:])
        config.auth.mode = "none"
        config.http = .init(addr: "0.0.0.0:8080", host: "0.0.0.0", port: 8080)
        #expect(throws: WebStartupError.self) { try WebServer.checkAuthMode(config) }
        config.http = .init(addr: "127.0.0.1:8080", host: "127.0.0.1", port: 8080)
        try WebServer.checkAuthMode(config)
        config.auth.mode = "password"
        config.http = .init(addr: ":8080", host: "0.0.0.0", port: 8080)
        try WebServer.checkAuthMode(config)
    }

    @Test func authNoneOnLoopbackIsTheLocalAdminButStillNeedsCSRF() async throws {
        let fixture = try await WebFixture(
            configJSON: #"{"auth": {"mode": "none"}, "http": {"addr": "127.0.0.1:8080"}}"#)
        let miner = fixture.miners[0].rawValue
        try await fixture.test { client in
            let me = try await client.get("/api/v1/me")
            #expect(me.json?["role"]?.string == "admin")
            #expect(me.json?["name"]?.string == "local")
            let csrf = try #require(me.cookies["ph_csrf"])
            let forged = try await client.send(.post, "/api/v1/miners/\(miner)/actions", json: ["action": "locate_on"])
            #expect(forged.errorCode == "csrf_failed", "a cross-site form cannot act even without login")
            let allowed = try await client.send(
                .post, "/api/v1/miners/\(miner)/actions", json: ["action": "locate_on"], cookies: ["ph_csrf": csrf],
                headers: [HTTPFields.Element.Name("X-CSRF-Token")!: csrf])
            #expect(allowed.status == .ok)
            #expect(
                try await fixture.audit.entries(
                    miner: nil, from: UnixMillis(0), to: fixture.now.adding(milliseconds: 1), limit: 5
                ).first?.actor == "local")
            #expect(try await client.get("/login").status == .seeOther)
        }
        #expect(try await fixture.users.userCount() == 2, "no admin created when authentication is off")
    }

    @Test func firstStartGeneratesAnAdminPasswordAndLogsItOnce() async throws {
        let fixture = try await WebFixture(configJSON: "{}")
        let context = fixture.context()
        #expect(try await AdminBootstrap.ensureAdmin(context: context) == .createdGenerated)
        #expect(try await AdminBootstrap.ensureAdmin(context: context) == .existing)
        let lines = fixture.logs.all.filter { $0.contains("generated password") }
        #expect(lines.count == 1)
        let password = try #require(
            lines.first?.components(separatedBy: "generated password: ").last?.split(separator: " ").first.map(
                String.init))
        #expect(password.count == 20)
        let admin = try #require(try await fixture.users.user(named: "admin"))
        #expect(admin.role == .admin)
        #expect(context.web.passwordHasher.verify(password, against: admin.passwordHash))
        #expect(!admin.passwordHash.contains(password))
    }

    @Test func webSchemaCoexistsWithTheFleetSchema() async throws {
        let fixture = try await WebFixture()
        #expect(try await fixture.store.appliedMigrations() == Schema.knownVersions)
        // Opening again (both migrators) is a no-op.
        _ = try SQLiteUserStore(fleetStore: fixture.store)
        _ = try SQLiteAuditLog(fleetStore: fixture.store)
        let tables = try await fixture.store.stats().tables.map(\.name)
        #expect(tables.contains("web_users") && tables.contains("miners"))
    }
}
