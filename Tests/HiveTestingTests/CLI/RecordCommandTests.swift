import Drivers
import Foundation
import HiveProtocols
import HiveTesting
import Testing

/// Runs the real `powerhive record` against simulated miners over loopback (127.191.200.x),
/// then replays what it wrote: identification and every read must come out of the recording
/// alone, exactly as the live miner answered, and no secret may be written.
@Suite(.serialized) struct RecordCommandTests {
    /// Non-default credentials, so a leaked password is found by a plain search.
    static let credentials: [DriverID: Credentials] = [
        "antminer-stock": Credentials(username: "root", password: "st0ck-Hive-4821"),
        "vnish": Credentials(username: "admin", password: "vn1sh-Hive-7730"),
    ]

    static func scratchFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("powerhive-record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: [("antminer-stock", "127.191.200.0/30"), ("vnish", "127.191.200.4/30")] as [(DriverID, String)])
    func recordedCaseReplaysLikeTheLiveMiner(_ personality: DriverID, _ range: String) async throws {
        let credentials = try #require(Self.credentials[personality])
        let scratch = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("\(personality)/recorded")
        let config = SimulatedFleet.Configuration(
            range: range, count: 1, mix: [personality: 1], seed: 11, credentials: [personality: credentials],
            placement: .sequential, noise: 0, epoch: 1_763_000_000)
        let environment = ["POWERHIVE_MINER_PASSWORD": credentials.password.value]
        // A manual clock that nobody advances: the simulated miner answers the same values to
        // `record` and to the `probe` that follows.
        let live = try await SimulatedFleet.withFleet(config, clock: ManualClock()) { fleet in
            let miner = try #require(fleet.groundTruth().miners.first)
            let user = personality == "antminer-stock" ? ["--user", credentials.username] : []
            let record = try await ProbeCommandTests.powerhive(
                ["record", miner.address, "--out", out.path, "--timeout-ms", "15000"] + user, environment: environment)
            #expect(record.status == 0, "\(record.stderr)")
            #expect(record.stdout.hasPrefix("recorded \(personality) at \(miner.address) into \(out.path)"))
            let probe = try await ProbeCommandTests.powerhive(
                ["probe", "--json", miner.address, "--timeout-ms", "15000"] + user, environment: environment)
            #expect(probe.status == 0, "\(probe.stderr)")
            let json = try TolerantJSONReader.parse(probe.stdout)
            #expect(json["mac"]?.string == miner.mac)
            #expect(json["serial"]?.string == miner.serial)
            return json
        }

        let fixture = try FixtureCase(url: out)
        #expect(fixture.driverID == personality)
        #expect(fixture.manifest["driver"]?.string == personality.rawValue)
        #expect(!fixture.exchanges.isEmpty)
        let replayed = try await Self.replay(fixture, credentials: credentials)
        #expect(replayed.problems.isEmpty, "\(replayed.problems)")
        for (key, value) in replayed.summary.object ?? [:] {
            let differences = JSONComparison.differences(expected: live[key] ?? .null, actual: value, path: key)
            #expect(differences.isEmpty, "replayed vs live: \(differences)")
        }
        #expect(try Self.secretsIn(out, password: credentials.password.value).isEmpty)
    }

    /// Identifies the case and runs identity, status and telemetry from its recording alone,
    /// each with a fresh driver and transport (every request must have been recorded).
    static func replay(
        _ fixture: FixtureCase, credentials: Credentials
    ) async throws -> (summary: JSONValue, problems: [String]) {
        let registry = try DriverRegistry.builtIn
        let probes = ReplayTransport(case: fixture)
        let answers = await registry.collectProbes(host: "replay", http: probes, cgminer: probes)
        let match = try #require(registry.identify(answers))
        let driverType = try #require(registry.driver(match.driver))
        // A probe the miner refused was never recorded; any other request must have been.
        let probeKeys = Set(ProbeFixtureTests.probeKeys)
        var problems = probes.misses.filter { !probeKeys.contains($0) }.map { "probe: no recording for \($0)" }
        func read(_ body: (any MinerDriver) async throws -> JSONValue) async throws -> JSONValue {
            let replay = ReplayTransport(case: fixture)
            let driver = driverType.init(
                context: DriverContext(
                    host: "replay", http: replay, cgminer: replay, credentials: credentials, match: match))
            defer { problems += replay.problems }
            return try await body(driver)
        }
        let identity = try await read { try ConformanceRunner.encode(try await $0.identity()) }
        let status = try await read { try ConformanceRunner.encode(try await $0.status()) }
        let boards = try await read { try ConformanceRunner.encode(try await $0.telemetry()) }
        let matchJSON: JSONValue = .object([
            "driver": .string(match.driver.rawValue), "model": match.model.map(JSONValue.string) ?? .null,
            "firmware_version": match.firmwareVersion.map(JSONValue.string) ?? .null,
        ])
        let summary = ProbeFixtureTests.summary(
            match: matchJSON, identity: identity, status: status, boards: boards.array ?? [])
        return (summary, problems)
    }

    /// Every place a secret shows in the files under `folder`: the password, an
    /// `Authorization` header or digest answer, a bearer token, or a JSON string under a secret
    /// key (token, key, pw, password…) that is not "REDACTED".
    static func secretsIn(_ folder: URL, password: String) throws -> [String] {
        var found: [String] = []
        let files =
            FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath } ?? []
        #expect(!files.isEmpty)
        for file in files {
            let bytes = Array(try Data(contentsOf: file))
            let text = String(decoding: bytes, as: UTF8.self)
            for marker in [password, "Authorization", "Digest username", "response=\"", "Bearer "]
            where text.contains(marker) {
                found.append("\(file.lastPathComponent) contains \(marker == password ? "the password" : marker)")
            }
            if let json = try? TolerantJSONReader.parse(bytes) {
                found += unredacted(json).map { "\(file.lastPathComponent): \($0) holds a secret" }
            }
        }
        return found
    }

