import Foundation
import HiveProtocols
import Testing

/// The storage crash test: `powerhive bench writer` writes status cycles through the real
/// single writer and is killed with SIGKILL mid-stream; `powerhive db check` on the reopened
/// file must find it sound and holding every cycle the writer acknowledged, each complete.
@Suite(.serialized) struct CrashTests {
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("powerhive")
    }

    /// What the writer printed before it was killed.
    struct Acks {
        var epoch: Int64
        var miners: Int
        var last: Int
    }

    /// Starts the writer on `path`, reads its output until it acknowledged `cycles` cycles
    /// (counting from its first line), kills it with SIGKILL and waits for it to die.
    static func writeAndKill(_ path: String, miners: Int, afterAcks cycles: Int) throws -> Acks {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["bench", "writer", "--db", path, "--miners", "\(miners)"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let reader = output.fileHandleForReading
        var buffer = Data()
        var start: (epoch: Int64, miners: Int)?
        var acked: [Int] = []
        while acked.count < cycles {
            let chunk = reader.availableData
            if chunk.isEmpty { break }  // the writer exited
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                let fields = line.split(separator: " ")
                if fields.first == "start", fields.count == 3, let epoch = Int64(fields[1]), let count = Int(fields[2])
                {
                    start = (epoch, count)
                } else if fields.first == "acked", fields.count == 2, let cycle = Int(fields[1]) {
                    acked.append(cycle)
                }
            }
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? reader.close()
        #expect(process.terminationReason == .uncaughtSignal, "the writer ended before it was killed")
        let begun = try #require(start, "the writer printed no start line")
        let last = try #require(acked.last, "the writer acknowledged nothing")
        #expect(acked == Array(acked[0]...last), "acks are consecutive")
        return Acks(epoch: begun.epoch, miners: begun.miners, last: last)
    }

    static func check(_ path: String) throws -> (status: Int32, json: JSONValue) {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["db", "check", "--db", path, "--json"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, try TolerantJSONReader.parse(String(decoding: data, as: UTF8.self)))
    }

    @Test(
        "a writer killed with SIGKILL mid-stream leaves a sound file with every acknowledged cycle, each complete",
        arguments: [(1, 200), (7, 500), (25, 1000), (60, 300)])
    func killedWriterLosesNothingAcknowledged(acks: Int, miners: Int) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("powerhive-crash-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("crash.db").path

        // Two runs on the same file: the second reopens what the first crash left and goes on.
        var lastAcked = -1
        var epoch: Int64 = 0
        for run in 0..<2 {
            let written = try await ProbeCommandTests.offPool {
                try Self.writeAndKill(path, miners: miners, afterAcks: acks)
            }
            #expect(written.miners == miners)
            if run == 1 { #expect(written.last > lastAcked) }
            lastAcked = written.last
            epoch = written.epoch

            let (status, report) = try await ProbeCommandTests.offPool { try Self.check(path) }
            #expect(status == 0, "db check failed: \(report.serialized())")
            #expect(report["ok"]?.bool == true)
            #expect(report["integrity"]?.array?.compactMap(\.string) == ["ok"])
            let polls = try #require(report["status_polls"])
            let count = try #require(polls["polls"]?.int)
            let first = try #require(polls["first_ms"]?.double).rounded()
            let last = try #require(polls["last_ms"]?.double).rounded()
            // Every acknowledged cycle 0...lastAcked is there (a cycle committed just before the kill
            // but not yet acknowledged may be there too) ...
            #expect(first == Double(epoch))
            #expect(count >= lastAcked + 1)
            #expect(last >= Double(epoch + Int64(lastAcked) * 60_000))
            // ... with no gap between cycles ...
            #expect(Double(count - 1) * 60_000 == last - first)
            // ... and each cycle whole: its transaction committed all of its rows or none.
            #expect(polls["fewest_rows"]?.int == miners)
            #expect(polls["most_rows"]?.int == miners)
            #expect(polls["rows"]?.int == count * miners)
        }
    }
}

/// `powerhive db stats --json` over a file the writer filled.
@Suite struct DatabaseStatsCommandTests {
    @Test("db stats --json reports rows, bytes and growth per day per time-series table")
    func statsJSONHasGrowth() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("powerhive-stats-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("stats.db").path

        let writer = try await ProbeCommandTests.powerhive([
            "bench", "writer", "--db", path, "--miners", "50", "--cycles", "31",
        ])
        #expect(writer.status == 0, "\(writer.stderr)")

        let stats = try await ProbeCommandTests.powerhive(["db", "stats", "--db", path, "--json"])
        #expect(stats.status == 0, "\(stats.stderr)")
        let json = try TolerantJSONReader.parse(stats.stdout)
        let tables = json["tables"]?.array ?? []
        let statuses = try #require(tables.first { $0["name"]?.string == "statuses" })
        #expect(statuses["rows"]?.int == 31 * 50)
        // 31 cycles a minute apart span 30 minutes: scaled to a day, 48 times the rows.
        #expect(statuses["rows_per_day"]?.int == 31 * 50 * 48)
        let bytes = try #require(statuses["bytes"]?.double)
        #expect(statuses["bytes_per_day"]?.double == (bytes * 48).rounded())
        let miners = try #require(tables.first { $0["name"]?.string == "miners" })
        #expect(miners["rows_per_day"]?.isNull == true)
        #expect((json["total_bytes"]?.double ?? 0) >= bytes)
    }
}
