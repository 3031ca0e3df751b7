import Foundation
import HiveProtocols
import HiveTesting

extension BenchDiscoveryCommand {
    /// The simulated fleet as the benchmark judges it: every miner, where it is and what it is.
    typealias Roster = [BenchPollCommand.RosterEntry]

    var fleetConfiguration: SimulatedFleet.Configuration {
        SimulatedFleet.Configuration(
            range: range, count: count, mix: ["antminer-stock": 1, "vnish": 1],
            faults: [.hung: hung, .refuse: refuse].filter { $0.value > 0 },
            latency: .milliseconds(latencyMin)...(.milliseconds(latencyMax)), seed: seed)
    }

    static func roster(of fleet: SimulatedFleet) -> Roster {
        fleet.groundTruth().miners.map { miner in
            BenchPollCommand.RosterEntry(
                ip: miner.address, driver: miner.personality, model: miner.model, mac: miner.mac,
                healthy: miner.faults.isDisjoint(with: [.hung, .refuse]))
        }
    }

    func startFleet() async throws -> SimulatedFleet {
        do {
            return try await SimulatedFleet.start(fleetConfiguration)
        } catch {
            throw CommandFailure("could not start the simulated fleet (\(error)); it binds ports 80 and 4028")
        }
    }

    /// `--simulator-only`: starts the fleet, prints its roster and `ready`, then serves until
    /// standard input closes (the parent benchmark is done) or the process is signalled.
    func runSimulatorOnly() async throws {
        let fleet = try await startFleet()
        for entry in Self.roster(of: fleet) { print(entry.line) }
        print("ready")
        fflush(nil)
        let (ended, continuation) = AsyncStream.makeStream(of: Void.self)
        FileHandle.standardInput.readabilityHandler = { handle in
            guard handle.availableData.isEmpty else { return }
            handle.readabilityHandler = nil
            continuation.finish()
        }
        for await _ in ended {}
        await fleet.stop()
    }

    /// A simulator child process (`bench discovery --simulator-only`) and its roster.
    struct SimulatorChild {
        let process: Process
        let input: Pipe
        let roster: Roster

        /// The child's user plus system CPU seconds so far (from `/proc/<pid>/stat`).
        var cpuSeconds: Double {
            let stat = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)) ?? ""
            // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
            guard let close = stat.lastIndex(of: ")") else { return 0 }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
            return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
        }

        /// Closes the child's input (it stops its fleet and exits) and waits for it.
        func stop() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    /// Starts this executable as `bench discovery --simulator-only` with the same fleet options.
    func spawnSimulator() async throws -> SimulatorChild {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = [
            "bench", "discovery", "--simulator-only", "--count", "\(count)", "--range", range, "--seed", "\(seed)",
            "--hung", "\(hung)", "--refuse", "\(refuse)", "--latency-min", "\(latencyMin)",
            "--latency-max", "\(latencyMax)",
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        let (chunks, continuation) = AsyncStream.makeStream(of: Data.self)
        output.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty {
                handle.readabilityHandler = nil
                continuation.finish()
            } else {
                continuation.yield(data)
            }
        }
        do { try process.run() } catch { throw CommandFailure("cannot start the simulator process: \(error)") }
        var buffer = Data()
        var roster: Roster = []
        for await chunk in chunks {
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                if let entry = BenchPollCommand.RosterEntry(line: line[...]) {
                    roster.append(entry)
                } else if line == "ready" {
                    return SimulatorChild(process: process, input: input, roster: roster)
                }
            }
        }
        process.waitUntilExit()
        throw CommandFailure("the simulator process exited (status \(process.terminationStatus)) before it was ready")
    }
}
