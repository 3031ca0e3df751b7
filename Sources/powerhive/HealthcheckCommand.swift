import ArgumentParser
import Foundation
import HiveHost

/// `powerhive healthcheck`: exits 0 when the daemon's `/healthz` says it is healthy, 1 with one
/// line saying what is not. Docker's `HEALTHCHECK` runs it (the image needs no curl or wget).
struct HealthcheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Check a running daemon's /healthz: exit 0 when healthy, 1 (with the reason) when not.")

    @Option(help: "The daemon's health URL.") var url = "http://127.0.0.1:8080/healthz"
    @Option(help: "Seconds to wait for the answer.") var timeout = 3

    func validate() throws {
        guard (1...300).contains(timeout) else { throw ValidationError("--timeout must be 1...300 (got \(timeout))") }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw ValidationError("--url must be an http:// or https:// URL (got \(url))")
        }
    }

    func run() async throws {
        switch await HealthProbe.check(url: url, timeout: .seconds(timeout)) {
        case .healthy:
            print("healthy")
        case .unhealthy(let reason):
            throw CommandFailure("unhealthy: \(reason)")
        }
    }
}
