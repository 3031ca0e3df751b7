import ArgumentParser
import Foundation
import HiveHost
import HiveProtocols
import HiveTesting
import Logging

/// `powerhive simulate-balance`: the balancer's end-to-end proof (issue 7) against a simulated
/// fleet and plant on loopback: budget −30 %, +20 %, a 5-minute plant outage, recovery, on a
/// manual clock (an 80-minute script in a few minutes). Writes the time series (CSV) and a chart
/// (SVG), prints every check with its figures, and exits 1 when one fails.
struct SimulateBalanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate-balance",
        abstract: "Run the balancer against a simulated fleet and plant; write balance.csv and balance.svg.",
        discussion: """
            Miners listen on --range on their firmware ports (80 and 4028: run as root); the plant on \
            --plant-host:8090. The real status poller, plant poller and balancer run on a manual clock.
            """)

    @Option(help: "How many miners (half stock Antminer, half VNish).") var count = 1000
    @Option(help: "Folder for balance.csv, balance.svg and the scenario's database.") var out = "."
    @Option(help: "CIDR block inside 127.0.0.0/8 the miners live in.") var range = "127.197.0.0/22"
    @Option(help: "Loopback address of the simulated plant API.") var plantHost = "127.197.255.1"
    @Option(help: "Seed: the same seed gives the same fleet.") var seed: UInt64 = 7

    func validate() throws {
        guard (1...4000).contains(count) else { throw ValidationError("--count must be from 1 to 4000") }
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: out)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("cannot create \(out): \(error)")
        }
        let database = folder.appendingPathComponent("balance.db").path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        let started = ContinuousClock.now
        let report: BalanceScenarioReport
        do {
            report = try await BalanceSimulation(
                count: count, range: range, plantHost: plantHost, seed: seed, databasePath: database
            ).run()
        } catch let error as CommandFailure {
            throw error
        } catch {
            throw CommandFailure("the balance scenario failed: \(error)")
        }
        let csv = folder.appendingPathComponent("balance.csv")
        let svg = folder.appendingPathComponent("balance.svg")
        do {
            try Data(report.csv.utf8).write(to: csv)
            try Data(report.svg.utf8).write(to: svg)
        } catch {
            throw CommandFailure("cannot write the results to \(out): \(error)")
        }
        let wall = ContinuousClock.now - started
        print(
            "simulate-balance: \(report.miners) miners, \(report.samples.count) samples, "
                + "\(report.cycles.count) balancer cycles, \(report.commands.count) commands; \(wall) wall time")
        let checks = report.checks
        for check in checks { print(check) }
        print("wrote \(csv.path) and \(svg.path)")
        let failed = checks.filter { !$0.passed }.count
        if failed > 0 { throw CommandFailure("\(failed) of \(checks.count) checks failed") }
    }
}
