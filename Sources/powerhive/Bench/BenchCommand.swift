import ArgumentParser

/// `powerhive bench …`: benchmarks that print figures (never pass/fail), run against the
/// simulated fleet on loopback or a scratch database, so an operator can size a box and a
/// developer can check a change. Build with `-c release` for figures worth quoting.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks against the simulated fleet and a scratch database; prints figures.",
        subcommands: [
            // One line per benchmark (each in its own file in this folder).
            BenchDiscoveryCommand.self,
            BenchPollCommand.self,
            BenchSimulatorCommand.self,
            BenchStorageCommand.self,
            BenchWriterCommand.self,
        ]
    )
}
