import Foundation
import HiveProtocols
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HiveHost

/// Every route, for every role: nobody gets 401 (API) or a redirect to the login page (pages),
/// a role below the route's gets 403, and any role at or above it gets through.
@Suite("Web route access")
struct WebRouteAccessTests {
    struct Route: Sendable, CustomStringConvertible {
        var method: HTTPRequest.Method
        var path: String
        var role: Role?
        var json: JSONValue?
        var form: [String: String]?
        var page: Bool { !path.hasPrefix("/api/") && path != "/metrics" && path != "/events?count=1" }
        var description: String { "\(method) \(path)" }
    }

    static func routes(miner: Int64, victor: Int64) -> [Route] {
        [
            Route(method: .get, path: "/api/v1/miners", role: .viewer),
            Route(method: .get, path: "/api/v1/miners/\(miner)", role: .viewer),
            Route(method: .get, path: "/api/v1/miners/\(miner)/history", role: .viewer),
            Route(method: .get, path: "/api/v1/miners/\(miner)/telemetry", role: .viewer),
            Route(
                method: .post, path: "/api/v1/miners/\(miner)/actions", role: .operator, json: ["action": "locate_on"]),
            Route(method: .get, path: "/api/v1/fleet/summary", role: .viewer),
            Route(method: .get, path: "/api/v1/plant/latest", role: .viewer),
            Route(method: .get, path: "/api/v1/plant/readings", role: .viewer),
            Route(method: .get, path: "/api/v1/balancer", role: .viewer),
            Route(method: .get, path: "/api/v1/balancer/actions", role: .viewer),
            Route(
                method: .put, path: "/api/v1/balancer/override", role: .operator, json: ["watts": 8000, "minutes": 30]),
            Route(method: .delete, path: "/api/v1/balancer/override", role: .operator),
            Route(method: .get, path: "/api/v1/balancer/policies", role: .viewer),
            Route(
                method: .put, path: "/api/v1/balancer/policies", role: .operator,
                json: ["scope": "model:Antminer S19", "priority": 1]),
            Route(method: .delete, path: "/api/v1/balancer/policies?scope=model:Antminer%20S19", role: .operator),
            Route(method: .get, path: "/api/v1/audit", role: .viewer),
            Route(method: .get, path: "/api/v1/discovery", role: .viewer),
            Route(method: .get, path: "/api/v1/discovery/runs", role: .viewer),
            Route(method: .get, path: "/api/v1/me", role: .viewer),
            Route(
                method: .post, path: "/api/v1/me/password", role: .viewer,
                json: ["current_password": "x", "new_password": "y"]),
            Route(method: .get, path: "/api/v1/users", role: .admin),
            Route(method: .post, path: "/api/v1/users", role: .admin, json: ["username": "", "password": "short"]),
            Route(method: .patch, path: "/api/v1/users/\(victor)", role: .admin, json: ["role": "viewer"]),
            Route(method: .delete, path: "/api/v1/users/9999", role: .admin),
            Route(method: .get, path: "/api/v1/tokens", role: .admin),
            Route(method: .post, path: "/api/v1/tokens", role: .admin, json: ["name": "scrape", "role": "viewer"]),
            Route(method: .delete, path: "/api/v1/tokens/9999", role: .admin),
            Route(method: .get, path: "/api/v1/settings", role: .admin),
            Route(method: .get, path: "/metrics", role: .viewer),
            Route(method: .get, path: "/events?count=1", role: .viewer),
            Route(method: .get, path: "/", role: .viewer),
            Route(method: .get, path: "/miners/\(miner)", role: .viewer),
            Route(method: .get, path: "/energy", role: .viewer),
            Route(method: .get, path: "/discovery", role: .viewer),
            Route(method: .post, path: "/miners/\(miner)/actions", role: .operator, form: ["action": "locate_off"]),
            Route(method: .post, path: "/energy/override", role: .operator, form: ["kw": "8", "minutes": "30"]),
            Route(method: .post, path: "/energy/override/clear", role: .operator, form: [:]),
            Route(method: .get, path: "/healthz", role: nil),
            Route(method: .get, path: "/readyz", role: nil),
            Route(method: .get, path: "/login", role: nil),
            Route(method: .get, path: "/assets/app.css", role: nil),
            Route(method: .get, path: "/assets/app.js", role: nil),
        ]
    }

    @Test func everyRouteForEveryRole() async throws {
        let fixture = try await WebFixture()
        let victor = try #require(try await fixture.users.user(named: "victor")).id.rawValue
        let routes = Self.routes(miner: fixture.miners[0].rawValue, victor: victor)
        try await fixture.test { client in
            let sessions = try await client.sessions()
            for route in routes {
                let anonymous = try await client.send(route.method, route.path, json: route.json, form: route.form)
                if route.role == nil {
                    #expect(anonymous.status == .ok, "\(route) anonymous")
                } else if route.page {
                    #expect(anonymous.status == .seeOther, "\(route) anonymous")
                    #expect(anonymous.headers[.location]?.hasPrefix("/login") == true, "\(route) anonymous")
                } else {
                    #expect(anonymous.status == .unauthorized, "\(route) anonymous")
                    #expect(anonymous.errorCode == "unauthenticated", "\(route) anonymous")
                }
                for role in Role.allCases {
                    for auth in [WebAuth.token(fixture.tokens[role] ?? ""), sessions[role] ?? .anonymous] {
                        let response = try await client.send(
                            route.method, route.path, auth: auth, json: route.json, form: route.form)
                        if let required = route.role, !role.allows(required) {
                            #expect(response.status == .forbidden, "\(route) as \(role) \(auth)")
                            if !route.page { #expect(response.errorCode == "forbidden", "\(route) as \(role) \(auth)") }
                        } else {
                            #expect(
                                ![.unauthorized, .forbidden].contains(response.status),
                                "\(route) as \(role) \(auth): \(response.status) \(response.text.prefix(200))")
                        }
                    }
                }
            }
        }
    }

    @Test func unknownAPIRoutesAnswerTheErrorBody() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            let viewer = WebAuth.token(fixture.tokens[.viewer] ?? "")
            let missing = try await client.get("/api/v1/nothing-here", auth: viewer)
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")
            #expect(missing.json?["error"]?["message"]?.string?.isEmpty == false)
            #expect(missing.headers[.contentType]?.hasPrefix("application/json") == true)
            let noMiner = try await client.get("/api/v1/miners/999", auth: viewer)
            #expect(noMiner.status == .notFound)
            #expect(noMiner.json?["error"]?["message"]?.string == "miner 999 not found")
            let wrongMethod = try await client.send(.delete, "/api/v1/miners", auth: viewer)
            #expect([.notFound, .methodNotAllowed].contains(wrongMethod.status))
            #expect(wrongMethod.errorCode != nil, "\(wrongMethod.text)")
            let badID = try await client.get("/api/v1/miners/abc", auth: viewer)
            #expect(badID.status == .badRequest)
            #expect(badID.json?["error"]?["field"]?.string == "id")
        }
    }
}
