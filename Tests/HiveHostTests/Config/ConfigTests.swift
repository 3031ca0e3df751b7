import Foundation
import HiveHost
import HiveProtocols
import Testing

@Suite struct ConfigTests {
    static let repoConfig = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("config.json")

    func parse(_ json: String, environment: [String: String] = [:]) throws -> PowerHiveConfig {
        try PowerHiveConfig.parse(Array(json.utf8), source: "config.json", environment: environment)
    }

    @Test func defaultsFollowTheSeedGuide() throws {
        let config = try PowerHiveConfig.defaults
        #expect(config.network.lightScanTimeoutMs == 300)
        #expect(config.network.minerProbeTimeoutMs == 1500)
        #expect(config.intervals.discoverySeconds == 30)
        #expect(config.intervals.statusSeconds == 60)
        #expect(config.intervals.telemetrySeconds == 3600)
        #expect(config.intervals.plantSeconds == 30)
        #expect(config.intervals.balancerSeconds == 60)
        #expect(config.database.path == "./data/powerhive.db")
        #expect(config.http.port == 8080 && config.http.host == "0.0.0.0")
        #expect(config.plant.unit == "kW")
    }

    @Test func repositoryConfigIsValid() throws {
        let config = try PowerHiveConfig.load(path: Self.repoConfig.path, environment: [:])
        #expect(config.network.subnets == ["192.168.1.0/24"])
        #expect(config.credentials["vnish"]?.username == "admin")
    }

    @Test func environmentOverridesSecretsAndTheyAreMasked() throws {
        let config = try parse(
            #"{"plant": {"api_endpoint": "http://127.0.0.1:9/data"}}"#,
            environment: ["POWERHIVE_PLANT_API_KEY": "k-123456", "POWERHIVE_HTTP_ADDR": "127.0.0.1:9090"])
        #expect(config.plant.apiKey?.value == "k-123456")
        #expect(config.http.port == 9090)
        let text = config.maskedJSON.serialized()
        #expect(!text.contains("k-123456"))
        #expect(text.contains(#""api_key":"***""#))
    }

