/// How long a simulated miner takes to carry out control commands, in clock time.
///
/// A command changes the miner's setting at once (what the firmware reads back) but its power
/// and hash rate only after the delay; meanwhile the firmware shows its transitional state
/// (VNish `auto-tuning`, `initializing`). Each personality has its own defaults.
public struct ControlTiming: Sendable, Hashable {
    /// A mode change or any other setting change.
    public var change: Duration
    /// Sleep / pause: fast.
    public var sleep: Duration
    /// Waking from sleep.
    public var wake: Duration
    /// Re-tuning to a new preset: slow.
    public var retune: Duration
    /// How long a reboot keeps the miner offline.
    public var reboot: Duration

    /// Creates a timing; the defaults are the generic ones (20 s changes, 5 s sleep).
    public init(
        change: Duration = .seconds(20), sleep: Duration = .seconds(5), wake: Duration = .seconds(20),
        retune: Duration = .seconds(60), reboot: Duration = .seconds(90)
    ) {
        self.change = change
        self.sleep = sleep
        self.wake = wake
        self.retune = retune
        self.reboot = reboot
    }

    /// The same delay for every command (reboot included), e.g. `.zero` for tests that do not
    /// care about transitions.
    public static func uniform(_ delay: Duration) -> ControlTiming {
        ControlTiming(change: delay, sleep: delay, wake: delay, retune: delay, reboot: delay)
    }
}
