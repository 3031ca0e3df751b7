import Foundation
import HiveHost

extension BenchPollCommand {
    /// One measured cycle.
    struct CycleFigures {
        var report: CycleReport
        /// Wall time of `runCycle()` (until every poll task ended).
        var wall: Duration
        /// This process's CPU seconds during the cycle.
        var cpuSeconds: Double
        /// The healthy miner whose requests spanned the longest, and that span.
        var slowestHealthy: (host: String, latency: Duration)?
        /// Memory right after the cycle.
        var usage: ProcessUsage

        var polled: Int { report.miners - report.skipped }

        var line: String {
            let slowest = slowestHealthy.map { "\(Self.seconds($0.latency)) s (\($0.host))" } ?? "-"
            let perPoll = polled > 0 ? String(format: "%.3f ms", cpuSeconds * 1000 / Double(polled)) : "-"
            return
                "wall \(Self.seconds(wall)) s | \(report.miners) miners, \(report.ok) ok, \(report.timedOut) timed out, "
                + "\(report.failed) failed, \(report.skipped) skipped | slowest healthy \(slowest) | "
                + "CPU \(String(format: "%.2f", cpuSeconds)) s = \(perPoll)/miner-poll | \(usage.summary)\n"
                + "            log: \(report.logLine)"
        }

        static func seconds(_ duration: Duration) -> String {
            let (whole, atto) = duration.components
            return String(format: "%.3f", Double(whole) + Double(atto) / 1e18)
        }

        static func double(_ duration: Duration) -> Double {
            let (whole, atto) = duration.components
            return Double(whole) + Double(atto) / 1e18
        }
    }

    /// Everything measured, and the budgets of issue #6 beside it.
    struct Figures {
        var count: Int
        var status: [CycleFigures] = []
        var telemetry: [CycleFigures] = []
        var telemetryShape: (boards: Double, chips: Double)?
        var simulatorBaseline = ProcessUsage(pid: "none")
        var simulatorChild: ProcessUsage?
        var poller = ProcessUsage(pid: "none")

        init(count: Int) { self.count = count }

        private var large: Bool { count > 1000 }

        func summary(inProcess: Bool) -> String {
            var lines = ["", "budgets (issue #6) for \(count) miners:"]
            // The first cycle creates every driver (and VNish API keys); warm cycles are the steady state.
            let warm = status.count > 1 ? Array(status.dropFirst()) : status
            if let worst = warm.max(by: { $0.report.elapsed < $1.report.elapsed }) {
                let slowest = worst.slowestHealthy.map { CycleFigures.double($0.latency) } ?? 0
                let budget = large ? 5.0 : 1.0 + slowest
                let reported = CycleFigures.double(worst.report.elapsed)
                lines.append(
                    String(
                        format:
                            "  status cycle (worst warm): %.3f s until every answer was written (runCycle wall %.3f s, "
                            + "%d late) vs budget %.3f s (%@) %@",
                        reported, CycleFigures.double(worst.wall), worst.report.late, budget,
                        large ? "5000 miners: 5 s" : "1 s + slowest healthy", verdict(reported <= budget)))
                let cpu = warm.reduce(0.0) { $0 + $1.cpuSeconds }
                let polls = warm.reduce(0) { $0 + $1.polled }
                lines.append(
                    String(
                        format: "  CPU per miner-poll (warm status cycles): %.3f ms", cpu * 1000 / Double(max(1, polls))
                    )
                        + (inProcess ? " (includes the in-process simulator)" : ""))
            }
            // Judged like the status cycle: until every answer was written; hung miners only
            // hold the cycle's own wall time (their deadline), printed beside it.
            if let worst = telemetry.max(by: { $0.report.elapsed < $1.report.elapsed }) {
                let shape =
                    telemetryShape.map { String(format: "%.1f boards × %.0f chips", $0.boards, $0.chips) } ?? "-"
                let reported = CycleFigures.double(worst.report.elapsed)
                lines.append(
                    String(
                        format: "  telemetry cycle: %.3f s until every answer was written (runCycle wall %.3f s, "
                            + "%d late; %@) vs budget 5 s %@",
                        reported, CycleFigures.double(worst.wall), worst.report.late, shape, verdict(reported <= 5)))
            }
            let rssBudget = large ? 200e6 : 64e6
            let budgetText = large ? "200 MB" : "64 MB"
            if inProcess {
                let total = poller.residentBytes ?? 0
                let baseline = simulatorBaseline.residentBytes ?? 0
                lines.append(
                    "  RSS: process \(poller.summary); simulator baseline before polling "
                        + "\(ProcessUsage.megabytes(baseline)); poller's share ≈ \(ProcessUsage.megabytes(total - baseline)) "
                        + "vs budget \(budgetText) \(verdict(Double(total - baseline) <= rssBudget))")
            } else {
                let resident = poller.residentBytes ?? 0
                lines.append(
                    "  RSS of the poller process: \(poller.summary) vs budget \(budgetText) "
                        + verdict(Double(resident) <= rssBudget))
                if let simulatorChild { lines.append("  (simulator child process: \(simulatorChild.summary))") }
            }
            return lines.joined(separator: "\n")
        }

        private func verdict(_ within: Bool) -> String { within ? "— within" : "— OVER" }
    }
}
