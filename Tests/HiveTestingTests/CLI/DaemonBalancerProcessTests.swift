import Foundation
import HiveProtocols
import HiveTesting
import Testing

/// `powerhive run` as a child process with `balancer.enabled`, against a simulated fleet on
/// 127.199.0.0/27 and a simulated plant on 127.199.1.2 whose generation allows 60 % of what the
/// fleet draws at stock settings: the daemon's own plant poller, status poller and balancer bring
/// the fleet's real draw (the simulator's ground truth) under the budget through the drivers,
/// store every action in the audit table, show it on the API, and keep their cooldowns across
/// a restart (no miner is commanded again after the daemon comes back).
@Suite(.serialized) struct DaemonBalancerProcessTests {
    static let webHost = "127.199.1.1"
    static let plantHost = "127.199.1.2"
    static let plantKey = "daemon-balancer-plant-key"

    @Test func daemonBringsTheFleetUnderThePlantBudgetAndKeepsItsStateAcrossARestart() async throws {
        let fleetConfig = SimulatedFleet.Configuration(
            range: "127.199.0.0/27", count: 8, mix: ["antminer-stock": 1, "vnish": 1], seed: 23,
            placement: .random, timing: .uniform(.seconds(2)), noise: 0)
        try await SimulatedFleet.withFleet(fleetConfig) { fleet in
            let stock = fleet.totalPower
            let budget = Watts(stock.value * 0.6)
            let plant = try await SimulatedPlant.start(
                SimulatedPlant.Configuration(
                    host: Self.plantHost, port: 8090, plantID: "daemon-test-plant", apiKey: Self.plantKey,
                    generation: .constant(kilowatts: budget.kilowatts)),
                consumption: { fleet.totalPower })
            do {
                try await Self.exercise(fleet: fleet, stock: stock, budget: budget)
            } catch {
                await plant.stop()
                throw error
            }
            await plant.stop()
        }
    }

    static func exercise(fleet: SimulatedFleet, stock: Watts, budget: Watts) async throws {
        do {
            let folder = try DaemonProcessTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let port = try await DaemonProcessTests.freePort(host: Self.webHost)
            let database = folder.appendingPathComponent("data/powerhive.db").path
            let configPath = try DaemonProcessTests.writeConfig(
                in: folder,
                """
                {"network": {"subnets": ["127.199.0.0/27"], "passive_discovery": false,
                             "miner_probe_timeout_ms": 5000},
                 "intervals": {"discovery_seconds": 5, "status_seconds": 5, "telemetry_seconds": 600,
                               "plant_seconds": 5, "balancer_seconds": 10},
                 "polling": {"status_deadline_seconds": 4},
                 "plant": {"api_endpoint": "http://\(Self.plantHost):8090/data/latest",
                           "api_key": "\(Self.plantKey)", "plant_id": "daemon-test-plant"},
                 "balancer": {"enabled": true, "safety_margin": 0, "stale_after_seconds": 120,
                              "deadband_kw": 0.5},
                 "database": {"path": "\(database)"},
                 "http": {"addr": "\(Self.webHost):\(port)"},
                 "auth": {"mode": "password", "admin_password": "\(DaemonProcessTests.adminPassword)"}}
                """)
            var daemon = try DaemonProcess(arguments: ["run", "--config", configPath], directory: folder)
            defer { daemon.kill() }

            // Each balancer cycle logs one line; after each, look at what the miners really draw.
            let cycleLine: @Sendable (String) -> Bool = { $0.contains("balancer cycle completed") }
            var cycle = 0
            var underBudget = false
            while !underBudget, cycle < 15 {
                cycle += 1
                _ = try await daemon.waitForLine(number: cycle, within: .seconds(90), cycleLine)
                underBudget = fleet.totalPower <= budget && !fleet.groundTruth().commands.isEmpty
            }
            let drawn = fleet.totalPower
            let tail = daemon.tail(40)
            #expect(
                underBudget,
                "after \(cycle) balancer cycles the fleet draws \(drawn), budget \(budget) (stock \(stock)); \(tail)")
            let commanded = fleet.groundTruth().commands
            #expect(daemon.output.contains("sent "), "a cycle sent cuts")

            // The API shows the balancer's state and its actions; the audit table holds them.
            let web = TestHTTP(host: Self.webHost, port: port)
            let cookie = try await DaemonProcessTests.login(web)
            let state = try TolerantJSONReader.parse(
                try await web.response("GET", "/api/v1/balancer", headers: [("Cookie", cookie)]).body)
            #expect(state["enabled"]?.bool == true)
            let status = try #require(state["state"]?["status"], "\(state)")
            #expect(abs((status["budget_w"]?.double ?? 0) - budget.value) < 1, "\(status)")
            let actions = try TolerantJSONReader.parse(
                try await web.response("GET", "/api/v1/balancer/actions", headers: [("Cookie", cookie)]).body)
            let recorded = (actions["recent"]?.array ?? []).count + (actions["pending"]?.array ?? []).count
            #expect(recorded >= 1, "\(actions)")

            // Restart: the state (cooldowns, pending changes) is reloaded, so the restarted
            // daemon does not command the miners it just changed (cooldown 600 s by default).
            daemon.terminate()
            #expect(try await daemon.waitForExit(within: .seconds(20)) == 0, "log tail:\n\(daemon.tail())")
            let before = fleet.groundTruth().commands.count
            daemon = try DaemonProcess(arguments: ["run", "--config", configPath], directory: folder)
            _ = try await daemon.waitForLine(number: 3, within: .seconds(120), cycleLine)
            let after = fleet.groundTruth().commands
            let changedAgain = Set(after.dropFirst(before).map(\.miner)).intersection(commanded.map(\.miner))
            #expect(changedAgain.isEmpty, "commanded again within the cooldown: \(after.dropFirst(before))")
            #expect(fleet.totalPower <= budget, "after the restart: \(fleet.totalPower) vs \(budget)")
            daemon.terminate()
            #expect(try await daemon.waitForExit(within: .seconds(20)) == 0, "log tail:\n\(daemon.tail())")

            let stats = try await ProbeCommandTests.powerhive(["db", "stats", "--json", "--db", database])
            let tables = try TolerantJSONReader.parse(stats.stdout)["tables"]?.array ?? []
            func rows(_ table: String) -> Int { tables.first { $0["name"]?.string == table }?["rows"]?.int ?? 0 }
            // One audit row per balancer action; an action may take the firmware several requests
            // (a VNish preset and its restart), so count the miners commanded.
            #expect(rows("balancer_audit") >= Set(commanded.map(\.miner)).count, "\(stats.stdout)")
            #expect(rows("plant_readings") >= 2)
        }
    }
}