    static func unredacted(_ value: JSONValue, path: String = "$") -> [String] {
        switch value {
        case .object(let object):
            return object.flatMap { key, value -> [String] in
                if RecordingTransport.secretKeys.contains(key.lowercased()), case .string(let text) = value {
                    return text == "REDACTED" ? [] : ["\(path).\(key)"]
                }
                return unredacted(value, path: "\(path).\(key)")
            }
        case .array(let array): return array.enumerated().flatMap { unredacted($1, path: "\(path)[\($0)]") }
        default: return []
        }
    }

    // MARK: - Exit paths

    @Test func badArgumentsExitTwo() async throws {
        #expect(try await ProbeCommandTests.powerhive(["record", "127.191.200.9"]).status == 2)
        #expect(try await ProbeCommandTests.powerhive(["record", "--out", "/tmp/x"]).status == 2)
        #expect(try await ProbeCommandTests.powerhive(["record", "127.191.200.9", "--out", ""]).status == 2)
        #expect(
            try await ProbeCommandTests.powerhive(["record", "127.191.200.9", "--out", "/tmp/x", "--timeout-ms", "1"])
                .status
                == 2)
    }

    @Test func unknownHostNameIsOneLineAndLeavesNothing() async throws {
        let scratch = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("case")
        let run = try await ProbeCommandTests.powerhive(["record", "nosuchminer.invalid", "--out", out.path])
        #expect(run.status == 1)
        #expect(run.stderr == "powerhive: nosuchminer.invalid: unknown host (names under .invalid never resolve)\n")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func everyPortRefusedIsOneLineAndLeavesNothing() async throws {
        let scratch = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("case")
        let run = try await ProbeCommandTests.powerhive(
            ["record", "127.191.250.1", "--out", out.path, "--timeout-ms", "2000"])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("powerhive: 127.191.250.1: no miner API answered"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
        // Nothing was left to block the same command from being run again.
        let again = try await ProbeCommandTests.powerhive(
            ["record", "127.191.250.1", "--out", out.path, "--timeout-ms", "2000"])
        #expect(again.stderr.hasPrefix("powerhive: 127.191.250.1: no miner API answered"), "\(again.stderr)")
    }

    @Test func hungHostTimesOutInOneLineAndLeavesNothing() async throws {
        let scratch = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("case")
        try await SilentListener.withListener(address: "127.191.251.2", ports: [80, 4028]) {
            let run = try await ProbeCommandTests.powerhive(
                ["record", "127.191.251.2", "--out", out.path, "--timeout-ms", "300"])
            #expect(run.status == 1)
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
            #expect(run.stderr.contains("timed out"), "\(run.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func existingRecordingIsNotOverwritten() async throws {
        let scratch = try Self.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(
            at: scratch.appendingPathComponent("exchanges"), withIntermediateDirectories: true)
        let run = try await ProbeCommandTests.powerhive(["record", "127.191.250.1", "--out", scratch.path])
        #expect(run.status == 1)
        #expect(run.stderr == "powerhive: \(scratch.path) already holds a recording; choose a new folder\n")
        #expect(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("exchanges").path))
    }
}
