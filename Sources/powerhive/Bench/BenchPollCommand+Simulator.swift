import Foundation
import HiveProtocols
import HiveTesting

extension BenchPollCommand {
    /// One simulated miner as the poller needs to know it: where it is, which driver speaks to
    /// it, and whether it is healthy (no fault), for the "slowest healthy miner" figure.
    struct RosterEntry: Sendable, Hashable {
        var ip: String
        var driver: DriverID
        var model: String
        var mac: String
        var healthy: Bool

        /// `miner <ip> <driver> <model> <mac> <healthy|faulty>`; model spaces become `_`.
        var line: String {
            "miner \(ip) \(driver) \(model.replacingOccurrences(of: " ", with: "_")) \(mac) "
                + (healthy ? "healthy" : "faulty")
        }

        init(ip: String, driver: DriverID, model: String, mac: String, healthy: Bool) {
            self.ip = ip
            self.driver = driver
            self.model = model
            self.mac = mac
            self.healthy = healthy
        }

        init?(line: Substring) {
            let fields = line.split(separator: " ")
            guard fields.count == 6, fields[0] == "miner" else { return nil }
            self.init(
                ip: String(fields[1]), driver: DriverID(rawValue: String(fields[2])),
                model: fields[3].replacingOccurrences(of: "_", with: " "), mac: String(fields[4]),
                healthy: fields[5] == "healthy")
        }
    }

    var fleetConfiguration: SimulatedFleet.Configuration {
        SimulatedFleet.Configuration(
            range: range, count: count, mix: ["antminer-stock": 55, "vnish": 45],
            faults: hung > 0 ? [.hung: hung] : [:],
            latency: .milliseconds(latencyMin)...(.milliseconds(latencyMax)), seed: seed)
    }

    static func roster(of fleet: SimulatedFleet) -> [RosterEntry] {
        fleet.groundTruth().miners.map { miner in
            RosterEntry(
                ip: miner.address, driver: miner.personality, model: miner.model, mac: miner.mac,
                healthy: miner.faults.isEmpty)
        }
    }

    /// `--simulator-only`: starts the fleet, prints the roster and a `ready` line with this
    /// process's memory, then serves until standard input closes (the parent benchmark exits
    /// or closes the pipe) or the process is signalled.
    func runSimulatorOnly() async throws {
        let fleet = try await startFleet()
        for entry in Self.roster(of: fleet) { print(entry.line) }
        let usage = ProcessUsage()
        print("ready \(usage.residentBytes ?? 0) \(usage.peakResidentBytes ?? 0)")
        fflush(nil)
        await Self.waitForEndOfInput()
        await fleet.stop()
    }

    func startFleet() async throws -> SimulatedFleet {
        do {
            return try await SimulatedFleet.start(fleetConfiguration)
        } catch {
            throw CommandFailure(
                "could not start the simulated fleet on \(range) (\(error)); it binds ports 80 and 4028: run as root "
                    + "or grant CAP_NET_BIND_SERVICE")
        }
    }

    private static func waitForEndOfInput() async {
        let (ended, continuation) = AsyncStream.makeStream(of: Void.self)
        FileHandle.standardInput.readabilityHandler = { handle in
            guard handle.availableData.isEmpty else { return }
            handle.readabilityHandler = nil
            continuation.finish()
        }
        for await _ in ended {}
    }

    /// A simulator child process (`bench poll --simulator-only`), its roster read from its
    /// output.
    struct SimulatorChild {
        let process: Process
        let input: Pipe
        let roster: [RosterEntry]
        /// The child's memory once its fleet was up.
        let readyUsage: ProcessUsage

        /// The child's memory now.
        var usage: ProcessUsage { ProcessUsage(pid: "\(process.processIdentifier)") }

        /// Closes the child's input (it stops its fleet and exits) and waits for it.
        func stop() {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
        }
    }

    /// Starts this executable as `bench poll --simulator-only` with the same fleet options.
    func spawnSimulator() async throws -> SimulatorChild {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = [
            "bench", "poll", "--simulator-only", "--count", "\(count)", "--range", range, "--seed", "\(seed)",
            "--hung", "\(hung)", "--latency-min", "\(latencyMin)", "--latency-max", "\(latencyMax)",
        ]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        let (lines, continuation) = AsyncStream.makeStream(of: Data.self)
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
        var roster: [RosterEntry] = []
        for await chunk in lines {
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                if let entry = RosterEntry(line: line[...]) {
                    roster.append(entry)
                } else if line.hasPrefix("ready ") {
                    let fields = line.split(separator: " ").compactMap { Int($0) }
                    var usage = ProcessUsage(pid: "\(process.processIdentifier)")
                    if fields.count == 2 { (usage.residentBytes, usage.peakResidentBytes) = (fields[0], fields[1]) }
                    return SimulatorChild(process: process, input: input, roster: roster, readyUsage: usage)
                }
            }
        }
        process.waitUntilExit()
        throw CommandFailure("the simulator process exited (status \(process.terminationStatus)) before it was ready")
    }
}
