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

    func validate() throws {
        try HostName.validate(host)
        if out.isEmpty { throw ValidationError("--out is empty; give the case folder to create") }
    }

    func run() async throws {
        try HostName.resolve(host)
        let folder = URL(fileURLWithPath: out)
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("exchanges").path) {
            throw CommandFailure("\(out) already holds a recording; choose a new folder")
        }
        let createdFolder = !FileManager.default.fileExists(atPath: folder.path)
        let driver: DriverID
        do {
            driver = try await record(into: folder)
        } catch {
            // Leave nothing half-written behind, so the same command can simply be run again.
            try? FileManager.default.removeItem(
                at: createdFolder ? folder : folder.appendingPathComponent("exchanges"))
            if !createdFolder {
                try? FileManager.default.removeItem(at: folder.appendingPathComponent("manifest.json"))
            }
            throw error
        }
        print("recorded \(driver) at \(host) into \(out)")
        print("next: write expected/*.json by hand from the recorded bodies (see DriverFixtures/README.md)")
    }

    /// Records into `folder`; returns the driver that identified the miner.
    private func record(into folder: URL) async throws -> DriverID {
        do {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent("exchanges"), withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("cannot create \(out)/exchanges: \(error.localizedDescription)")
        }
        let registry = try DriverRegistry.builtIn
        let recorders = RecorderBox()
        let report = try await connection.withInspector(registry: registry) { inspector in
            var recording = inspector
            let live = inspector.transports
            recording.transports = { host in
                let (http, cgminer) = live(host)
                do {
                    let recorder = try RecordingTransport(http: http, cgminer: cgminer, caseFolder: folder)
                    recorders.append(recorder)
                    return (recorder, recorder)
                } catch {
                    recorders.fail("cannot record into \(folder.path): \(error)")
                    return (http, cgminer)
                }
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
        do {
            try Data((manifest.serialized() + "\n").utf8).write(to: folder.appendingPathComponent("manifest.json"))
        } catch {
            throw CommandFailure("cannot write \(out)/manifest.json: \(error.localizedDescription)")
        }
        let failures = recorders.failures + recorders.all.flatMap(\.writeFailures)
        if !failures.isEmpty { throw CommandFailure("could not write: \(failures.joined(separator: "; "))") }
        return report.match.driver
    }
}

/// Collects the recorders the transport closure creates.
final class RecorderBox: @unchecked Sendable {
    private var recorders: [RecordingTransport] = []
    private var problems: [String] = []
    private let lock = NSLock()
    func append(_ recorder: RecordingTransport) { lock.withLock { recorders.append(recorder) } }
    func fail(_ problem: String) { lock.withLock { problems.append(problem) } }
    var all: [RecordingTransport] { lock.withLock { recorders } }
    var failures: [String] { lock.withLock { problems } }
}
