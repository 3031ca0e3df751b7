import ArgumentParser
import Drivers
import Foundation
import HiveHost
import HiveProtocols
import HiveTesting

/// `powerhive record <host> --out <folder>`: capture a fixture case from a live miner.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a fixture case (every request and reply of a probe and a full read) from a live miner.")

    @Argument(help: "The miner's IPv4 address or host name.") var host: String
    @Option(help: "The case folder to create, e.g. DriverFixtures/vnish/my-s19.") var out: String
    @OptionGroup var connection: ConnectionOptions

    func run() async throws {
        let folder = URL(fileURLWithPath: out)
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("exchanges").path) {
            throw CommandFailure("\(out) already holds a recording; choose a new folder")
        }
        let registry = try DriverRegistry.builtIn
        let recorders = RecorderBox()
        let report = try await connection.withInspector(registry: registry) { inspector in
            var recording = inspector
            let live = inspector.transports
            recording.transports = { host in
                let (http, cgminer) = live(host)
                guard let recorder = try? RecordingTransport(http: http, cgminer: cgminer, caseFolder: folder) else {
                    return (http, cgminer)
                }
                recorders.append(recorder)
                return (recorder, recorder)
            }
            do {
                return try await recording.inspect(host: host)
            } catch let error as InspectionError {
                throw CommandFailure(error.description)
            }
        }
        let manifest: JSONValue = .object([
            "driver": .string(report.match.driver.rawValue),
            "device": report.identity?.model.map(JSONValue.string) ?? .null,
            "firmware": .string(
                [report.identity?.firmware, report.identity?.firmwareVersion].compactMap { $0 }.joined(separator: " ")),
            "source": .string("recorded with powerhive record from \(host)"),
            "covers": .string("TODO: say what this case covers; write expected/ by hand from the bodies"),
        ])
        try Data((manifest.serialized() + "\n").utf8).write(to: folder.appendingPathComponent("manifest.json"))
        let failures = recorders.all.flatMap(\.writeFailures)
        if !failures.isEmpty { throw CommandFailure("could not write: \(failures.joined(separator: "; "))") }
        print("recorded \(report.match.driver) at \(host) into \(out)")
        print("next: write expected/*.json by hand from the recorded bodies (see DriverFixtures/README.md)")
    }
}

/// Collects the recorders the transport closure creates.
final class RecorderBox: @unchecked Sendable {
    private var recorders: [RecordingTransport] = []
    private let lock = NSLock()
    func append(_ recorder: RecordingTransport) { lock.withLock { recorders.append(recorder) } }
    var all: [RecordingTransport] { lock.withLock { recorders } }
}
