import Foundation
public import HiveProtocols
public import Logging

/// Runs one fixture case through a registry, the way the host would, and lists every
/// difference from the case's `expected/` files.
///
/// Used by the driver conformance suite (by replay) and by the simulator tests (over real
/// sockets, with `transports` returning live ones). A driver with fixtures is covered without
/// new test code.
public struct ConformanceRunner: Sendable {
    /// Makes the transports for one step; replay by default.
    public typealias TransportFactory =
        @Sendable (FixtureCase, FixtureCase.Command?) -> (
            http: any HTTPTransport, cgminer: any CGMinerTransport, replay: ReplayTransport?
        )

    /// The registry that identifies the case.
    public var registry: DriverRegistry
    /// The transports to use.
    public var transports: TransportFactory
    /// A logger.
    public var logger: Logger

    /// Creates a runner that replays fixture cases.
    public init(registry: DriverRegistry, logger: Logger = Logger(label: "powerhive.conformance")) {
        self.registry = registry
        self.logger = logger
        self.transports = { fixture, command in
            let replay = ReplayTransport(case: fixture, command: command)
            return (replay, replay, replay)
        }
    }

    /// Creates a runner with custom transports (e.g. live ones against a simulated miner).
    public init(
        registry: DriverRegistry, logger: Logger = Logger(label: "powerhive.conformance"),
        transports: @escaping TransportFactory
    ) {
        self.registry = registry
        self.logger = logger
        self.transports = transports
    }

    /// Runs identification, every read and every command of a case; returns the failures.
    public func run(_ fixture: FixtureCase) async -> [String] {
        var failures: [String] = []
        // 1. Identification from the probes every registered driver declares.
        let (http, cgminer, probeReplay) = transports(fixture, nil)
        let answers = await registry.collectProbes(host: fixture.name, http: http, cgminer: cgminer)
        let match = registry.identify(answers)
        if let expected = try? fixture.expected("match") {
            let actual: JSONValue =
                match.map { m in
                    .object([
                        "driver": .string(m.driver.rawValue), "model": m.model.map(JSONValue.string) ?? .null,
                        "firmware_version": m.firmwareVersion.map(JSONValue.string) ?? .null,
                    ])
                } ?? .null
            failures += JSONComparison.differences(expected: expected, actual: actual, path: "match")
        } else {
            failures.append("\(fixture): expected/match.json missing")
        }
        _ = probeReplay  // probes may legitimately miss recordings (other drivers' questions)
        guard let match, let driverType = registry.driver(match.driver), match.driver == fixture.driverID else {
            failures.append(
                "\(fixture): identified as \(match?.driver.rawValue ?? "nothing"), expected \(fixture.driverID)")
            return failures
        }

        // 2. Reads, each with a fresh driver and transport.
        let reads: [(String, @Sendable (any MinerDriver) async throws -> JSONValue)] = [
            ("identity", { try Self.encode(try await $0.identity()) }),
            ("status", { try Self.encode(try await $0.status()) }),
            ("telemetry", { try Self.encode(try await $0.telemetry()) }),
            ("power_control", { try Self.encode(try await $0.powerControl()) }),
        ]
        for (name, read) in reads {
            guard let expected = try? fixture.expected(name) else {
                failures.append("\(fixture): expected/\(name).json missing")
                continue
            }
            let (http, cgminer, replay) = transports(fixture, nil)
            let driver = driverType.init(context: context(fixture, match: match, http: http, cgminer: cgminer))
            do {
                let actual = try await read(driver)
                failures += JSONComparison.differences(expected: expected, actual: actual, path: "\(fixture) \(name)")
            } catch {
                failures.append("\(fixture) \(name): threw \(error)")
            }
            failures += replay?.problems ?? []
        }

        // 3. Commands.
        for command in fixture.commands {
            failures += await run(command, of: fixture, driverType: driverType, match: match)
        }
        return failures
    }

    private func run(
        _ command: FixtureCase.Command, of fixture: FixtureCase, driverType: any MinerDriver.Type, match: DriverMatch
    ) async -> [String] {
        var failures: [String] = []
        let label = "\(fixture) command \(command.name)"
        let (http, cgminer, replay) = transports(fixture, command)
        let driver = driverType.init(context: context(fixture, match: match, http: http, cgminer: cgminer))
        do {
            let outcome = try await driver.apply(command.command)
            if let result = command.expected["result"]?.string, result != outcome.result.rawValue {
                failures.append(
                    "\(label): result \(outcome.result.rawValue) (\(outcome.detail ?? "")), expected \(result)")
            }
            if let readBack = command.expected["read_back"]?.string, readBack != outcome.readBack {
                failures.append("\(label): read back \(outcome.readBack ?? "nil"), expected \(readBack)")
            }
        } catch {
            if let thrown = command.expected["throws"]?.string {
                if !"\(error)".contains(thrown) { failures.append("\(label): threw \(error), expected \(thrown)") }
            } else {
                failures.append("\(label): threw \(error)")
            }
        }
        if let replay {
            failures += replay.problems
            let sent = replay.sent.map(\.key.description)
            var remaining = sent[...]
            for wanted in command.expected["sent"]?.array?.compactMap(\.string) ?? [] {
                guard let index = remaining.firstIndex(of: wanted) else {
                    failures.append("\(label): expected \(wanted) to be sent (in order); sent \(sent)")
                    break
                }
                remaining = remaining[(index + 1)...]
            }
            for unwanted in command.expected["not_sent"]?.array?.compactMap(\.string) ?? []
            where sent.contains(unwanted) {
                failures.append("\(label): \(unwanted) must not be sent; sent \(sent)")
            }
        }
        return failures
    }

    private func context(
        _ fixture: FixtureCase, match: DriverMatch, http: any HTTPTransport, cgminer: any CGMinerTransport
    ) -> DriverContext {
        let store = InMemoryCredentialStore(
            (fixture.manifest["stored_secrets"]?.object ?? [:]).compactMapValues { $0.string.map(Secret.init) })
        return DriverContext(
            host: fixture.manifest["host"]?.string ?? "127.0.0.1", http: http, cgminer: cgminer,
            credentials: fixture.credentials, credentialStore: store, match: match, sleep: { _ in }, logger: logger)
    }

    /// Encodes a value the way `expected/` files hold it.
    public static func encode(_ value: some Encodable) throws -> JSONValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try TolerantJSONReader.parse(Array(try encoder.encode(value)))
    }
}
