import Foundation

/// What one poll cycle did: how many miners it covered, how each poll ended, how long it took.
///
/// Every miner the cycle considered is in exactly one of `ok`, `timedOut`, `failed` and
/// `skipped`, so `miners == ok + timedOut + failed + skipped`.
public struct CycleReport: Sendable, Hashable, CustomStringConvertible {
    /// Which poller ran the cycle, as it appears in the log line ("status", "telemetry").
    public var poll: String
    /// When the cycle started (the time stamped on the samples it wrote).
    public var startedAt: UnixMillis
    /// From the cycle's start until its last miner was decided and its results were written,
    /// on the poller's clock.
    public var elapsed: Duration
    /// Miners the cycle considered.
    public var miners: Int
    /// Polls that returned a reading.
    public var ok: Int
    /// Polls that hit the per-miner deadline or whose transport timed out.
    public var timedOut: Int
    /// Polls that failed in any other way (unreachable, refused, unexpected answer...).
    public var failed: Int
    /// Of `failed`, those whose miner could not be reached.
    public var unreachable: Int
    /// Miners not polled because a request to them was still in flight (from the previous
    /// cycle or from another part of the host).
    public var skipped: Int
    /// Miners that went offline in this cycle (their consecutive misses reached the limit).
    public var wentOffline: Int

    /// Creates a report.
    public init(
        poll: String, startedAt: UnixMillis, elapsed: Duration = .zero, miners: Int = 0, ok: Int = 0,
        timedOut: Int = 0, failed: Int = 0, unreachable: Int = 0, skipped: Int = 0, wentOffline: Int = 0
    ) {
        self.poll = poll
        self.startedAt = startedAt
        self.elapsed = elapsed
        self.miners = miners
        self.ok = ok
        self.timedOut = timedOut
        self.failed = failed
        self.unreachable = unreachable
        self.skipped = skipped
        self.wentOffline = wentOffline
    }

    /// The line operators grep for, e.g.
    /// `status poll completed in 0.84 s: 1000 miners, 995 ok, 3 timed out, 2 failed, 0 skipped`.
    public var logLine: String {
        "\(poll) poll completed in \(Self.seconds(elapsed)) s: \(miners) miners, \(ok) ok, \(timedOut) timed out, "
            + "\(failed) failed, \(skipped) skipped"
    }

    /// Same as `logLine`.
    public var description: String { logLine }

    /// A duration as seconds with two decimals ("0.84", "12.00").
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return String(format: "%.2f", value)
    }
}
