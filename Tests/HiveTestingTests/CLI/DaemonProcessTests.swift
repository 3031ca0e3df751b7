import Foundation
import HiveProtocols
import HiveTesting
import NIOCore
import NIOPosix
import Testing

/// Runs `powerhive run` as a child process from a clean temp folder against a simulated fleet on
/// 127.198.0.0/26, with the web server on 127.198.1.1: it discovers, polls, writes, serves the
/// API, pages and `/metrics`, passes `powerhive healthcheck`, and stops cleanly on SIGTERM with
/// the database consistent.
@Suite(.serialized) struct DaemonProcessTests {
    static let adminPassword = "daemon-test-admin-pass-4471"
    static let webHost = "127.198.1.1"

    @Test func daemonDiscoversPollsServesAndStopsCleanly() async throws {
        let fleetConfig = SimulatedFleet.Configuration(
            range: "127.198.0.0/26", count: 6, mix: ["antminer-stock": 1, "vnish": 1], seed: 11,
            placement: .random)
        try await SimulatedFleet.withFleet(fleetConfig) { fleet in
            let truth = fleet.groundTruth()
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let port = try await Self.freePort(host: Self.webHost)
            let database = folder.appendingPathComponent("data/powerhive.db").path
            let configPath = try Self.writeConfig(
                in: folder,
                """
                {"network": {"subnets": ["127.198.0.0/26"], "passive_discovery": false,
                             "miner_probe_timeout_ms": 5000},
                 "intervals": {"discovery_seconds": 5, "status_seconds": 5, "telemetry_seconds": 60},
                 "polling": {"status_deadline_seconds": 4},
                 "database": {"path": "\(database)"},
                 "http": {"addr": "\(Self.webHost):\(port)"},
                 "auth": {"mode": "password", "admin_password": "\(Self.adminPassword)"}}
                """)
            let daemon = try DaemonProcess(arguments: ["run", "--config", configPath], directory: folder)
            defer { daemon.kill() }

            // Discovery found every miner, then a status cycle stored a row for each of them.
            let count = truth.miners.count
            _ = try await daemon.waitForLine(within: .seconds(120)) {
                $0.contains("discovery completed") && Self.figure(before: " identified", in: $0) == count
            }
            _ = try await daemon.waitForLine(within: .seconds(60)) {
                $0.contains("status poll completed") && Self.figure(before: " ok", in: $0) == count
            }

            let base = "http://\(Self.webHost):\(port)"
            let health = try await powerhive(["healthcheck", "--url", base + "/healthz", "--timeout", "10"])
            #expect(health.status == 0, "healthcheck: \(health.stdout) \(health.stderr)")

            let web = TestHTTP(host: Self.webHost, port: port)
            #expect(try await web.response("GET", "/readyz").status == 200)
            #expect(try await web.response("GET", "/api/v1/miners").status == 401, "the API needs a login")
            let cookie = try await Self.login(web)
            let list = try await web.response("GET", "/api/v1/miners?limit=100", headers: [("Cookie", cookie)])
            #expect(list.status == 200, "\(list.text)")
            let items = try TolerantJSONReader.parse(list.body)["items"]?.array ?? []
            #expect(Set(items.compactMap { $0["ip"]?.string }) == Set(truth.miners.map(\.address)))
            #expect(Set(items.compactMap { $0["mac"]?.string }) == Set(truth.miners.map(\.mac)))
            // The cycle waited for above had every miner ok; a later 5 s cycle on a loaded box may
            // have timed one out since (4 s deadline), which the API must then show as such.
            #expect(
                items.allSatisfy {
                    $0["status"]?["state"]?.string == "mining"
                        || ($0["status"]?["error"]?.string ?? "").contains("timed out")
                }, "\(list.text)")
            #expect(items.contains { $0["status"]?["state"]?.string == "mining" })

            let page = try await web.response("GET", "/", headers: [("Cookie", cookie)])
            #expect(page.status == 200)
            #expect(truth.miners.allSatisfy { page.text.contains($0.address) }, "the fleet page lists every miner")

            let metrics = try await web.response("GET", "/metrics", headers: [("Cookie", cookie)])
            #expect(metrics.status == 200)
            let samples = try PrometheusLines.parse(metrics.text)
            #expect(samples.filter { $0.name == "powerhive_miner_up" }.count == count)
            #expect(samples.contains { $0.name == "powerhive_poll_cycle_duration_seconds_count" && $0.value >= 1 })
            #expect(samples.contains { $0.name == "powerhive_scan_cycle_duration_seconds_count" && $0.value >= 1 })

            // SIGTERM: a graceful shutdown, exit 0, within a bounded time.
            let stopped = ContinuousClock.now
            daemon.terminate()
            let status = try await daemon.waitForExit(within: .seconds(20))
            #expect(status == 0, "exit status after SIGTERM; log tail:\n\(daemon.tail())")
            #expect(ContinuousClock.now - stopped < .seconds(15))
            #expect(daemon.output.contains("powerhive stopped"))

            // The database reopens consistent, with the rows the daemon wrote.
            let check = try await powerhive(["db", "check", "--json", "--db", database])
            #expect(check.status == 0, "\(check.stderr)")
            #expect(try TolerantJSONReader.parse(check.stdout)["ok"]?.bool == true)
            let stats = try await powerhive(["db", "stats", "--json", "--db", database])
            #expect(stats.status == 0, "\(stats.stderr)")
            let tables = try TolerantJSONReader.parse(stats.stdout)["tables"]?.array ?? []
            func rows(_ table: String) -> Int? { tables.first { $0["name"]?.string == table }?["rows"]?.int }
            #expect(rows("miners") == count)
            #expect((rows("statuses") ?? 0) >= count)
            #expect(rows("web_users") == 1, "the first admin, created at start")
        }
    }

    @Test func badConfigExitsTwoWithOneLineNamingTheKey() async throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = try Self.writeConfig(in: folder, #"{"intervals": {"status_seconds": "often"}}"#)
        let run = try await powerhive(["run", "--config", path])
        #expect(run.status == 2, "\(run.stderr)")
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("intervals.status_seconds"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("data").path))
    }

    @Test func healthcheckFailsWithOneLineWhenNothingAnswers() async throws {
        let port = try await Self.freePort(host: "127.198.1.2")
        let run = try await powerhive(["healthcheck", "--url", "http://127.198.1.2:\(port)/healthz", "--timeout", "5"])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("unhealthy: no answer from http://127.198.1.2:\(port)/healthz"), "\(run.stderr)")
        #expect(try await powerhive(["healthcheck", "--url", "ftp://x"]).status == 2)
    }

    // MARK: Helpers

    /// Logs in as the admin: the login form's double-submit CSRF check with a cookie and field
    /// of the client's choosing, then the session cookie from the redirect.
    static func login(_ web: TestHTTP) async throws -> String {
        let csrf = "daemon-test-csrf-token"
        let form = "username=admin&password=\(adminPassword)&csrf=\(csrf)&next=%2F"
        let response = try await web.response(
            "POST", "/login",
            headers: [("Cookie", "ph_csrf=\(csrf)"), ("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(form.utf8))
        #expect(response.status == 303 || response.status == 302, "login: \(response.status) \(response.text)")
        let session = response.headers.filter { $0.0.lowercased() == "set-cookie" }.map(\.1)
            .first { $0.hasPrefix("ph_session=") }
        let value = try #require(session?.split(separator: ";").first.map(String.init), "no session cookie")
        return value + "; ph_csrf=\(csrf)"
    }

    /// The whole number just before `suffix` in `line` ("6 identified" → 6).
    static func figure(before suffix: String, in line: String) -> Int? {
        guard let range = line.range(of: suffix) else { return nil }
        let digits = line[..<range.lowerBound].reversed().prefix { $0.isNumber }
        return Int(String(digits.reversed()))
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("powerhive-daemon-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func writeConfig(in folder: URL, _ json: String) throws -> String {
        let url = folder.appendingPathComponent("config.json")
        try Data(json.utf8).write(to: url)
        return url.path
    }

    /// A port nothing listens on at `host` right now (bound to port 0, then released).
    static func freePort(host: String) async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: host, port: 0).get()
        let port = channel.localAddress?.port ?? 0
        try await channel.close()
        return port
    }

    func powerhive(_ arguments: [String]) async throws -> ProbeCommandTests.Run {
        try await ProbeCommandTests.powerhive(arguments)
    }
}
