import Foundation
import HiveTesting

/// A simulated fleet in a child process of a benchmark, so the fleet's CPU and memory are
/// counted apart from what is measured: the child is this executable run with
/// `--simulator-only`; it prints its roster (``BenchPollCommand/RosterEntry/line``) and a
/// `ready <rss> <peak rss>` line, then serves until its standard input closes.
struct BenchSimulatorChild {
    let process: Process
    let input: Pipe
    let roster: [BenchPollCommand.RosterEntry]
    /// The child's memory once its fleet was up.
    let readyUsage: ProcessUsage

    /// The child's memory now.
    var usage: ProcessUsage { ProcessUsage(pid: "\(process.processIdentifier)") }

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

    /// The child's side: prints the roster and `ready` with this process's memory, serves until
    /// standard input closes (the parent is done) or the process is signalled, then stops.
    static func serve(_ fleet: SimulatedFleet, roster: [BenchPollCommand.RosterEntry]) async {
        for entry in roster { print(entry.line) }
        let usage = ProcessUsage()
        print("ready \(usage.residentBytes ?? 0) \(usage.peakResidentBytes ?? 0)")
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

    /// Starts this executable with `arguments` (a `--simulator-only` command line) and reads
    /// its roster until it is ready.
    static func spawn(arguments: [String]) async throws -> BenchSimulatorChild {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
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
        var roster: [BenchPollCommand.RosterEntry] = []
        for await chunk in chunks {
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                if let entry = BenchPollCommand.RosterEntry(line: line[...]) {
                    roster.append(entry)
                } else if line == "ready" || line.hasPrefix("ready ") {
                    let fields = line.split(separator: " ").compactMap { Int($0) }
                    var usage = ProcessUsage(pid: "\(process.processIdentifier)")
                    if fields.count == 2 { (usage.residentBytes, usage.peakResidentBytes) = (fields[0], fields[1]) }
                    return BenchSimulatorChild(process: process, input: input, roster: roster, readyUsage: usage)
                }
            }
        }
        process.waitUntilExit()
        throw CommandFailure("the simulator process exited (status \(process.terminationStatus)) before it was ready")
    }
}
