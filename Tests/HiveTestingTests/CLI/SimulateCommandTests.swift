import Foundation
import HiveProtocols
import Testing

/// Runs the real `powerhive simulate` binary on 127.192.0.0/24: it serves what it prints,
/// answers over real sockets, and stops cleanly on SIGTERM / SIGINT.
@Suite(.serialized) struct SimulateCommandTests {
    /// A running `powerhive simulate`, its stdout read line by line.
    final class Running {
        let process = Process()
        private let out = Pipe()
        private let err = Pipe()
        private var buffer: [UInt8] = []
        private let exited = DispatchSemaphore(value: 0)

        init(_ arguments: [String]) throws {
            process.executableURL = ProbeCommandTests.binary
            process.arguments = ["simulate"] + arguments
            process.standardOutput = out
            process.standardError = err
            process.terminationHandler = { [exited] _ in exited.signal() }
            try process.run()
        }

        deinit {
            // A test that failed half-way must not leave a simulator holding its addresses.
            if process.isRunning { process.terminate() }
        }

        /// The next stdout line; `nil` at end of output (the process closed stdout).
        func line() -> String? {
            while true {
                if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    defer { buffer.removeSubrange(...newline) }
                    return String(decoding: buffer[..<newline], as: UTF8.self)
                }
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty {
                    guard !buffer.isEmpty else { return nil }
                    defer { buffer.removeAll() }
                    return String(decoding: buffer, as: UTF8.self)
                }
                buffer += chunk
            }
        }

        /// Lines up to and including the first one that starts with `prefix`.
        func lines(through prefix: String) -> [String] {
            var lines: [String] = []
            while let line = line() {
                lines.append(line)
                if line.hasPrefix(prefix) { break }
            }
            return lines
        }

        /// Sends `signal` and waits (bounded) for the process to exit.
        func stop(with signal: Int32, within seconds: Double = 60) -> (status: Int32, stderr: String)? {
            kill(process.processIdentifier, signal)
            guard exited.wait(timeout: .now() + seconds) == .success else {
                process.terminate()
                return nil
            }
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            return (process.terminationStatus, stderr)
        }
    }

    @Test func jsonListsEveryMinerWhichAnswersCGMinerAndSIGTERMExitsZero() async throws {
        let running = try Running([
            "--range", "127.192.0.0/26", "--count", "6", "--mix", "antminer-stock:1,vnish:1", "--faults", "hung:1%",
            "--seed", "5", "--json",
        ])
        let line = try #require(running.line(), "no output: \(running.stop(with: SIGTERM)?.stderr ?? "")")
        let json = try TolerantJSONReader.parse(line)
        let miners = try #require(json["miners"]?.array)
        #expect(miners.count == 6)
        #expect(json["personalities"]?["antminer-stock"]?.int == 3)
        #expect(json["personalities"]?["vnish"]?.int == 3)
        #expect(json["faults"]?["hung"]?.int == 1)
        for miner in miners {
            for key in ["ip", "ports", "personality", "model", "mac", "serial", "faults"] {
                #expect(miner[key] != nil, "\(key) missing in \(miner)")
            }
            #expect(miner["ip"]?.string?.hasPrefix("127.192.0.") == true)
        }
        let healthy = try #require(miners.first { $0["faults"]?.array?.isEmpty == true })
        let host = try #require(healthy["ip"]?.string)
        let port = try #require(healthy["ports"]?["4028"]?.int)
        let reply = try await LoopbackClient.exchange(
            host: host, port: port, bytes: Array(#"{"command":"version"}"#.utf8))
        let version = try Sim.json(reply)
        #expect(version["STATUS"]?[0]?["STATUS"]?.string == "S", "\(reply)")
        #expect(version["VERSION"]?[0] != nil, "\(reply)")

        let end = try #require(running.stop(with: SIGTERM), "simulate did not exit after SIGTERM")
        #expect(end.status == 0, "\(end.stderr)")
        #expect(running.process.terminationReason == .exit)
        // The sockets are closed: the miner's port refuses now.
        #expect(try await LoopbackClient.exchange(host: host, port: port, bytes: Array("version".utf8)) == .refused)
    }

    @Test func textSummaryNamesPersonalitiesFaultsAndPlantThenSIGINTStops() async throws {
        let running = try Running([
            "--range", "127.192.0.64/26", "--count", "5", "--mix", "vnish:2,antminer-stock:3", "--faults",
            "slow:20%,refuse:20%", "--plant", "127.192.0.126:8090", "--plant-profile", "walk:3000-3600",
            "--sequential", "--list",
        ])
        let lines = running.lines(through: "simulate: ready")
        let text = lines.joined(separator: "\n")
        #expect(lines.first?.hasPrefix("simulate: 5 miners on 127.192.0.64/26") == true, "\(text)")
        #expect(text.contains("  antminer-stock: 3 miners"), "\(text)")
        #expect(text.contains("  vnish: 2 miners"), "\(text)")
        #expect(text.contains("  fault slow: 1 miners"), "\(text)")
        #expect(text.contains("  fault refuse: 1 miners"), "\(text)")
        #expect(text.contains("plant API: http://127.192.0.126:8090/data/latest?plant_id=complexo-paranhos"), "\(text)")
        for address in 65...69 { #expect(text.contains("  127.192.0.\(address) "), "\(text)") }
        #expect(text.contains(" closed "), "the refuse miner lists no ports: \(text)")
        #expect(lines.last?.hasPrefix("simulate: ready") == true, "\(text)")

        let end = try #require(running.stop(with: SIGINT), "simulate did not exit after SIGINT")
        #expect(end.status == 0, "\(end.stderr)")
        let rest = running.lines(through: "simulate: stopped")
        #expect(rest.last == "simulate: stopped", "\(rest)")
    }

    @Test(arguments: [
        (["--mix", "antminer-stock:x"], "--mix: mix weight 'x' for antminer-stock is not a whole number"),
        (["--mix", "no-such-firmware:1"], "unknown personality 'no-such-firmware' in mix (known: "),
        (
            ["--range", "127.192.1.0/29", "--count", "7"],
            "range 127.192.1.0/29 has 6 usable addresses; 7 miners do not fit"
        ),
        (["--range", "10.192.1.0/24"], "range 10.192.1.0/24 is outside 127.0.0.0/8"),
        (["--latency", "5-40"], "--latency: latency '5-40' needs a unit"),
        (["--faults", "hung:1x"], "--faults: fault share '1x' for hung is not a number"),
        (["--faults", "sticky:1%"], "--faults: unknown fault 'sticky'"),
        (["--faults", "hung:150%"], "--faults: fault share '150%' for hung is not between 0 and 100%"),
        (["--control-delay", "fast"], "--control-delay: duration 'fast' needs a unit"),
        (["--plant", "127.192.1.1"], "--plant '127.192.1.1' is not <loopback address>:<port>"),
        (["--plant", "127.192.1.1:8090", "--plant-profile", "sine:4"], "unknown plant profile kind 'sine'"),
    ])
    func badValuesAreOneLineAndExitTwo(arguments: [String], message: String) async throws {
        let run = try await ProbeCommandTests.powerhive(
            ["simulate", "--count", "3", "--range", "127.192.1.0/24"] + arguments)
        #expect(run.status == 2, "\(arguments): \(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stdout.isEmpty)
    }
}
