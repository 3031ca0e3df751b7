public import HiveProtocols

/// What one discovery run found.
public struct DiscoveryResult: Sendable, Hashable {
    /// Wall time of the run on the scanner's clock.
    public var elapsed: Duration
    /// Distinct addresses examined: the sweep's targets plus the miners re-checked directly.
    public var hostsScanned: Int
    /// Addresses with an open miner port (sweep) or an answer to a probe (re-check).
    public var openHosts: Int
    /// Miners a driver recognised, by address.
    public var miners: [IdentifiedMiner]
    /// Hosts with open miner ports that no driver recognised, with the reason, by address.
    public var unidentified: [UnidentifiedHost]
    /// Sweep hosts with no open port after the first connect pass whose unanswered ports were
    /// tried again.
    public var retriedHosts: Int
    /// Of those, the hosts found open on the retry.
    public var foundOnRetry: Int
    /// When the port sweep (stage 1, both passes) ended, from the start of the run; zero
    /// without a sweep.
    public var sweepElapsed: Duration = .zero
    /// Hosts asked a second time because their first identification was inconclusive.
    public var secondAttempts = 0

    /// Creates a result.
    public init(
        elapsed: Duration, hostsScanned: Int, openHosts: Int, miners: [IdentifiedMiner],
        unidentified: [UnidentifiedHost], retriedHosts: Int = 0, foundOnRetry: Int = 0
    ) {
        self.elapsed = elapsed
        self.hostsScanned = hostsScanned
        self.openHosts = openHosts
        self.miners = miners
        self.unidentified = unidentified
        self.retriedHosts = retriedHosts
        self.foundOnRetry = foundOnRetry
    }

    /// Identified miners per driver, most first (ties by driver id).
    public var countsByDriver: [(driver: DriverID, count: Int)] {
        var counts: [DriverID: Int] = [:]
        for miner in miners { counts[miner.driver, default: 0] += 1 }
        return counts.map { (driver: $0.key, count: $0.value) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : $0.driver < $1.driver
        }
    }

    /// The one-line cycle summary, with the inventory's counts:
    /// `discovery completed in 1.84 s: 1024 hosts, 1000 identified (antminer-stock 400, vnish 300), 3 new, 1 moved, 2 offline`.
    public func summary(new: Int, moved: Int, offline: Int) -> String {
        var line = "discovery completed in \(DiscoveryResult.seconds(elapsed)) s: \(hostsScanned) hosts, "
        line += "\(miners.count) identified"
        let counts = countsByDriver
        if !counts.isEmpty {
            line += " (" + counts.map { "\($0.driver) \($0.count)" }.joined(separator: ", ") + ")"
        }
        line += ", \(new) new, \(moved) moved, \(offline) offline"
        return line
    }

    /// A duration as seconds with two decimals, e.g. `1.84`.
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let hundredths = seconds * 100 + Int64((Double(attoseconds) / 1e16).rounded())
        let whole = hundredths / 100
        let fraction = hundredths % 100
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Sorts entries by numeric address (text order for anything that is not IPv4).
    static func byAddress(_ a: String, _ b: String) -> Bool {
        switch (IPv4Address(a), IPv4Address(b)) {
        case (let x?, let y?): x < y
        case (.some, nil): true
        case (nil, .some): false
        case (nil, nil): a < b
        }
    }
}
