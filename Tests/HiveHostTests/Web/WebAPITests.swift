import Foundation
import HiveProtocols
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HiveHost

@Suite("Web JSON API")
struct WebAPITests {
    @Test func minersListFiltersSortsAndPages() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            let viewer = WebAuth.token(fixture.tokens[.viewer] ?? "")
            func ips(_ query: String) async throws -> [String] {
                let response = try await client.get("/api/v1/miners\(query)", auth: viewer)
                #expect(response.status == .ok, "\(query)")
                return response.json?["items"]?.array?.compactMap { $0["ip"]?.string } ?? []
            }
            #expect(try await ips("") == ["10.0.0.1", "10.0.0.2", "10.0.0.3"])
            #expect(try await ips("?online=false") == ["10.0.0.3"])
            #expect(try await ips("?condition=sleeping") == ["10.0.0.2"])
            #expect(try await ips("?state=mining") == ["10.0.0.1", "10.0.0.3"])
            #expect(try await ips("?driver=antminer-stock") == ["10.0.0.2"])
            #expect(try await ips("?model=antminer%20s19") == ["10.0.0.1", "10.0.0.3"])
            #expect(try await ips("?q=00:00:03") == ["10.0.0.3"])
            #expect(try await ips("?q=RACK1-2") == ["10.0.0.2"])
            #expect(try await ips("?sort=-ip") == ["10.0.0.3", "10.0.0.2", "10.0.0.1"])
            #expect(try await ips("?sort=-power") == ["10.0.0.1", "10.0.0.3", "10.0.0.2"])
            #expect(try await ips("?sort=hashrate") == ["10.0.0.3", "10.0.0.1", "10.0.0.2"], "missing values last")
            #expect(try await ips("?limit=1&offset=1") == ["10.0.0.2"])
            let page = try await client.get("/api/v1/miners?limit=2", auth: viewer)
            #expect(page.json?["total"]?.int == 3)
            #expect(page.json?["limit"]?.int == 2)
            let first = page.json?["items"]?[0]
            #expect(first?["condition"]?.string == "online")
            #expect(first?["status"]?["power_w"]?.double == 3250)
            #expect(first?["status"]?["power_measured"]?.bool == true)
            #expect(first?["mac"]?.string == "AA:BB:CC:00:00:01")
            #expect(first?["credential_ref"] == nil)
        }
    }

    @Test(arguments: [
        ("?limit=0", "limit"), ("?limit=abc", "limit"), ("?offset=-1", "offset"), ("?sort=color", "sort"),
        ("?state=dancing", "state"), ("?online=maybe", "online"), ("?condition=x", "condition"),
    ])
    func invalidListParametersNameTheField(query: String, field: String) async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            let response = try await client.get("/api/v1/miners\(query)", auth: .token(fixture.tokens[.viewer] ?? ""))
            #expect(response.status == .badRequest)
            #expect(response.errorCode == "invalid_parameter")
            #expect(response.json?["error"]?["field"]?.string == field)
            #expect(response.json?["error"]?["message"]?.string?.hasPrefix(field) == true)
        }
    }

    @Test func minerDetailHistoryAndTelemetry() async throws {
        let fixture = try await WebFixture()
        let id = fixture.miners[0].rawValue
        try await fixture.test { client in
            let viewer = WebAuth.token(fixture.tokens[.viewer] ?? "")
            let detail = try await client.get("/api/v1/miners/\(id)", auth: viewer)
            #expect(detail.json?["addresses"]?[0]?["ip"]?.string == "10.0.0.1")
            #expect(detail.json?["status"]?["state"]?.string == "mining")
            let raw = try await client.get("/api/v1/miners/\(id)/history?range=1h", auth: viewer)
            #expect(
                raw.json?["samples"]?.array?.count == 59,
                "one sample a minute; the one exactly an hour old falls outside")
            let limited = try await client.get("/api/v1/miners/\(id)/history?range=2h&limit=5", auth: viewer)
            #expect(limited.json?["samples"]?.array?.count == 5)
            let buckets = try await client.get("/api/v1/miners/\(id)/history?range=2h&buckets=12", auth: viewer)
            let points = buckets.json?["points"]?.array ?? []
            #expect(points.count == 12)
            #expect(points.first?["power_w"]?.double == 3250)
            #expect(points.first?["samples"]?.int == 10)
            let badRange = try await client.get("/api/v1/miners/\(id)/history?range=forever", auth: viewer)
            #expect(badRange.json?["error"]?["field"]?.string == "range")
            let badFrom = try await client.get("/api/v1/miners/\(id)/history?from=yesterday", auth: viewer)
            #expect(badFrom.json?["error"]?["field"]?.string == "from")
            let telemetry = try await client.get("/api/v1/miners/\(id)/telemetry", auth: viewer)
            #expect(telemetry.json?["boards"]?.array?.count == 3)
            #expect(telemetry.json?["boards"]?[0]?["chips"]?.array?.count == 76)
            #expect(telemetry.json?["boards"]?[0]?["chips"]?[5]?["errors"]?.int == 40)
            let none = try await client.get("/api/v1/miners/\(fixture.miners[1].rawValue)/telemetry", auth: viewer)
            #expect(none.status == .notFound)
        }
    }

    @Test func fleetSummaryCountsAndSplitsPower() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            let summary = try await client.get("/api/v1/fleet/summary", auth: .token(fixture.tokens[.viewer] ?? ""))
                .json
            #expect(summary?["miners"]?.int == 3)
            #expect(summary?["online"]?.int == 1)
            #expect(summary?["offline"]?.int == 1)
            #expect(summary?["sleeping"]?.int == 1)
            #expect(summary?["failing"]?.int == 0)
            #expect(summary?["power_measured_w"]?.double == 3250)
            #expect(summary?["power_estimated_w"]?.double == 15)
            #expect(summary?["power_w"]?.double == 3265)
            let hashrate = try #require(summary?["hashrate_hs"]?.double)
            #expect(abs(hashrate - 96e12) < 1e6, "newest sample of the online miner only")
            let efficiency = try #require(summary?["efficiency_j_per_th"]?.double)
            #expect(abs(efficiency - 3250 / 96) < 0.001)
            #expect(summary?["budget_w"]?.double == 9000)
            #expect(summary?["consumption_w"]?.double == 6500)
        }
    }

    @Test func controlActionsReachTheControllerAndTheAuditLog() async throws {
        let fixture = try await WebFixture()
        let id = fixture.miners[0]
        try await fixture.test { client in
            let op = WebAuth.token(fixture.tokens[.operator] ?? "")
            let path = "/api/v1/miners/\(id.rawValue)/actions"
            let target = try await client.send(
                .post, path, auth: op, json: ["action": "set_power_target", "watts": 3000])
            #expect(target.status == .ok)
            #expect(target.json?["outcome"]?["result"]?.string == "verified")
            #expect(fixture.controller.sent.last?.0 == .setPowerTarget(Watts(3000)))
            let preset = try await client.send(
                .post, path, auth: op, json: ["action": "select_preset", "preset": "1100"])
            #expect(preset.status == .ok)
            #expect(fixture.controller.sent.last?.0 == .selectPreset("1100"))
            let mode = try await client.send(.post, path, auth: op, json: ["action": "set_mode", "mode": "low"])
            #expect(fixture.controller.sent.last?.0 == .setMode(.low))
            #expect(mode.status == .ok)

            for (body, field) in [
                (["action": "set_power_target"] as JSONValue, "watts"),
                (["action": "set_power_target", "watts": -5], "watts"),
                (["action": "select_preset"], "preset"), (["action": "set_mode", "mode": "turbo"], "mode"),
                (["action": "explode"], "action"), ([:], "action"),
            ] {
                let response = try await client.send(.post, path, auth: op, json: body)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.json?["error"]?["field"]?.string == field, "\(body)")
            }
            let broken = try await client.send(.post, path, auth: op, headers: [.contentType: "application/json"])
            #expect(broken.status == .badRequest)

            fixture.controller.fail(with: DriverError(.unsupported, "no presets on this firmware"))
            let unsupported = try await client.send(
                .post, path, auth: op, json: ["action": "select_preset", "preset": "x"])
            #expect(unsupported.status == .unprocessableContent)
            #expect(unsupported.errorCode == "unsupported")
            fixture.controller.fail(with: DriverError(.timedOut, "no answer in 10 s"))
            let timeout = try await client.send(.post, path, auth: op, json: ["action": "reboot"])
            #expect(timeout.status == .gatewayTimeout)
            fixture.controller.fail(with: nil)

            let managed = try await client.send(.post, path, auth: op, json: ["action": "managed_off"])
            #expect(managed.json?["outcome"]?["result"]?.string == "ok")
            #expect(try await fixture.store.miner(id)?.managed == false)

            let audit = try await fixture.audit.entries(
                miner: id, from: UnixMillis(0), to: fixture.now.adding(milliseconds: 1), limit: 50)
            #expect(audit.count == 6)
            #expect(audit.allSatisfy { $0.actor == "token:operator-token" })
            #expect(
                audit.contains {
                    $0.action == "set_power_target" && $0.parameters["watts"] == "3000" && $0.outcome == "verified"
                })
            #expect(audit.contains { $0.action == "reboot" && $0.outcome == "miner_timeout" })
            let api = try await client.get("/api/v1/audit?miner=\(id.rawValue)", auth: op)
            let sources = Set(api.json?["items"]?.array?.compactMap { $0["source"]?.string } ?? [])
            #expect(sources == ["user", "balancer"])
        }
    }

    @Test func usersAndTokensAreManagedByAdmins() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            let admin = WebAuth.token(fixture.tokens[.admin] ?? "")
            let created = try await client.send(
                .post, "/api/v1/users", auth: admin,
                json: ["username": "nina", "password": "a-long-password", "role": "operator"])
            #expect(created.status == .created)
            #expect(created.json?["role"]?.string == "operator")
            #expect(created.json?["password_hash"] == nil)
            #expect(!created.text.contains("pbkdf2"))
            let duplicate = try await client.send(
                .post, "/api/v1/users", auth: admin, json: ["username": "NINA", "password": "a-long-password"])
            #expect(duplicate.status == .conflict)
            #expect(duplicate.json?["error"]?["field"]?.string == "username")
            let short = try await client.send(
                .post, "/api/v1/users", auth: admin, json: ["username": "x", "password": "short"])
            #expect(short.json?["error"]?["field"]?.string == "password")
            let id = try #require(created.json?["id"]?.int)
            let demoted = try await client.send(.patch, "/api/v1/users/\(id)", auth: admin, json: ["role": "viewer"])
            #expect(demoted.json?["role"]?.string == "viewer")
            let (_, nina) = try await client.login("nina", "a-long-password")
            #expect(nina != nil)
            #expect(try await client.send(.delete, "/api/v1/users/\(id)", auth: admin).status == .noContent)
            let (_, gone) = try await client.login("nina", "a-long-password")
            #expect(gone == nil)

            let adminID = try #require(try await fixture.users.user(named: "admin")).id.rawValue
            let last = try await client.send(.delete, "/api/v1/users/\(adminID)", auth: admin)
            #expect(last.errorCode == "last_admin")

            let token = try await client.send(
                .post, "/api/v1/tokens", auth: admin, json: ["name": "prometheus", "role": "viewer"])
            #expect(token.status == .created)
            let secret = try #require(token.json?["token"]?.string)
            #expect(secret.hasPrefix("phk_"))
            let list = try await client.get("/api/v1/tokens", auth: admin)
            #expect(!list.text.contains(secret), "shown once")
            #expect(list.text.contains("prometheus"))
            #expect(try await client.get("/metrics", auth: .token(secret)).status == .ok)
            #expect(
                try await client.send(
                    .post, "/api/v1/miners/1/actions", auth: .token(secret), json: ["action": "reboot"]
                ).status == .forbidden)
            let tokenID = try #require(token.json?["id"]?.int)
            #expect(try await client.send(.delete, "/api/v1/tokens/\(tokenID)", auth: admin).status == .noContent)
            #expect(try await client.get("/metrics", auth: .token(secret)).status == .unauthorized)

            let log = try await fixture.audit.entries(
                miner: nil, from: UnixMillis(0), to: fixture.now.adding(milliseconds: 1), limit: 50)
            #expect(
                Set(log.map(\.action)).isSuperset(of: [
                    "user_create", "user_update", "user_delete", "token_create", "token_delete",
                ]))
        }
    }

    @Test func balancerPoliciesAreSetListedValidatedAndDeleted() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            let op = WebAuth.token(fixture.tokens[.operator] ?? "")
            let viewer = WebAuth.token(fixture.tokens[.viewer] ?? "")
            let put = try await client.send(
                .put, "/api/v1/balancer/policies", auth: op,
                json: [
                    "scope": "model:Antminer S19 Pro", "priority": 5, "min_w": 1800, "max_w": 3000,
                    "allow_sleep": false,
                ])
            #expect(put.status == .ok, "\(put.text)")
            #expect(put.json?["allow_untuned_presets"]?.bool == false)
            #expect(
                try await client.send(
                    .put, "/api/v1/balancer/policies", auth: op, json: ["scope": "miner:1", "locked": true]
                ).status == .ok)

            // What the balancer reads: the same table, through the store.
            let stored = try await fixture.store.balancerPolicies()
            #expect(stored["model:Antminer S19 Pro"]?.priority == 5)
            #expect(stored["model:Antminer S19 Pro"]?.minWatts == Watts(1800))
            #expect(stored["model:Antminer S19 Pro"]?.allowSleep == false)
            #expect(stored["miner:1"]?.locked == true)

            let list = try await client.get("/api/v1/balancer/policies", auth: viewer)
            #expect(
                list.json?["items"]?.array?.compactMap { $0["scope"]?.string } == ["miner:1", "model:Antminer S19 Pro"])

            // Bad input names the field; nothing is stored.
            for (body, field) in [
                (["scope": "rack:7"] as JSONValue, "scope"), (["scope": "miner:999"], "miner 999"),
                (["scope": "model:X", "min_w": 3000, "max_w": 2000], "min_w"),
                (["scope": "model:X", "priority": "high"], "priority"), (["scope": "model:X", "lockd": true], "lockd"),
                (["priority": 1], "scope"),
            ] {
                let bad = try await client.send(.put, "/api/v1/balancer/policies", auth: op, json: body)
                #expect(bad.status == .badRequest || bad.status == .notFound, "\(body): \(bad.text)")
                #expect(bad.text.contains(field), "\(body): \(bad.text)")
            }
            #expect(try await fixture.store.balancerPolicies().count == 2)
            #expect(
                try await client.send(
                    .put, "/api/v1/balancer/policies", auth: viewer, json: ["scope": "model:X"]
                ).status == .forbidden)

            let deleted = try await client.send(
                .delete, "/api/v1/balancer/policies?scope=model:Antminer%20S19%20Pro", auth: op)
            #expect(deleted.status == .noContent, "\(deleted.text)")
            #expect(try await fixture.store.balancerPolicies().keys.sorted() == ["miner:1"])
            let log = try await fixture.audit.entries(
                miner: nil, from: UnixMillis(0), to: fixture.now.adding(milliseconds: 1), limit: 50)
            #expect(log.filter { $0.action == "balancer_policy" }.count == 2)
            #expect(
                log.contains {
                    $0.action == "balancer_policy_delete" && $0.parameters["scope"] == "model:Antminer S19 Pro"
                })
        }
    }

    @Test func budgetOverrideAndEnergyEndpoints() async throws {
        let fixture = try await WebFixture()
        try await fixture.test { client in
            let op = WebAuth.token(fixture.tokens[.operator] ?? "")
            let set = try await client.send(
                .put, "/api/v1/balancer/override", auth: op,
                json: ["watts": 7000, "minutes": 15, "reason": "grid request"])
            #expect(set.status == .ok)
            let override = try #require(fixture.budget.overrides.last ?? nil)
            #expect(override.watts == Watts(7000))
            #expect(override.setBy == "operator-token")
            #expect(override.expiresAt == fixture.now.adding(milliseconds: 15 * 60_000))
            let missing = try await client.send(.put, "/api/v1/balancer/override", auth: op, json: ["minutes": 15])
            #expect(missing.json?["error"]?["field"]?.string == "watts")
            #expect(try await client.send(.delete, "/api/v1/balancer/override", auth: op).status == .noContent)
            #expect(fixture.budget.overrides.last == .some(nil))

            let balancer = try await client.get("/api/v1/balancer", auth: op)
            #expect(balancer.json?["state"]?["status"]?["phase"]?.string == "balanced")
            let latest = try await client.get("/api/v1/plant/latest", auth: op)
            #expect(latest.json?["latest_usable"]?["sample"]?["generation_w"]?.double == 10_000)
            #expect(latest.json?["latest"]?["raw_body"] == nil)
            let readings = try await client.get("/api/v1/plant/readings?range=30m", auth: op)
            #expect(readings.json?["items"]?.array?.count == 29)
            let actions = try await client.get("/api/v1/balancer/actions", auth: op)
            #expect(actions.json?["recent"]?.array?.count == 1)
        }
    }

    @Test func energyRoutesAnswerUnavailableWithoutAProvider() async throws {
        let fixture = try await WebFixture()
        try await fixture.test(energy: false) { client in
            let response = try await client.get("/api/v1/balancer", auth: .token(fixture.tokens[.viewer] ?? ""))
            #expect(response.status == .serviceUnavailable)
            #expect(response.errorCode == "unavailable")
            let summary = try await client.get("/api/v1/fleet/summary", auth: .token(fixture.tokens[.viewer] ?? ""))
            #expect(summary.json?["budget_w"]?.isNull == true)
        }
    }

    @Test func discoveryShowsTheLastSweep() async throws {
        let fixture = try await WebFixture()
        fixture.discovery.record(
            DiscoveryRunSummary(
                finishedAt: fixture.now, elapsed: .milliseconds(1500), hostsScanned: 254, openHosts: 3, identified: 3,
                unidentified: 0, new: 1, moved: 0, cameOnline: 0, wentOffline: 1,
                byDriver: ["vnish": 2, "antminer-stock": 1]))
        try await fixture.test { client in
            let viewer = WebAuth.token(fixture.tokens[.viewer] ?? "")
            let overview = try await client.get("/api/v1/discovery", auth: viewer).json
            #expect(overview?["subnets"]?[0]?.string == "10.0.0.0/24")
            #expect(overview?["last_run"]?["hosts_scanned"]?.int == 254)
            #expect(overview?["last_run"]?["elapsed_s"]?.double == 1.5)
            #expect(overview?["offline"]?.int == 1)
            let runs = try await client.get("/api/v1/discovery/runs?limit=5", auth: viewer).json
            #expect(runs?["items"]?.array?.count == 1)
        }
    }
}
