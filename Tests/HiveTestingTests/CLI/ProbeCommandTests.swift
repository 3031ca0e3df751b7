import Foundation
import HiveProtocols
import HiveTesting
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

    static func powerhive(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
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
                let run = try Self.powerhive(["probe", miner.address, "--json", "--timeout-ms", "10000"])
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

    @Test func nothingListeningIsOneLineAndExitOne() throws {
        let run = try Self.powerhive(["probe", "127.190.0.9", "--timeout-ms", "2000"])
        #expect(run.status == 1)
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("127.190.0.9: no miner API answered"), "\(run.stderr)")
    }

    @Test func badArgumentsExitTwo() throws {
        #expect(try Self.powerhive(["probe", "127.190.0.9", "--timeout-ms", "0"]).status == 2)
        #expect(try Self.powerhive(["probe"]).status == 2)
        #expect(try Self.powerhive(["no-such-command"]).status == 2)
    }

    @Test func versionAndDrivers() throws {
        let version = try Self.powerhive(["--version"])
        #expect(version.status == 0 && version.stdout.hasPrefix("0."))
        let drivers = try Self.powerhive(["drivers", "--json"])
        let list = try TolerantJSONReader.parse(drivers.stdout).array ?? []
        #expect(list.compactMap { $0["id"]?.string } == ["vnish", "antminer-stock"])
    }
}
