import ArgumentParser
import Foundation

/// The `powerhive` command line.
@main
struct PowerHiveCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "powerhive",
        abstract: "Fleet manager for ASIC miners: discovery, polling, power balancing, dashboard.",
        version: version,
        subcommands: [
            RunCommand.self, DemoCommand.self, DriversCommand.self, ProbeCommand.self, RecordCommand.self,
            ScanCommand.self,
            SimulateCommand.self,
            SimulateBalanceCommand.self,
            ConfigCommand.self,
            HealthcheckCommand.self,
            DatabaseCommand.self,
            BenchCommand.self,
        ]
    )

    /// Runs the command; usage errors exit with 2, operational failures with 1.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            FileHandle.standardError.write(Data("powerhive: \(failure.message)\n".utf8))
            Foundation.exit(1)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// An operational failure: printed as one line, exit code 1.
struct CommandFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
