import Foundation
import HiveProtocols
import HiveTesting
import Testing

/// Runs the daemon the way the Docker image does (see `Dockerfile`), since no image can be
/// built here: as uid/gid 10001 with no supplementary groups (`setpriv`), from a working folder
/// holding a read-only `config.json` found through `POWERHIVE_CONFIG`, writing only to a
/// `data/` folder owned by that user, secrets from the environment, and `powerhive healthcheck`
/// (the image's HEALTHCHECK) run as the same user. Simulated miners on 127.199.3.0/29, web on
/// 127.199.2.1.
@Suite(.serialized) struct ImageLikeRunTests {
    static let uid = 10001
    static let webHost = "127.199.2.1"
    static let launcher = ["/usr/bin/setpriv", "--reuid=\(uid)", "--regid=\(uid)", "--clear-groups"]

    @Test(.enabled(if: getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")))
    func daemonRunsAsUID10001WithReadOnlyConfigAndOwnDataFolder() async throws {
        let fleetConfig = SimulatedFleet.Configuration(
            range: "127.199.3.0/29", count: 2, mix: ["antminer-stock": 1, "vnish": 1], seed: 5,
            placement: .sequential)
        try await SimulatedFleet.withFleet(fleetConfig) { fleet in
            let app = try DaemonProcessTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: app) }
            let data = app.appendingPathComponent("data")
            try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
            try FileManager.default.setAttributes(
                [.ownerAccountID: Self.uid, .groupOwnerAccountID: Self.uid, .posixPermissions: 0o700],
                ofItemAtPath: data.path)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: app.path)
            let port = try await DaemonProcessTests.freePort(host: Self.webHost)
            let config = try DaemonProcessTests.writeConfig(
                in: app,
                """
                {"network": {"subnets": ["127.199.3.0/29"], "passive_discovery": false,
                             "miner_probe_timeout_ms": 5000},
                 "intervals": {"discovery_seconds": 5, "status_seconds": 5, "telemetry_seconds": 600},
                 "polling": {"status_deadline_seconds": 4},
                 "database": {"path": "./data/powerhive.db"},
                 "http": {"addr": "\(Self.webHost):\(port)"}}
                """)
            try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: config)
            let environment = [
                "POWERHIVE_CONFIG": config, "POWERHIVE_ADMIN_PASSWORD": DaemonProcessTests.adminPassword,
            ]

            let daemon = try DaemonProcess(
                arguments: ["run"], directory: app, launcher: Self.launcher, environment: environment)
            defer { daemon.kill() }
            let count = fleet.groundTruth().miners.count
            _ = try await daemon.waitForLine(within: .seconds(120)) {
                $0.contains("status poll completed") && DaemonProcessTests.figure(before: " ok", in: $0) == count
            }

            // The image's HEALTHCHECK, as the same user.
            let health = try DaemonProcess(
                arguments: ["healthcheck", "--url", "http://\(Self.webHost):\(port)/healthz", "--timeout", "10"],
                directory: app, launcher: Self.launcher)
            #expect(try await health.waitForExit(within: .seconds(30)) == 0, "\(health.output)")

            // Everything it wrote is in data/ and belongs to uid 10001; the config is untouched.
            let written = try FileManager.default.contentsOfDirectory(atPath: data.path)
            #expect(written.contains("powerhive.db"), "\(written)")
            for name in written {
                let path = data.appendingPathComponent(name).path
                let owner = try FileManager.default.attributesOfItem(atPath: path)[.ownerAccountID] as? Int
                #expect(owner == Self.uid, "\(name) is owned by \(owner.map(String.init) ?? "?")")
            }
            #expect(
                Set(try FileManager.default.contentsOfDirectory(atPath: app.path)) == ["config.json", "data"],
                "nothing written outside data/")
            #expect(!daemon.output.contains(DaemonProcessTests.adminPassword), "the password never reaches the log")

            daemon.terminate()
            #expect(try await daemon.waitForExit(within: .seconds(20)) == 0, "log tail:\n\(daemon.tail())")
        }
    }
}
