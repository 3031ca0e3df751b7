import Drivers
import Foundation
import HiveProtocols
import HiveTesting
import Testing

/// Every fixture case of every driver, served over real loopback sockets by `FixtureServer`,
/// probed by the real `powerhive` binary: its `--json` summary must say what the case's
/// `expected/` files say, and nothing but the shared identification probes may miss a
/// recording.
@Suite(.serialized) struct ProbeFixtureTests {
    /// A case, by `<driver>/<case>`, and the third octet of its address (127.191.<k>.1).
    struct Served: Sendable, CustomTestStringConvertible {
        var path: String
        var octet: Int
        var testDescription: String { path }
    }

    /// The repository's `DriverFixtures/` (found from this file: the test target has no resources).
    static let fixturesRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("DriverFixtures")

    /// Every `<driver>/<case>` folder, discovered at run time.
    static let cases: [Served] = {
        let manager = FileManager.default
        let drivers = ((try? manager.contentsOfDirectory(atPath: fixturesRoot.path)) ?? []).sorted()
        let paths = drivers.flatMap { driver -> [String] in
            let folder = fixturesRoot.appendingPathComponent(driver)
            let names = ((try? manager.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            return names.filter {
                manager.fileExists(atPath: folder.appendingPathComponent("\($0)/manifest.json").path)
            }
            .map { "\(driver)/\($0)" }
        }
        return paths.enumerated().map { Served(path: $1, octet: $0 + 1) }
    }()

    /// The shared identification probes every registered driver may ask: a case need not
    /// record the other drivers' questions.
    static let probeKeys: Set<Exchange.Key> = Set(
        (try? DriverRegistry.builtIn.probes)?.map { probe -> Exchange.Key in
            switch probe {
            case .http(let request): Exchange.Key(request)
            case .cgminer(let request): Exchange.Key(request)
            }
        } ?? [])

    @Test func everyDriverHasCases() {
        #expect(Self.cases.count >= 8, "found \(Self.cases.map(\.path)) under \(Self.fixturesRoot.path)")
        #expect(Set(Self.cases.map { $0.path.split(separator: "/")[0] }).isSuperset(of: ["antminer-stock", "vnish"]))
        #expect(Self.cases.count < 200, "one 127.191.<k>.1 address per case")
        #expect(!Self.probeKeys.isEmpty)
    }

    @Test(arguments: cases) func probeSummarisesTheCaseOverSockets(_ served: Served) async throws {
        let fixture = try FixtureCase(url: Self.fixturesRoot.appendingPathComponent(served.path))
        let address = "127.191.\(served.octet).1"
        var arguments = ["probe", "--json", address, "--timeout-ms", "15000"]
        var environment: [String: String] = [:]
        if let credentials = fixture.credentials, credentials != Self.defaultCredentials(fixture.driverID) {
            arguments += ["--user", credentials.username]
            environment["POWERHIVE_MINER_PASSWORD"] = credentials.password.value
        }
        let (run, misses, problems) = try await FixtureServer.withServer(fixture, address: address) { server in
            let run = try await ProbeCommandTests.powerhive(arguments, environment: environment)
            return (run, server.misses, server.problems)
        }
        #expect(run.status == 0, "\(fixture): \(run.stderr)")
        let actual = try TolerantJSONReader.parse(run.stdout)
        let expected = try Self.expectedSummary(fixture)
        for (key, value) in expected.object ?? [:] {
            let differences = JSONComparison.differences(expected: value, actual: actual[key] ?? .null, path: key)
            #expect(differences.isEmpty, "\(fixture): \(differences)")
        }
        #expect(actual["ip"]?.string == address)
        #expect(actual["errors"]?.array == [], "\(fixture): read errors \(actual["errors"]?.serialized() ?? "")")
        let unexpected = misses.filter { !Self.probeKeys.contains($0) }
        #expect(unexpected.isEmpty, "\(fixture): requests with no recording: \(unexpected)")
        let otherProblems = problems.filter { !$0.contains("no recording for") }
        #expect(otherProblems.isEmpty, "\(fixture): \(otherProblems)")
    }

    static func defaultCredentials(_ driver: DriverID) -> Credentials? {
        (try? DriverRegistry.builtIn)?.driver(driver)?.descriptor.defaultCredentials
    }

    /// What `probe --json` must print for a case, derived from its hand-written `expected/`
    /// files.
    static func expectedSummary(_ fixture: FixtureCase) throws -> JSONValue {
        summary(
            match: try fixture.expected("match") ?? .null, identity: try fixture.expected("identity") ?? .null,
            status: try fixture.expected("status") ?? .null, boards: try fixture.expected("telemetry")?.array ?? [])
    }

    /// The `probe --json` keys for a match and the JSON encodings of `MinerIdentity`,
    /// `MinerStatus` and `[BoardTelemetry]`, by the rules `MinerReport.json` documents:
    /// realtime hashrate else average, in TH/s; power measured only when the status says so;
    /// per board the hottest sensor (per-chip temperatures when there are no chip sensors).
    static func summary(match: JSONValue, identity: JSONValue, status: JSONValue, boards: [JSONValue]) -> JSONValue {
        let power = status["power"]?.double
        return .object([
            "driver": match["driver"] ?? .null,
            "make": identity["make"] ?? .null,
            "model": identity["model"] ?? match["model"] ?? .null,
            "firmware_version": identity["firmwareVersion"] ?? match["firmware_version"] ?? .null,
            "mac": identity["mac"] ?? .null,
            "serial": identity["serial"] ?? .null,
            "state": status["state"] ?? .null,
            "hashrate_ths": rounded((status["hashrateRealtime"]?.double ?? status["hashrateAverage"]?.double), 1e12),
            "power_w": rounded(power, 1),
            "power_measured": power == nil ? .null : .bool(status["powerSource"]?.string == "measured"),
            "power_target_w": rounded(status["powerTarget"]?.double, 1),
            "boards": .array(
                boards.map { board in
                    let chipTemps = board["chipTemps"]?.array ?? []
                    let perChip = board["chips"]?.array?.compactMap { $0["temperature"] } ?? []
                    return .object([
                        "index": board["index"] ?? .null,
                        "hashrate_ths": rounded(board["hashrate"]?.double, 1e12),
                        "chips_expected": board["chipsExpected"] ?? .null,
                        "chips_working": board["chipsWorking"] ?? .null,
                        "board_temp_c": rounded((board["boardTemps"]?.array ?? []).compactMap(\.double).max(), 1),
                        "chip_temp_c": rounded((chipTemps.isEmpty ? perChip : chipTemps).compactMap(\.double).max(), 1),
                    ])
                }),
        ])
    }

    /// `value / unit` to three decimals, as the CLI prints it; `null` when absent.
    static func rounded(_ value: Double?, _ unit: Double) -> JSONValue {
        guard let value else { return .null }
        return .number((value / unit * 1000).rounded() / 1000)
    }
}
