import Foundation
import HiveHost
import HiveProtocols

extension ScanCommand {
    /// What `powerhive scan` prints for one discovery result.
    struct Output {
        var result: DiscoveryResult

        /// Each miner as `powerhive probe` reports it (without boards), by address.
        var reports: [MinerReport] {
            result.miners.map { miner in
                var report = MinerReport(ip: miner.ip, match: miner.match)
                report.identity = miner.identity
                report.status = miner.status
                if let error = miner.identityError { report.errors.append("identity: \(error)") }
                if let error = miner.statusError { report.errors.append("status: \(error)") }
                return report
            }
        }

        /// `elapsed_s`, `hosts_scanned`, `open_hosts`, `miners` (the keys of `probe --json`) and
        /// `unidentified` (`ip`, `open_ports`, `reason`).
        var json: JSONValue {
            .object([
                "elapsed_s": .number((Self.seconds(result.elapsed) * 1000).rounded() / 1000),
                "hosts_scanned": .number(Double(result.hostsScanned)),
                "open_hosts": .number(Double(result.openHosts)),
                "miners": .array(reports.map(\.json)),
                "unidentified": .array(
                    result.unidentified.map { host in
                        .object([
                            "ip": .string(host.ip),
                            "open_ports": .array(host.openPorts.map { .number(Double($0)) }),
                            "reason": .string(host.reason),
                        ])
                    }),
            ])
        }

        /// The miners' table, the unidentified hosts, and a one-line summary.
        var text: String {
            var rows = [["IP", "MAC", "MAKE", "MODEL", "FIRMWARE", "DRIVER", "TH/S", "POWER W"]]
            for report in reports {
                let status = report.status
                let hashrate = (status?.hashrateRealtime ?? status?.hashrateAverage)?.terahashesPerSecond
                let power = status?.power.map {
                    (status?.powerSource == .estimated ? "~" : "") + String(format: "%.0f", $0.value)
                }
                let firmware = [
                    report.identity?.firmware, report.identity?.firmwareVersion ?? report.match.firmwareVersion,
                ]
                .compactMap { $0 }.joined(separator: " ")
                rows.append([
                    report.ip, report.identity?.mac ?? "–", report.identity?.make ?? "–",
                    report.identity?.model ?? report.match.model ?? "–", firmware.isEmpty ? "–" : firmware,
                    report.match.driver.rawValue, hashrate.map { String(format: "%.2f", $0) } ?? "–", power ?? "–",
                ])
            }
            var lines: [String] = []
            if rows.count > 1 { lines.append(Table.render(rows)) }
            for host in result.unidentified {
                lines.append("unidentified \(host.ip) \(host.openPorts): \(host.reason)")
            }
            if reports.contains(where: { $0.status?.powerSource == .estimated }) {
                lines.append("~ power estimated from the model's nominal figures (the firmware reports none)")
            }
            lines.append(summary)
            return lines.joined(separator: "\n")
        }

        /// e.g. `scanned 1022 hosts in 1.84 s: 1002 open, 1000 miners (antminer-stock 500, vnish 500), 2 unidentified`.
        var summary: String {
            let drivers = result.countsByDriver.map { "\($0.driver) \($0.count)" }.joined(separator: ", ")
            return "scanned \(result.hostsScanned) hosts in \(String(format: "%.2f", Self.seconds(result.elapsed))) s: "
                + "\(result.openHosts) open, \(result.miners.count) miners\(drivers.isEmpty ? "" : " (\(drivers))"), "
                + "\(result.unidentified.count) unidentified"
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }
}
