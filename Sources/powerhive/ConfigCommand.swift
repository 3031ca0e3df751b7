import ArgumentParser
import HiveHost

/// `powerhive config check`.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Work with config.json.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate the configuration and print the effective values (secrets masked).")

        @OptionGroup var options: ConfigOptions

        func run() async throws {
            let config = try options.load()
            print(config.maskedJSON.serialized())
        }
    }
}
