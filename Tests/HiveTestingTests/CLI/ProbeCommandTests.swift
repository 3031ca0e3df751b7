import Drivers
import Foundation
import HiveProtocols
import HiveTesting
import NIOCore
import NIOPosix
import Testing

/// Runs the real `powerhive` binary against simulated miners over real sockets on loopback.
@Suite(.serialized) struct ProbeCommandTests {
    /// The `powerhive` executable, built next to the test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("powerhive")
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary with `arguments` (and extra environment variables) to completion.
    ///
    /// The blocking reads and wait run on a Dispatch thread, never on the concurrency pool: with
    /// two cores that pool has two threads, and a test blocking them would stall every other
    /// test's socket I/O into spurious timeouts.
    static func powerhive(_ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
        try await offPool { try runToCompletion(arguments, environment: environment) }
    }

    /// Runs blocking work (a child process's pipes and exit) on a Dispatch thread; see `powerhive`.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    private static func runToCompletion(_ arguments: [String], environment: [String: String]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test func probeJSONDescribesEachSimulatedMiner() async throws {
        let config = SimulatedFleet.Configuration(
            range: "127.190.0.0/29", count: 2, mix: ["antminer-stock": 1, "vnish": 1], seed: 3, placement: .sequential,
            epoch: 1_763_000_000)
        try await SimulatedFleet.withFleet(config) { fleet in
            let truth = fleet.groundTruth()
            #expect(truth.miners.count == 2)
            for miner in truth.miners {
                let run = try await Self.powerhive(["probe", miner.address, "--json", "--timeout-ms", "10000"])
                #expect(run.status == 0, "\(run.stderr)")
                let json = try TolerantJSONReader.parse(run.stdout)
                for key in [
                    "ip", "driver", "make", "model", "firmware", "firmware_version", "mac", "serial", "state",
                    "hashrate_ths", "power_w", "power_measured", "power_target_w", "boards",
                ] {
                    #expect(json[key] != nil, "key \(key) missing for \(miner.personality)")
                }
                #expect(json["ip"]?.string == miner.address)
                #expect(json["driver"]?.string == miner.personality.rawValue)
                #expect(json["mac"]?.string == miner.mac)
                #expect(json["state"]?.string == "mining")
                #expect((json["hashrate_ths"]?.double ?? 0) > 10)
                // Stock Antminer firmware reports no power: PowerHive's figure is an estimate.
                #expect(json["power_measured"]?.bool == (miner.personality == "vnish"))
                let boards = json["boards"]?.array ?? []
                #expect(!boards.isEmpty)
                #expect(boards.allSatisfy { ($0["chips_expected"]?.int ?? 0) > 0 })
            }
        }
    }

    @Test func nothingListeningIsOneLineAndExitOne() async throws {
        let run = try await Self.powerhive(["probe", "127.190.0.9", "--timeout-ms", "2000"])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("127.190.0.9: no miner API answered"), "\(run.stderr)")
    }

    @Test func badArgumentsExitTwo() async throws {
        #expect(try await Self.powerhive(["probe", "127.190.0.9", "--timeout-ms", "0"]).status == 2)
        #expect(try await Self.powerhive(["probe"]).status == 2)
        #expect(try await Self.powerhive(["no-such-command"]).status == 2)
        #expect(try await Self.powerhive(["probe", "127.190.0.9", "--no-such-flag"]).status == 2)
        #expect(try await Self.powerhive(["probe", "http://127.190.0.9/"]).status == 2)
        #expect(try await Self.powerhive(["probe", ""]).status == 2)
    }

    /// A name under the reserved `.invalid` domain is refused without a DNS query (RFC 6761),
    /// so nothing leaves the machine.
    @Test func unknownHostNameIsOneLineAndExitOne() async throws {
        let run = try await Self.powerhive(["probe", "nosuchminer.invalid", "--timeout-ms", "2000"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "powerhive: nosuchminer.invalid: unknown host (names under .invalid never resolve)\n")
    }

    @Test func everyPortRefusedIsOneLineAndExitOne() async throws {
        let run = try await Self.powerhive(["probe", "127.191.250.1", "--json", "--timeout-ms", "2000"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("powerhive: 127.191.250.1: no miner API answered"), "\(run.stderr)")
        #expect(run.stderr.contains("unreachable") && !run.stderr.contains("timed out"), "\(run.stderr)")
    }

    @Test func hungHostTimesOutInOneLineAndExitOne() async throws {
        try await SilentListener.withListener(address: "127.191.251.1", ports: [80, 4028]) {
            let run = try await Self.powerhive(["probe", "127.191.251.1", "--timeout-ms", "300"])
            #expect(run.status == 1)
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
            #expect(run.stderr.hasPrefix("powerhive: 127.191.251.1: no miner API answered"), "\(run.stderr)")
            #expect(run.stderr.contains("timed out"), "\(run.stderr)")
        }
    }

    @Test func versionAndDrivers() async throws {
        let version = try await Self.powerhive(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("0."))
        let drivers = try await Self.powerhive(["drivers", "--json"])
        let list = try TolerantJSONReader.parse(drivers.stdout).array ?? []
        let registered = try DriverRegistry.builtIn.drivers.map { driver in driver.id.rawValue }
        #expect(list.compactMap { $0["id"]?.string } == registered)
        #expect(registered.contains("vnish") && registered.last == "antminer-stock", "custom firmware before stock")
    }
}

/// A loopback listener that accepts connections and never answers: a hung miner.
enum SilentListener {
    /// Listens on `address` at each of `ports` while `body` runs, then closes everything.
    static func withListener(address: String, ports: [Int], _ body: () async throws -> Void) async throws {
        let accepted = AcceptedChannels()
        var listeners: [any Channel] = []
        do {
            for port in ports {
                listeners.append(
                    try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                        .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                        .childChannelInitializer { child in
                            accepted.add(child)
                            return child.eventLoop.makeSucceededVoidFuture()
                        }
                        .bind(host: address, port: port).get())
            }
            try await body()
        } catch {
            for channel in listeners + accepted.all { try? await channel.close() }
            throw error
        }
        for channel in listeners + accepted.all { try? await channel.close() }
    }

    /// The connections accepted so far.
    final class AcceptedChannels: @unchecked Sendable {
        private var channels: [any Channel] = []
        private let lock = NSLock()
        func add(_ channel: any Channel) { lock.withLock { channels.append(channel) } }
        var all: [any Channel] { lock.withLock { channels } }
    }
}
