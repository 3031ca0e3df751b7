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
    /// From the cycle's start until every miner that answers had its result written, on the
    /// poller's clock: the cycle's length as the fleet's data sees it. Miners whose previous
    /// poll timed out do not hold it up (see ``late``).
    public var elapsed: Duration
    /// Miners decided after the cycle's results were written: they had timed out in the
    /// previous cycle too and were still unanswered when every other miner was done, so their
    /// outcome (usually another timeout at their deadline) was written separately.
    public var late: Int
    /// From the cycle's start until its last miner was decided and written (equal to
    /// ``elapsed`` when no miner was late).
    public var settled: Duration
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
        timedOut: Int = 0, failed: Int = 0, unreachable: Int = 0, skipped: Int = 0, wentOffline: Int = 0,
        late: Int = 0, settled: Duration? = nil
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
        self.late = late
        self.settled = settled ?? elapsed
    }

    /// The line operators grep for, e.g.
    /// `status poll completed in 0.84 s: 1000 miners, 995 ok, 3 timed out, 2 failed, 0 skipped`,
    /// followed by `(3 late, decided by 10.00 s)` when some miners were late.
    public var logLine: String {
        "\(poll) poll completed in \(Self.seconds(elapsed)) s: \(miners) miners, \(ok) ok, \(timedOut) timed out, "
            + "\(failed) failed, \(skipped) skipped"
            + (late > 0 ? " (\(late) late, decided by \(Self.seconds(settled)) s)" : "")
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
