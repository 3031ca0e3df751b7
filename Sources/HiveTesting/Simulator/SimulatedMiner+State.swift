import HiveProtocols

/// A simulated miner's mutable state (held under its lock).
struct MinerState: Sendable {
    /// A change in progress: until `until`, the miner shows `shows`, then runs its configured
    /// setting.
    struct Transition: Sendable {
        var until: Duration
        var shows: SimulatedMiner.Activity
    }

    /// The setting its power and hash rate follow now.
    var active: PowerSetting
    /// The setting it has been told to run.
    var configured: PowerSetting
    /// Whether it is asleep now.
    var asleep = false
    /// Whether it has been told to sleep.
    var configuredAsleep = false
    var transition: Transition?
    /// A setting was saved that only a mining restart applies (VNish `restart_required`).
    var restartRequired = false
    var rebootUntil: Duration?
    /// When it last finished booting (negative: before the simulation started).
    var bootedAt: Duration
    var bootCount = 0
    /// When its activity last changed.
    var stateSince: Duration
    var locate = false
    var faults: Set<FaultKind>
    /// Its home address.
    var address: String
    /// Where a `move` miner goes after `FaultSettings.moveAfter`.
    var moveTo: String?
    /// Ports bound per address (firmware port → real port).
    var boundPorts: [String: [Int: Int]] = [:]
    var commands: [ControlRecord] = []
    var requests: UInt64 = 0
    var concurrency = RequestConcurrency()

    /// Applies whatever has come due by `now`.
    mutating func settle(at now: Duration) {
        if let transition, now >= transition.until {
            active = configured
            asleep = configuredAsleep
            self.transition = nil
            stateSince = transition.until
        }
        if let rebootUntil, now >= rebootUntil {
            self.rebootUntil = nil
            stateSince = max(stateSince, rebootUntil)
        }
    }

    /// The activity at `now` (after `settle`).
    func activity(at now: Duration) -> SimulatedMiner.Activity {
        if let rebootUntil, now < rebootUntil { return .rebooting }
        if let transition { return transition.shows }
        return asleep ? .sleeping : .mining
    }
}

extension SimulatedMiner {
    /// Runs `body` on the state, settled at the current clock time.
    func withState<T>(_ body: (inout MinerState, Duration) -> T) -> T {
        let now = clock.now
        return state.withLockedValue { state in
            state.settle(at: now)
            return body(&state, now)
        }
    }

    /// Records a control command (for the ground truth).
    func record(_ command: MinerCommand?, _ request: String, address: String) {
        withState { state, now in
            state.commands.append(
                ControlRecord(time: now, miner: index, address: address, command: command, request: request))
        }
    }

    /// Tells the miner to run `setting`: read back at once, effective after `delay`, showing
    /// `shows` meanwhile. A change already in progress is replaced.
    func configure(_ setting: PowerSetting, delay: Duration, shows: Activity) {
        withState { state, now in
            state.configured = setting
            state.restartRequired = false
            Self.begin(&state, now: now, delay: delay, shows: shows)
        }
    }

    /// Saves `setting` without applying it: only ``restart(delay:shows:)`` will.
    func save(_ setting: PowerSetting) {
        withState { state, _ in
            state.configured = setting
            state.restartRequired = state.configured != state.active
        }
    }

    /// Restarts mining: the configured setting (and waking) takes effect after `delay`.
    func restart(delay: Duration, shows: Activity) {
        withState { state, now in
            state.restartRequired = false
            state.configuredAsleep = false
            Self.begin(&state, now: now, delay: delay, shows: shows)
        }
    }

    /// Puts the miner to sleep (`true`) or wakes it (`false`) after `delay`.
    func setAsleep(_ asleep: Bool, delay: Duration, shows: Activity) {
        withState { state, now in
            guard state.configuredAsleep != asleep || state.asleep != asleep else { return }
            state.configuredAsleep = asleep
            Self.begin(&state, now: now, delay: delay, shows: shows)
        }
    }

    /// Reboots: offline for `timing.reboot`, then running its configured setting; asleep
    /// afterwards only if `keepsSleep` (a persisted work mode) and it was told to sleep.
    func reboot(keepsSleep: Bool) {
        withState { state, now in
            let until = now + timing.reboot
            state.active = state.configured
            state.restartRequired = false
            state.configuredAsleep = keepsSleep && state.configuredAsleep
            state.asleep = state.configuredAsleep
            state.transition = nil
            state.rebootUntil = until
            state.bootedAt = until
            state.bootCount += 1
            state.stateSince = now
            state.locate = false
        }
    }

    /// Turns the locate light on or off.
    func setLocate(_ on: Bool) {
        withState { state, _ in state.locate = on }
    }

    private static func begin(_ state: inout MinerState, now: Duration, delay: Duration, shows: Activity) {
        state.stateSince = now
        if delay <= .zero {
            state.active = state.configured
            state.asleep = state.configuredAsleep
            state.transition = nil
        } else {
            state.transition = MinerState.Transition(until: now + delay, shows: shows)
        }
    }
}