    @Test func balancerAndPlantKeysReachTheServices() throws {
        let config = try parse(
            #"""
            {"plant": {"api_endpoint": "https://plant.example/data/latest", "plant_id": "p1", "timeout_seconds": 7},
             "balancer": {"budget_source": "fixed", "fixed_cap_kw": 800, "restore_batch_size": 25, "max_attempts": 5,
                          "quarantine_seconds": 120, "assumed_sleep_w": 90, "min_change_w": 40,
                          "read_back_grace_seconds": 200}}
            """#,
            environment: ["POWERHIVE_PLANT_API_KEY": "env-key-1"])
        let poller = try #require(PlantPoller.Configuration(config))
        #expect(poller.timeout == .seconds(7) && poller.apiKey?.value == "env-key-1")
        let service = BalancerService.Configuration(config)
        #expect(service.budget.fixedCap == .kilowatts(800))
        #expect(service.machine.restoreBatchSize == 25 && service.machine.maxAttempts == 5)
        #expect(service.machine.quarantineSeconds == 120 && service.machine.assumedSleepPower == Watts(90))
        #expect(service.machine.minimumChange == Watts(40) && service.machine.readBackGraceSeconds == 200)
        let available = BalancerService.Configuration(try parse(#"{"balancer": {"budget_source": "available"}}"#))
        #expect(available.budget.source == .available && available.budget.fixedCap == nil)
    }

    @Test func balancerDefaultsAreConservative() throws {
        let config = try PowerHiveConfig.defaults
        #expect(!config.balancer.enabled)
        #expect(config.balancer.budgetSource == "generation" && config.balancer.fixedCapKW == nil)
        #expect(config.balancer.maxAttempts == 3 && config.balancer.quarantineSeconds == 3600)
        #expect(config.balancer.restoreBatchSize == nil && config.plant.timeoutSeconds == 10)
        let machine = BalancerService.Configuration(config).machine
        #expect(machine.cooldownSeconds == 600 && machine.staleAfterSeconds == 180 && machine.failSafeLevel == nil)
    }

    @Test func credentialsAreMasked() throws {
        let config = try parse(#"{"credentials": {"vnish": {"username": "admin", "password": "s3cr3t!"}}}"#)
        #expect(config.credentials["vnish"]?.password.value == "s3cr3t!")
        #expect(!config.maskedJSON.serialized().contains("s3cr3t!"))
    }

    /// Each malformed config gives exactly the expected one-line problem, naming the key.
    @Test(arguments: [
        (#"{"network": {"light_scan_timeout_ms": "300"}}"#, "network.light_scan_timeout_ms: \"300\" is invalid"),
        (
            #"{"network": {"light_scan_timeout_ms": 0}}"#,
            "network.light_scan_timeout_ms: 0 is invalid; expected a whole number from 10"
        ),
        (#"{"network": {"light_scan_timeout_ms": 2.5}}"#, "network.light_scan_timeout_ms: 2.5 is invalid"),
        (
            #"{"network": {"subnets": "10.0.0.0/24"}}"#,
            "network.subnets: \"10.0.0.0/24\" is invalid; expected an array of strings"
        ),
        (#"{"network": {"subnets": ["10.0.0.0/33"]}}"#, "network.subnets[0]: \"10.0.0.0/33\" is invalid"),
        (#"{"network": {"subnets": ["10.0.0.0/24", 5]}}"#, "network.subnets[1]: 5 is invalid; expected a string"),
        (#"{"network": {"subnets": ["10.0.0.0/8"]}}"#, "network.subnets[0]: \"10.0.0.0/8\" is invalid"),
        (#"{"network": {"subnets": ["10.0.1.80-10.0.1.5"]}}"#, "network.subnets[0]"),
        (#"{"network": {"subnets": ["banana"]}}"#, "network.subnets[0]: \"banana\" is invalid"),
        (#"{"network": {"scan_concurrency": -1}}"#, "network.scan_concurrency: -1 is invalid"),
        (
            #"{"network": {"passive_discovery": "yes"}}"#,
            "network.passive_discovery: \"yes\" is invalid; expected true or false"
        ),
        (#"{"intervals": {"status_seconds": 1}}"#, "intervals.status_seconds: 1 is invalid"),
        (#"{"intervals": {"status_secs": 60}}"#, "intervals.status_secs: no such key"),
        (#"{"netwrok": {}}"#, "netwrok: no such key"),
        (
            #"{"intervals": {"status_seconds": 20}, "polling": {"status_deadline_seconds": 30}}"#,
            "polling.status_deadline_seconds: 30 is invalid; expected less than intervals.status_seconds (20)"
        ),
        (#"{"plant": {"unit": "kw"}}"#, "plant.unit: \"kw\" is invalid; expected one of \"W\", \"kW\", \"MW\""),
        (
            #"{"plant": {"api_endpoint": "ftp://x"}}"#,
            "plant.api_endpoint: \"ftp://x\" is invalid; expected an http:// or https:// URL"
        ),
        (#"{"plant": {"min_confidence": 1.5}}"#, "plant.min_confidence: 1.5 is invalid"),
        (#"{"balancer": {"mode": "yolo"}}"#, "balancer.mode: \"yolo\" is invalid"),
        (#"{"balancer": {"safety_margin": 0.95}}"#, "balancer.safety_margin: 0.95 is invalid"),
        (#"{"balancer": {"fail_safe_kw": "low"}}"#, "balancer.fail_safe_kw: \"low\" is invalid"),
        (
            #"{"balancer": {"budget_source": "solar"}}"#,
            "balancer.budget_source: \"solar\" is invalid; expected one of \"generation\", \"fixed\", \"available\""
        ),
        (
            #"{"balancer": {"budget_source": "fixed"}}"#,
            "balancer.fixed_cap_kw: a number of kW when balancer.budget_source is \"fixed\""
        ),
        (
            #"{"balancer": {"fixed_cap_kw": 500}}"#,
            "balancer.fixed_cap_kw: 500 is invalid; expected null unless balancer.budget_source is \"fixed\""
        ),
        (
            #"{"balancer": {"restore_batch_size": 0}}"#,
            "balancer.restore_batch_size: 0 is invalid; expected a whole number from 1 to 10000, or null"
        ),
        (#"{"balancer": {"restore_batch_size": 2.5}}"#, "balancer.restore_batch_size: 2.5 is invalid"),
        (#"{"balancer": {"max_attempts": 0}}"#, "balancer.max_attempts: 0 is invalid; expected a whole number"),
        (#"{"balancer": {"quarantine_seconds": -1}}"#, "balancer.quarantine_seconds: -1 is invalid"),
        (#"{"balancer": {"assumed_sleep_w": "150"}}"#, "balancer.assumed_sleep_w: \"150\" is invalid"),
        (#"{"balancer": {"min_change_w": 0}}"#, "balancer.min_change_w: 0 is invalid; expected a number from 1"),
        (#"{"balancer": {"read_back_grace_seconds": true}}"#, "balancer.read_back_grace_seconds: true is invalid"),
        (#"{"plant": {"timeout_seconds": 0}}"#, "plant.timeout_seconds: 0 is invalid; expected a whole number from 1"),
        (#"{"http": {"addr": "8080"}}"#, "http.addr: \"8080\" is invalid"),
        (#"{"http": {"addr": ":70000"}}"#, "http.addr: \":70000\" is invalid"),
        (
            #"{"auth": {"mode": "none"}}"#,
            "auth.mode: \"none\" is invalid; expected \"password\" unless http.addr listens on loopback"
        ),
        (#"{"logging": {"level": "loud"}}"#, "logging.level: \"loud\" is invalid"),
        (#"{"credentials": {"vnish": {"username": "admin"}}}"#, "credentials.vnish.password: a string"),
        (#"{"retention": {"status_days": 0}}"#, "retention.status_days: 0 is invalid"),
        (#"{"database": {"path": 5}}"#, "database.path: 5 is invalid; expected a string"),
        (#"{"network": {"subnets": []}"#, "(file): valid JSON"),
        (#"[1, 2]"#, "(file): a JSON object"),
        ("", "(file): valid JSON"),
    ])
    func malformedConfigGivesOneClearLine(json: String, expected: String) {
        do {
            _ = try parse(json)
            Issue.record("accepted \(json)")
        } catch let error as ConfigError {
            let lines = error.description.split(separator: "\n")
            #expect(lines.count == 1, "\(error.description)")
            #expect(error.description.hasPrefix("config.json: " + expected), "\(error.description)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func everyProblemIsReportedNotJustTheFirst() {
        do {
            _ = try parse(#"{"network": {"subnets": ["x", "y"], "scan_concurrency": 0}, "foo": 1}"#)
            Issue.record("accepted")
        } catch let error as ConfigError {
            #expect(
                error.problems.map(\.key) == [
                    "network.subnets[0]", "network.subnets[1]", "network.scan_concurrency", "foo",
                ])
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func noneAuthIsAllowedOnLoopback() throws {
        let config = try parse(#"{"auth": {"mode": "none"}, "http": {"addr": "127.0.0.1:8080"}}"#)
        #expect(config.auth.mode == "none")
    }

    @Test func missingFileNamesIt() {
        #expect(throws: ConfigError.self) {
            try PowerHiveConfig.load(path: "/nonexistent/powerhive.json", environment: [:])
        }
    }
}
